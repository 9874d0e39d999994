/**
 * The life of a throwaway server process, one implementation for every front end (CLI,
 * extension, tests, demo, bench): start in its own process group with no pipe shared with
 * the caller (output to a file or a callback), wait for readiness, describe how it ended,
 * and stop the whole group (SIGTERM, SIGKILL after a grace period). While a server runs,
 * signal-exit's hook kills what is left when this process ends, by exit or by a signal.
 */
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { onExit, signals } from "signal-exit";

export interface ServerExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all (e.g. ENOENT). */
  readonly error?: string;
}

/** What every throwaway XMPP server of ours (Prosody, ejabberd) tells its caller once it is ready. */
export interface ThrowawayServer {
  /** Loopback address every port is bound to. */
  readonly host: string;
  readonly c2sPort: number;
  /** The HTTP port (Prosody's upload and BOSH, ejabberd's API). */
  readonly httpPort: number;
  /** Pid of the server process itself (from its pid file), not of a wrapper such as runuser. */
  readonly pid: number;
  /** Scratch folder (config, data, pid file, log); removed by stop(). */
  readonly directory: string;
  readonly logFile: string;
  /** Ends the server (its whole process group) and removes the folder. Idempotent. */
  stop(): Promise<void>;
}

export interface ServerProcessOptions {
  readonly command: string;
  readonly args?: readonly string[];
  /** Run `command` through the shell (a user's start command). */
  readonly shell?: boolean;
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Where stdout and stderr go: appended to a file, or handed over as text. */
  readonly output: { readonly file: string; readonly owner?: { uid: number; gid: number } } | ((text: string) => void);
}

const DEFAULT_GRACE_MS = 5000;
const GROUP_POLL_MS = 25;

export function describeExit(exit: ServerExit): string {
  if (exit.error !== undefined) return `could not be started (${exit.error})`;
  return exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
}

