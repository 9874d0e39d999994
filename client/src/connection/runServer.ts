/**
 * The optional throwaway server of a run (`scansion.server.startCommand`):
 * started before the default target's run, its output in the "Scansion
 * Server" output channel, stopped after the run (also on failure or cancel).
 * A start command never runs in an untrusted workspace.
 */
import * as vscode from "vscode";
import { readinessAddress, type ServerTarget } from "./targets";
import { startServer, type RunningServer } from "../../../server/src/prosody/commandServer";

const DEFAULT_START_TIMEOUT_MS = 20000;

export class RunServer implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  /** The previous run's server while it stops; the next one waits so that the port is free. */
  private stopping: Promise<void> = Promise.resolve();
  private readonly running = new Set<RunningServer>();

  /** Whether a run against this target starts a server first. */
  startsFor(target: ServerTarget): boolean {
    return target.isDefault && this.startCommand() !== undefined;
  }

  /**
   * Starts the server for a run against `target` and resolves once it
   * accepts TCP; undefined when no start command is configured for it.
   * Throws ServerStartError (with the output channel telling more).
   */
  async start(target: ServerTarget, workspaceFolder: vscode.Uri | undefined, signal: AbortSignal): Promise<RunningServer | undefined> {
    const startCommand = this.startCommand();
    if (!target.isDefault || startCommand === undefined) return undefined;
    if (!vscode.workspace.isTrusted) throw new Error("a start command never runs in Restricted Mode");
    await this.stopping;
    const config = vscode.workspace.getConfiguration("scansion.server");
    const folderPath = workspaceFolder?.fsPath ?? process.cwd();
    const expand = (command: string) => command.replaceAll("${workspaceFolder}", folderPath);
    const stopCommand = nonEmpty(config.get("stopCommand"));
    const startTimeout = config.get<number>("startTimeout");
    const channel = this.output();
    channel.show(true);
    channel.appendLine(`── starting a server for the run (${new Date().toLocaleTimeString()}) ──`);
    const { host, port } = readinessAddress(target);
    const server = await startServer({
      startCommand: expand(startCommand),
      stopCommand: stopCommand === undefined ? undefined : expand(stopCommand),
      cwd: folderPath,
      host,
      port,
      readyTimeoutMs: typeof startTimeout === "number" && startTimeout > 0 ? startTimeout : DEFAULT_START_TIMEOUT_MS,
      output: (text) => channel.append(text),
    }, signal);
    this.running.add(server);
    channel.appendLine(`── ${host}:${port} accepts connections (pid ${server.pid ?? "unknown"}): the run starts ──`);
    return server;
  }

  /** Stops the server in the background; the next start waits for it. */
  stop(server: RunningServer): void {
    this.output().appendLine("── the run is over: stopping the server ──");
    this.stopping = this.stopping.then(() => server.stop()).finally(() => this.running.delete(server));
  }

  /** Stops what is still running (the extension is being deactivated). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((server) => server.stop()));
    await this.stopping;
  }

  dispose(): void {
    void this.stopAll().finally(() => this.channel?.dispose());
  }

  private startCommand(): string | undefined {
    return nonEmpty(vscode.workspace.getConfiguration("scansion.server").get("startCommand"));
  }

  private output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel("Scansion Server");
    return this.channel;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
