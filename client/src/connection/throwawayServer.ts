/**
 * A server started for one run (`scansion.server.startCommand`, e.g. Prosody
 * with a project's test config) and stopped after it, whatever happened.
 * Node only (no `vscode`): tested with a real child process.
 *
 * Invariants: the run starts only once host:port accepts TCP; the start
 * command runs in its own process group so stopping it by pid also ends what
 * it spawned; `stop` is idempotent and never throws.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "node:net";
import * as path from "node:path";

export interface ServerCommands {
  readonly startCommand: string;
  /** Run to stop the server (needed when the start command puts it in the background); else the start command's process group is ended. */
  readonly stopCommand: string | undefined;
  readonly cwd: string;
  /** Where the server must accept TCP before the run starts. */
  readonly host: string;
  readonly port: number;
  readonly readyTimeoutMs: number;
  /** Receives the commands' output as it comes. */
  readonly output: (text: string) => void;
}

export class ServerStartError extends Error {
  override readonly name = "ServerStartError";
}

export interface RunningServer {
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

/**
 * The config file a start command hands to the server (`--config FILE`,
 * `--config=FILE` or `-c FILE`, as prosody and prosodyctl take it), resolved
 * against the folder the command runs in; undefined when it names none.
 */
export function configFileOfCommand(command: string | undefined, folder: string): string | undefined {
  if (command === undefined) return undefined;
  const expanded = command.replaceAll("${workspaceFolder}", folder);
  const value = String.raw`(?:"([^"]+)"|'([^']+)'|([^\s;&|"']+))`;
  // `-c` only before a Lua file: in `sh -c "…"` it is the shell's, and the config is the --config inside.
  const long = new RegExp(String.raw`(?:^|[\s"'])--config(?:=|\s+)${value}`).exec(expanded);
  const short = long ? null : new RegExp(String.raw`(?:^|\s)-c\s+${value}`).exec(expanded);
  const found = long ?? short;
  const file = found?.[1] ?? found?.[2] ?? found?.[3];
  return file === undefined || (short && !file.endsWith(".lua")) ? undefined : path.resolve(folder, file);
}

const POLL_INTERVAL_MS = 100;
const PROBE_TIMEOUT_MS = 500;
const STOP_GRACE_MS = 5000;
const STOP_COMMAND_TIMEOUT_MS = 15000;

/** Resolves true when a TCP connection to host:port succeeds. */
export function acceptsTcp(host: string, port: number, timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (accepted: boolean) => {
      socket.destroy();
      resolve(accepted);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

function launch(command: string, cwd: string, output: (text: string) => void): { child: ChildProcess; exited: Promise<Exit> } {
  output(`$ ${command}\n`);
  const child = spawn(command, {
    shell: true,
    cwd,
    // Its own process group: stopping by pid reaches the shell's children too.
    detached: process.platform !== "win32",
    stdio: ["ignore", "pipe", "pipe"],
    windowsHide: true,
  });
  child.stdout?.setEncoding("utf8").on("data", output);
  child.stderr?.setEncoding("utf8").on("data", output);
  const exited = new Promise<Exit>((resolve) => {
    child.once("exit", (code, signal) => resolve({ code, signal }));
    child.once("error", (error) => {
      output(`${error.message}\n`);
      resolve({ code: -1, signal: null });
    });
  });
  return { child, exited };
}

function describeExit(exit: Exit): string {
  return exit.signal ? `was ended by ${exit.signal}` : `exited with code ${exit.code}`;
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
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

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    if (process.platform === "win32") child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Whether any process of the child's group is still there (on Windows there are no groups: its own exit says it). */
function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined || process.platform === "win32") return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts the server and waits until it accepts TCP. Throws ServerStartError
 * (after cleaning up) when something else already listens there, when the
 * command fails, when the port does not open in time, or when `signal` aborts.
 */
export async function startServer(commands: ServerCommands, signal?: AbortSignal): Promise<RunningServer> {
  const { host, port, output } = commands;
  if (await acceptsTcp(host, port)) {
    throw new ServerStartError(`something already accepts connections on ${host}:${port}; stop it, or unset scansion.server.startCommand to run against it`);
  }
  const { child, exited } = launch(commands.startCommand, commands.cwd, output);
  let exit: Exit | undefined;
  void exited.then((value) => { exit = value; });
  const server = new StartedServer(child, exited, commands);

  const deadline = performance.now() + commands.readyTimeoutMs;
  for (;;) {
    if (await acceptsTcp(host, port)) return server;
    // A start command that puts the server in the background exits with 0 and the port opens later.
    const failed = exit !== undefined && exit.code !== 0 ? exit : undefined;
    let reason: string | undefined;
    if (failed) reason = `the start command ${describeExit(failed)} before ${host}:${port} accepted connections`;
    else if (signal?.aborted) reason = "the run was cancelled while the server was starting";
    else if (performance.now() >= deadline) reason = `${host}:${port} did not accept connections within ${commands.readyTimeoutMs} ms of starting the server`;
    if (reason !== undefined) {
      await server.stop();
      throw new ServerStartError(reason);
    }
    await delay(POLL_INTERVAL_MS, signal);
  }
}

class StartedServer implements RunningServer {
  private stopping: Promise<void> | undefined;

  constructor(private readonly child: ChildProcess, private readonly exited: Promise<Exit>, private readonly commands: ServerCommands) {}

  get pid(): number | undefined {
    return this.child.pid;
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopOnce().catch((error: unknown) => {
      this.commands.output(`stopping the server failed: ${error instanceof Error ? error.message : String(error)}\n`);
    });
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    const { stopCommand, cwd, output } = this.commands;
    if (stopCommand !== undefined) {
      const stopper = launch(stopCommand, cwd, output);
      const finished = await Promise.race([stopper.exited, delay(STOP_COMMAND_TIMEOUT_MS).then(() => undefined)]);
      if (finished === undefined) {
        output(`the stop command did not finish within ${STOP_COMMAND_TIMEOUT_MS} ms; ending it\n`);
        signalGroup(stopper.child, "SIGKILL");
      } else if (finished.code !== 0) {
        output(`the stop command ${describeExit(finished)}\n`);
      }
    }
    // Whatever the start command left in its process group goes too. The shell can exit before
    // what it started has: the server has stopped once the whole group is gone.
    signalGroup(this.child, "SIGTERM");
    if (!(await this.groupEnded(STOP_GRACE_MS))) {
      output(`the server did not stop within ${STOP_GRACE_MS} ms of SIGTERM; killing it\n`);
      signalGroup(this.child, "SIGKILL");
      await this.groupEnded(STOP_GRACE_MS);
    }
    await this.waitUntilClosed();
  }

  /** True once the start command and every process left in its group have ended; false after `waitMs`. */
  private async groupEnded(waitMs: number): Promise<boolean> {
    const exited = await Promise.race([this.exited, delay(waitMs).then(() => undefined)]);
    if (exited === undefined) return false;
    // No event tells when the last process of a group has gone: look until none is left.
    const deadline = performance.now() + waitMs;
    while (groupAlive(this.child)) {
      if (performance.now() >= deadline) return false;
      await delay(POLL_INTERVAL_MS);
    }
    return true;
  }

  /** The next run may start a server on the same port: wait until this one let go of it. */
  private async waitUntilClosed(): Promise<void> {
    const { host, port, output } = this.commands;
    const deadline = performance.now() + STOP_GRACE_MS;
    while (await acceptsTcp(host, port)) {
      if (performance.now() >= deadline) {
        output(`${host}:${port} still accepts connections after the server was stopped; ${this.commands.stopCommand ? "check scansion.server.stopCommand" : "if the start command puts the server in the background, set scansion.server.stopCommand"}\n`);
        return;
      }
      await delay(POLL_INTERVAL_MS);
    }
    output(`the server on ${host}:${port} has stopped\n`);
  }
}