export class ServerProcess {
  #exit: ServerExit | undefined;
  #stopping: Promise<void> | undefined;
  /** Resolves when the started process (the group leader) has ended. */
  readonly exited: Promise<ServerExit>;

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise<ServerExit>((resolve) => {
      child.once("exit", (code, signal) => resolve({ code, signal }));
      child.once("error", (error) => resolve({ code: null, signal: null, error: error.message }));
    }).then((exit) => {
      this.#exit = exit;
      return exit;
    });
  }

  static start(options: ServerProcessOptions): ServerProcess {
    const output = options.output;
    const fd = typeof output === "function" ? undefined : fs.openSync(output.file, "a");
    if (fd !== undefined && typeof output !== "function" && output.owner) fs.fchownSync(fd, output.owner.uid, output.owner.gid);
    let child: ChildProcess;
    try {
      child = spawn(options.command, [...(options.args ?? [])], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        shell: options.shell ?? false,
        // Its own process group (stopping by group reaches what it started); with no pipe
        // shared with the caller when the output goes to a file.
        detached: process.platform !== "win32",
        stdio: fd === undefined ? ["ignore", "pipe", "pipe"] : ["ignore", fd, fd],
        windowsHide: true,
      });
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
    if (typeof output === "function") {
      child.stdout?.setEncoding("utf8").on("data", output);
      child.stderr?.setEncoding("utf8").on("data", output);
    } else {
      child.unref();
    }
    const server = new ServerProcess(child);
    track(server);
    void server.exited.then(() => { if (!server.groupAlive()) untrack(server); });
    return server;
  }

  /** Pid of the started process, the leader of its process group. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** How it ended, once it has. */
  get exit(): ServerExit | undefined {
    return this.#exit;
  }

  /** Whether any process of the group is still there. */
  groupAlive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    if (process.platform === "win32") return this.#exit === undefined;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  signalGroup(signal: NodeJS.Signals): void {
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      if (process.platform === "win32") this.child.kill(signal);
      else process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /**
   * SIGTERM to the group, SIGKILL when it has not ended within `graceMs`; resolves once no
   * process of the group is left. Idempotent, never throws; `log` hears about the SIGKILL.
   */
  stop(graceMs = DEFAULT_GRACE_MS, log?: (line: string) => void): Promise<void> {
    this.#stopping ??= this.#stopOnce(graceMs, log).finally(() => untrack(this));
    return this.#stopping;
  }

  /**
   * The server's own pid when it runs under a wrapper in the group (runuser): stop() sends
   * SIGTERM to it alone, and the wrapper ends with it (runuser given SIGTERM itself waits
   * 2 s before it kills its child). SIGKILL still goes to the whole group.
   */
  mainPid: number | undefined;

  async #stopOnce(graceMs: number, log: ((line: string) => void) | undefined): Promise<void> {
    if (!this.groupAlive() && this.#exit !== undefined) return;
    this.child.ref(); // keep Node alive until the end is seen
    if (this.mainPid !== undefined) signalPid(this.mainPid, "SIGTERM");
    else this.signalGroup("SIGTERM");
    if (await this.#groupEnded(graceMs)) return;
    log?.(`the server did not stop within ${graceMs} ms of SIGTERM; killing it`);
    this.signalGroup("SIGKILL");
    await this.#groupEnded(graceMs);
  }

  /** True once the leader and every process left in its group have ended; false after `waitMs`. */
  async #groupEnded(waitMs: number): Promise<boolean> {
    const deadline = performance.now() + waitMs;
    if (await within(this.exited, waitMs) === undefined) return false;
    // No event tells when the last process of a group has gone: look until none is left.
    while (this.groupAlive()) {
      if (performance.now() >= deadline) return false;
      await delay(GROUP_POLL_MS);
    }
    return true;
  }

  /** Kills the whole group at once (the process is ending). */
  killNow(): void {
    this.signalGroup("SIGKILL");
  }

  /**
   * On a signal its owner handles (the CLI's Ctrl-C), SIGTERM instead of SIGKILL and the scratch
   * folder kept: a Prosody collecting coverage writes its counts then and exits at once, and its
   * owner's stop() reads them. Ended either way, so a second Ctrl-C leaves no server behind.
   */
  gentleOnHandledSignal = false;
}

/**
 * Polls `isReady` until it says yes; stops early when the process ends or `signal` aborts.
 * Readiness (a port that opens, a pid file that appears) has no event to wait for.
 */
export async function waitUntilReady(
  server: ServerProcess,
  isReady: (deadline: number) => Promise<boolean>,
  options: {
    readonly timeoutMs: number;
    readonly pollMs?: number;
    readonly signal?: AbortSignal;
    /** Keep waiting after the group has ended (a command that starts the server in the background). */
    readonly outlivedByServer?: boolean;
  },
): Promise<"ready" | "exited" | "timeout" | "aborted"> {
  const deadline = Date.now() + options.timeoutMs;
  let ended: Promise<unknown> = server.exited;
  for (;;) {
    if (options.signal?.aborted) return "aborted";
    if (await isReady(deadline)) return "ready";
    if (server.exit !== undefined && !server.groupAlive()) {
      if (!options.outlivedByServer) return "exited";
      ended = new Promise(() => undefined); // its end no longer shortens the wait
    }
    if (Date.now() >= deadline) return "timeout";
    await Promise.race([delay(options.pollMs ?? GROUP_POLL_MS, options.signal), ended]);
  }
}

/** Resolves true when a TCP connection to host:port succeeds. */
export function acceptsTcp(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/**
 * True once host:port answers an XMPP stream header. Prosody listens (and writes its pid)
 * before it has activated every host and opened its HTTP port; the answer comes from its
 * event loop, so it also means start-up is complete. The probe stream is closed and its
 * close awaited: a SIGTERM that finds a session still open makes Prosody linger a second.
 */
export function answersXmpp(host: string, port: number, deadline: number, domain = "localhost"): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let answered = false;
    const timer = setTimeout(() => socket.destroy(), Math.max(0, deadline - Date.now()));
    socket.once("connect", () => socket.write(
      `<?xml version='1.0'?><stream:stream to='${domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>`));
    socket.on("data", () => {
      if (answered) return;
      answered = true;
      socket.end("</stream:stream>");
    });
    socket.on("error", () => socket.destroy());
    socket.once("close", () => {
      clearTimeout(timer);
      resolve(answered);
    });
  });
}

