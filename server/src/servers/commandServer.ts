/**
 * A server started by a user's shell command for one run (`scansion.server.startCommand`,
 * e.g. a project's own script) and stopped after it, whatever happened. The process's life
 * (own group, stop by group, exit description) is serverProcess.ts's; this adds the
 * command's rules: ready once host:port accepts TCP, an optional stop command.
 *
 * Invariants: the run starts only once host:port accepts TCP; `stop` is idempotent and never throws.
 */
import { acceptsTcp, delay, describeExit, ServerProcess, waitUntilReady, within } from "./serverProcess";

import { ServerStartError } from "./serverStartError";

export { acceptsTcp } from "./serverProcess";
export { ServerStartError } from "./serverStartError";

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

/** The server a start command started; `stop` runs the stop command, then ends what is left of the command's process group. */
export interface CommandStartedServer {
  /** Pid of the start command (the leader of its process group). */
  readonly pid: number | undefined;
  stop(): Promise<void>;
}

const POLL_INTERVAL_MS = 100;
const STOP_GRACE_MS = 5000;
const STOP_COMMAND_TIMEOUT_MS = 15000;

function launch(command: string, cwd: string, output: (text: string) => void): ServerProcess {
  output(`$ ${command}\n`);
  const started = ServerProcess.start({ command, shell: true, cwd, output });
  void started.exited.then((exit) => { if (exit.error !== undefined) output(`${exit.error}\n`); });
  return started;
}

/**
 * Starts the server and waits until it accepts TCP. Throws ServerStartError
 * (after cleaning up) when something else already listens there, when the
 * command fails, when the port does not open in time, or when `signal` aborts.
 */
export async function startServer(commands: ServerCommands, signal?: AbortSignal): Promise<CommandStartedServer> {
  const { host, port } = commands;
  if (await acceptsTcp(host, port)) {
    throw new ServerStartError(`something already accepts connections on ${host}:${port}; stop it, or unset scansion.server.startCommand to run against it`);
  }
  const process = launch(commands.startCommand, commands.cwd, commands.output);
  const server = new CommandServer(process, commands);
  // A start command that puts the server in the background exits with 0 and the port opens later.
  const failedExit = () => (process.exit !== undefined && (process.exit.code !== 0 || process.exit.error !== undefined) ? process.exit : undefined);
  const outcome = await waitUntilReady(process, async () => (await acceptsTcp(host, port)) || failedExit() !== undefined, {
    timeoutMs: commands.readyTimeoutMs, pollMs: POLL_INTERVAL_MS, outlivedByServer: true, ...(signal ? { signal } : {}),
  });
  const failed = failedExit();
  let reason: string | undefined;
  if (failed) reason = `the start command ${describeExit(failed)} before ${host}:${port} accepted connections`;
  else if (outcome === "aborted") reason = "the run was cancelled while the server was starting";
  else if (outcome === "timeout") reason = `${host}:${port} did not accept connections within ${commands.readyTimeoutMs} ms of starting the server`;
  if (reason !== undefined) {
    await server.stop();
    throw new ServerStartError(reason);
  }
  return server;
}

class CommandServer implements CommandStartedServer {
  private stopping: Promise<void> | undefined;

  constructor(private readonly process: ServerProcess, private readonly commands: ServerCommands) {}

  get pid(): number | undefined {
    return this.process.pid;
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
      const finished = await within(stopper.exited, STOP_COMMAND_TIMEOUT_MS);
      if (finished === undefined) {
        output(`the stop command did not finish within ${STOP_COMMAND_TIMEOUT_MS} ms; ending it\n`);
        stopper.killNow();
      } else if (finished.code !== 0) {
        output(`the stop command ${describeExit(finished)}\n`);
      }
      await stopper.stop(STOP_GRACE_MS);
    }
    // Whatever the start command left in its process group goes too.
    await this.process.stop(STOP_GRACE_MS, (line) => output(`${line}\n`));
    await this.waitUntilClosed();
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
