// Starts a throwaway Prosody 0.12 (Debian's `prosody`) for tests, the demo, the benchmark
// and the conformance run: free loopback ports, a scratch directory, readiness = prosody.pid
// exists AND the client port answers a stream header, stop by pid. A process "exit"
// hook (and SIGINT/SIGTERM/SIGHUP while a server runs) kills servers that were not stopped.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { DEFAULT_RUN_SETTINGS, type RunSettings } from "../runner/settings";

export const PROSODY_INSTALL_HINT =
  "Prosody is not installed: install Prosody 0.12 (Debian/Ubuntu: `sudo apt-get install prosody`, or run `node scripts/ensure-prosody.mjs` as root) and try again.";

const LOOPBACK = "127.0.0.1";
const SERVICE_USER = "prosody";
const LOG_LINES_IN_ERRORS = 12;

export interface StartProsodyOptions {
  /** Config to run (absolute or relative to the current directory); default: the project's testFixture/prosody/prosody.cfg.lua. */
  readonly configPath?: string;
  /** Give up when the server is not ready within this time. Default 10 000 ms. */
  readonly startTimeoutMs?: number;
  /** stop() sends SIGKILL when SIGTERM has not ended the server within this time. Default 5 000 ms. */
  readonly stopTimeoutMs?: number;
  /** Extra environment for the server (SCS_C2S_PORT, SCS_HTTP_PORT and SCS_PROSODY_LOG are always set). */
  readonly env?: Readonly<Record<string, string>>;
}

export interface ThrowawayProsody {
  /** Loopback address every port is bound to. */
  readonly host: string;
  readonly c2sPort: number;
  readonly httpPort: number;
  /** Pid of the Prosody process (from prosody.pid). */
  readonly pid: number;
  /** Scratch directory (the server's working directory); removed by stop(). */
  readonly directory: string;
  /** Prosody's log, with its stdout and stderr. */
  readonly logFile: string;
  readonly configPath: string;
  /** SIGTERM, wait for the exit (SIGKILL after the deadline), remove the directory. Idempotent. */
  stop(): Promise<void>;
}

/** Start failure; the process is ended, the directory (and its log) kept for inspection. */
export class ProsodyStartError extends Error {
  override readonly name = "ProsodyStartError";
  constructor(
    message: string,
    readonly logFile: string,
    readonly directory: string,
    /** Prosody's pid, when it had written one. */
    readonly pid: number | undefined,
  ) {
    super(message);
  }
}

/** Path of the `prosody` executable, if there is one. */
export function findProsody(): string | undefined {
  return findExecutable("prosody");
}

export function isProsodyInstalled(): boolean {
  return findProsody() !== undefined;
}

/** The project's own server config (testFixture/prosody/prosody.cfg.lua), found from this module upwards. */
export function projectProsodyConfig(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "testFixture", "prosody", "prosody.cfg.lua");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`testFixture/prosody/prosody.cfg.lua not found above ${__dirname}`);
  }
}

export async function startProsody(options: StartProsodyOptions = {}): Promise<ThrowawayProsody> {
  const prosody = findProsody();
  if (!prosody) throw new Error(PROSODY_INSTALL_HINT);
  const configPath = path.resolve(options.configPath ?? projectProsodyConfig());
  if (!fs.existsSync(configPath)) throw new Error(`Prosody config not found: ${configPath}`);
  const startTimeoutMs = options.startTimeoutMs ?? 10_000;

  const [c2sPort, httpPort] = await freeLoopbackPorts(2) as [number, number];
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-prosody-"));
  const logFile = path.join(directory, "prosody.log");
  const owner = serviceAccount();
  const logFd = fs.openSync(logFile, "a");
  if (owner) {
    fs.chownSync(directory, owner.uid, owner.gid);
    fs.fchownSync(logFd, owner.uid, owner.gid);
  }
  const runuser = owner ? findExecutable("runuser") : undefined;
  const [command, args] = owner && runuser
    ? [runuser, ["-u", SERVICE_USER, "--", prosody, "--config", configPath]]
    : [prosody, ["--config", configPath]];
  let child: ChildProcess;
  try {
    // Detached, with no pipe shared with us: nothing can keep a caller's output open.
    child = spawn(command, args, {
      cwd: directory,
      env: { ...process.env, ...options.env, SCS_C2S_PORT: String(c2sPort), SCS_HTTP_PORT: String(httpPort), SCS_PROSODY_LOG: logFile },
      stdio: ["ignore", logFd, logFd],
      detached: true,
    });
  } finally {
    fs.closeSync(logFd);
  }
  child.unref();
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.on("error", () => resolve()); // spawn failure: no exit event follows
  });
  const server = new RunningServer(child, exited, directory, options.stopTimeoutMs ?? 5_000);
  track(server);

  const pidFile = path.join(directory, "prosody.pid");
  const where = `${LOOPBACK}:${c2sPort}`;
  const fail = async (reason: string): Promise<never> => {
    await server.kill();
    throw new ProsodyStartError(
      `Prosody (config ${configPath}) ${reason}; log ${logFile} ends with:\n${lastLines(logFile)}`,
      logFile, directory, server.pid);
  };
  const deadline = Date.now() + startTimeoutMs;
  for (;;) {
    if (server.hasExited()) return fail(`exited (${describeExit(child)}) before it was ready`);
    const pid = readPid(pidFile);
    if (pid !== undefined) server.pid = pid;
    if (pid !== undefined && await answersXmpp(LOOPBACK, c2sPort, deadline)) {
      if (fs.readFileSync(logFile, "utf8").includes("Failed to open server port")) return fail(`could not open its ports (c2s ${where}, http ${httpPort})`);
      return {
        host: LOOPBACK, c2sPort, httpPort, pid, directory, logFile, configPath,
        stop: () => server.stop(),
      };
    }
    if (Date.now() > deadline) {
      const missing = pid === undefined ? "no prosody.pid" : `nothing answers XMPP on ${where} (does the config read SCS_C2S_PORT?)`;
      return fail(`was not ready after ${startTimeoutMs} ms: ${missing}`);
    }
    // The next readiness event (port open, pid written) cannot be watched directly; check again shortly.
    await Promise.race([delay(25), exited]);
  }
}