/** The pid a server wrote into `pidFile`, once it has. */
export function readPid(pidFile: string): number | undefined {
  const pid = Number.parseInt(readTextOrEmpty(pidFile).trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The last lines of each log, indented, for a one-message start failure. */
export function logTail(files: readonly string[], linesPerFile = 12): string {
  const lines = files.flatMap((file) => readTextOrEmpty(file).trimEnd().split("\n").filter((line) => line !== "").slice(-linesPerFile));
  return lines.map((line) => `  | ${line}`).join("\n") || "  | (empty log)";
}

/** A file's text, or "" while it does not exist (a log not written yet). */
export function readTextOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** The promise's value, or undefined when it has not settled within `ms` (the timer never outlives the wait). */
export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<undefined>((resolve) => { timer = setTimeout(() => resolve(undefined), ms); })]);
  } finally {
    clearTimeout(timer);
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}

// Safety net: servers still running when this process ends are killed. signal-exit sees every
// way out (exit, process.exit, a signal such as Ctrl-C or SIGHUP); its hook is installed only
// while a server runs. It acts on a signal only when no other handler is left, and it reports
// an ending once per process: after a signal someone else handled (the CLI's Ctrl-C), a server
// started later is covered by its owner's stop(), no longer by this net.
const running = new Set<ServerProcess>();
const cleanups = new Map<ServerProcess, () => void>();
let removeExitHook: (() => void) | undefined;
/**
 * Signals that had a handler of someone else's when the hook was installed: the CLI's graceful
 * stop, a `once` handler, is already gone when signal-exit looks whether it is alone.
 */
let handledElsewhere = new Set<string>();

/** Runs `cleanup` (e.g. removing a scratch folder) when the safety net kills `server`. */
export function onForcedExit(server: ServerProcess, cleanup: () => void): void {
  cleanups.set(server, cleanup);
}

function killAllNow(signalHandledElsewhere: boolean): void {
  for (const server of running) {
    if (signalHandledElsewhere && server.gentleOnHandledSignal) {
      if (server.mainPid !== undefined) signalPid(server.mainPid, "SIGTERM");
      else server.signalGroup("SIGTERM");
      continue;
    }
    server.killNow();
    try {
      cleanups.get(server)?.();
    } catch {
      // best effort while the process ends
    }
  }
  // Not untrack(): the hook is not removed while signal-exit calls its handlers.
  for (const server of [...running]) {
    if (signalHandledElsewhere && server.gentleOnHandledSignal) continue;
    running.delete(server);
    cleanups.delete(server);
  }
}

/**
 * signal-exit re-raises the signal after its handlers unless one returns true: true when
 * someone else handles it, so the CLI finishes its own stop and exit code (130, 143).
 */
function onProcessEnd(_code: number | null | undefined, signal: NodeJS.Signals | null): true | void {
  const handled = signal !== null && handledElsewhere.has(signal);
  killAllNow(handled);
  if (handled) return true;
}

function track(server: ServerProcess): void {
  if (running.size === 0) {
    // The hook of a signal that fired is removed here, not while signal-exit calls its handlers.
    removeExitHook?.();
    handledElsewhere = new Set(signals.filter((signal) => process.listenerCount(signal) > 0));
    removeExitHook = onExit(onProcessEnd);
  }
  running.add(server);
}

function untrack(server: ServerProcess): void {
  cleanups.delete(server);
  if (!running.delete(server) || running.size > 0) return;
  removeExitHook?.();
  removeExitHook = undefined;
}