/** A detached server process stopped by pid (shared with throwawayEjabberd.ts). */
export class RunningServer {
  pid: number | undefined;
  #exited = false;
  #stopping: Promise<void> | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly exited: Promise<void>,
    readonly directory: string,
    readonly stopTimeoutMs: number,
  ) {
    void exited.then(() => { this.#exited = true; });
  }

  hasExited(): boolean {
    return this.#exited;
  }

  stop(): Promise<void> {
    this.#stopping ??= this.#terminate().finally(() => {
      fs.rmSync(this.directory, { recursive: true, force: true });
      untrack(this);
    });
    return this.#stopping;
  }

  /** Ends the processes but keeps the directory (used when start fails, so its log stays readable). */
  async kill(): Promise<void> {
    this.#stopping ??= this.#terminate().finally(() => untrack(this));
    return this.#stopping;
  }

  async #terminate(): Promise<void> {
    if (this.#exited) return;
    this.child.ref(); // keep Node alive until the exit is seen
    this.signal("SIGTERM");
    const killer = setTimeout(() => this.signal("SIGKILL"), this.stopTimeoutMs);
    await this.exited;
    clearTimeout(killer);
  }

  /** Signals Prosody by pid and, when it runs under runuser, runuser too (for SIGKILL). */
  signal(signal: NodeJS.Signals): void {
    const targets = new Set([this.pid ?? this.child.pid]);
    if (signal === "SIGKILL" || this.pid === undefined) targets.add(this.child.pid);
    for (const pid of targets) {
      if (pid === undefined) continue;
      try {
        process.kill(pid, signal);
      } catch {
        // already gone
      }
    }
  }
}

// Safety net: servers still running when this process ends are killed by pid.
const running = new Set<RunningServer>();
const EXIT_SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function killAllNow(): void {
  for (const server of running) {
    server.signal("SIGKILL");
    fs.rmSync(server.directory, { recursive: true, force: true });
  }
  running.clear();
}

function onExitSignal(signal: NodeJS.Signals): void {
  killAllNow();
  setSignalHandlers(false);
  // Without other handlers, end the way the signal would have ended us.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function setSignalHandlers(installed: boolean): void {
  for (const signal of EXIT_SIGNALS) {
    if (installed) process.on(signal, onExitSignal);
    else process.off(signal, onExitSignal);
  }
}

export function track(server: RunningServer): void {
  if (running.size === 0) {
    process.on("exit", killAllNow);
    setSignalHandlers(true);
  }
  running.add(server);
}

function untrack(server: RunningServer): void {
  if (!running.delete(server) || running.size > 0) return;
  process.off("exit", killAllNow);
  setSignalHandlers(false);
}

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** The service account (`prosody` by default) to run a server as when we are root (Prosody warns when run as root). */
export function serviceAccount(user = SERVICE_USER): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let passwd: string;
  try {
    passwd = fs.readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  const fields = passwd.split("\n").map((line) => line.split(":")).find((entry) => entry[0] === user);
  return fields ? { uid: Number(fields[2]), gid: Number(fields[3]) } : undefined;
}

/** `count` different loopback ports that nothing listens on right now (bound by us, then closed). */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  // All listeners stay open until every port is known, so the ports differ.
  const servers = await Promise.all(Array.from({ length: count }, () => new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, LOOPBACK, () => resolve(server));
  })));
  const ports = servers.map((server) => (server.address() as net.AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  return ports;
}

/** One loopback port that nothing listens on right now: a server that is not there. */
export async function freeLoopbackPort(): Promise<number> {
  const [port] = await freeLoopbackPorts(1);
  return port!;
}

/** Run settings pointing at `server`, the rest as by default. */
export function prosodyRunSettings(server: ThrowawayProsody, overrides: Partial<RunSettings> = {}): RunSettings {
  return { ...DEFAULT_RUN_SETTINGS, host: server.host, port: server.c2sPort, ...overrides };
}

/**
 * True once the client port answers a stream header. Prosody listens (and writes its pid)
 * before it has activated every host and opened its HTTP port; the answer comes from its
 * event loop, so it also means start-up is complete. The probe stream is closed and its
 * close awaited: a SIGTERM that finds a session still open makes Prosody linger a second.
 */
export function answersXmpp(host: string, port: number, deadline: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let answered = false;
    const timer = setTimeout(() => socket.destroy(), Math.max(0, deadline - Date.now()));
    socket.once("connect", () => socket.write(
      "<?xml version='1.0'?><stream:stream to='localhost' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"));
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

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(pidFile, "utf8").trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function lastLines(file: string): string {
  try {
    const lines = fs.readFileSync(file, "utf8").trimEnd().split("\n");
    return lines.slice(-LOG_LINES_IN_ERRORS).map((line) => `  | ${line}`).join("\n") || "  | (empty)";
  } catch {
    return "  | (no log)";
  }
}

export function describeExit(child: ChildProcess): string {
  if (child.signalCode) return `signal ${child.signalCode}`;
  return child.exitCode === null ? "could not be started" : `code ${child.exitCode}`;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
