/**
 * The optional throwaway server of a run (`scansion.server.startCommand`):
 * started before the default target's run, its output in the "Scansion
 * Server" output channel, stopped after the run (also on failure or cancel).
 * Or, for a Prosody target, a throwaway Prosody from its config (throwawayProsody.ts).
 * Neither ever runs in an untrusted workspace.
 */
import * as vscode from "vscode";
import { readinessAddress, type ProsodyTarget, type ServerTarget } from "./targets";
import { ServerStartError, type RunningServer } from "@server/servers/serverStartError";
import { configFileOfCommand } from "./startCommandConfig";
import type { SpecServerFactory } from "@server/runner/suite";
import { readSetting, SETTINGS } from "../settings";

export class RunServer implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  /** The previous run's server while it stops; the next one waits so that the port is free. */
  private stopping: Promise<void> = Promise.resolve();
  private readonly running = new Set<RunningServer>();

  /** Whether a run against this target starts a server first. */
  startsFor(target: ServerTarget): boolean {
    return target.prosody !== undefined || (target.isDefault && this.startCommand() !== undefined);
  }

  /**
   * The config file the server started for `target` reads (a Prosody target's config, or the
   * start command's --config), if any: saving it changes the next run's server.
   */
  configFileFor(target: ServerTarget, workspaceFolder: vscode.Uri | undefined): string | undefined {
    if (target.prosody) return target.prosody.config;
    if (!this.startsFor(target)) return undefined;
    return configFileOfCommand(this.startCommand(), workspaceFolder?.fsPath ?? process.cwd());
  }

  /**
   * Starts the server for a run against `target` and resolves once it
   * accepts TCP; undefined when no start command is configured for it.
   * Throws ServerStartError (with the output channel telling more).
   */
  async start(target: ServerTarget, workspaceFolder: vscode.Uri | undefined, signal: AbortSignal): Promise<RunningServer | undefined> {
    if (target.prosody) return this.startProsody(target.prosody, signal);
    const startCommand = this.startCommand();
    if (!target.isDefault || startCommand === undefined) return undefined;
    if (!vscode.workspace.isTrusted) throw new Error("a start command never runs in Restricted Mode");
    await this.stopping;
    const folderPath = workspaceFolder?.fsPath ?? process.cwd();
    const expand = (command: string) => command.replaceAll("${workspaceFolder}", folderPath);
    const stopCommand = nonEmpty(readSetting(vscode.workspace, "server.stopCommand"));
    const startTimeout = readSetting(vscode.workspace, "server.startTimeout");
    const channel = this.output();
    channel.show(true);
    channel.appendLine(`── starting a server for the run (${new Date().toLocaleTimeString()}) ──`);
    const { host, port } = readinessAddress(target);
    // Loaded on the first run, not at activation.
    const { startServer } = await import("@server/servers/commandServer");
    const server = await startServer({
      startCommand: expand(startCommand),
      stopCommand: stopCommand === undefined ? undefined : expand(stopCommand),
      cwd: folderPath,
      host,
      port,
      readyTimeoutMs: startTimeout > 0 ? startTimeout : SETTINGS["server.startTimeout"].default,
      output: (text) => channel.append(text),
    }, signal);
    this.running.add(server);
    channel.appendLine(`── ${host}:${port} accepts connections (pid ${server.pid ?? "unknown"}): the run starts ──`);
    return server;
  }

  /**
   * A throwaway Prosody with the target's config, unchanged, on free loopback ports; its log
   * goes to the output channel as it is written. A failure to start offers the log.
   */
  private async startProsody(prosody: ProsodyTarget, signal: AbortSignal): Promise<RunningServer> {
    if (!vscode.workspace.isTrusted) throw new Error("a Prosody target never runs in Restricted Mode (it runs the workspace's code)");
    await this.stopping;
    const channel = this.output();
    channel.show(true);
    channel.appendLine(`── starting Prosody with ${prosody.config} (${new Date().toLocaleTimeString()}) ──`);
    // Loaded on the first run, not at activation.
    const { ProsodyStartError, startProsody } = await import("@server/servers/prosody/throwawayProsody");
    try {
      const server = await startProsody({
        configPath: prosody.config,
        ...(prosody.executable !== undefined ? { executable: prosody.executable } : {}),
        signal,
        onLog: (text) => channel.append(text),
      });
      channel.appendLine(`── Prosody ${server.version} (${server.executable}) ready on ${server.host}:${server.c2sPort}, pid ${server.pid}; log ${server.logFile}: the run starts ──`);
      const running: RunningServer = { pid: server.pid, address: { host: server.host, port: server.c2sPort }, stop: () => server.stop() };
      this.running.add(running);
      return running;
    } catch (error) {
      const message = error instanceof ProsodyStartError ? error.summary : error instanceof Error ? error.message : String(error);
      channel.appendLine(`── ${message} ──`);
      if (!signal.aborted) void this.offerLog(message, error instanceof ProsodyStartError ? error.logFile : undefined);
      throw new ServerStartError(message, error instanceof ProsodyStartError ? error.logFile : undefined);
    }
  }

  /**
   * A fresh Prosody per spec for a run with this target (runSuite's serverPerSpec): the first
   * spec gets `first` (started by start(), its log in the channel), each later one a new server
   * from the same config; they are stopped by the run, or by stopAll() at deactivation.
   */
  async prosodyPerSpec(prosody: ProsodyTarget, first: RunningServer): Promise<SpecServerFactory> {
    // Loaded on the first run, not at activation.
    const { prosodyPerSpec } = await import("@server/servers/prosody/throwawayProsody");
    const firstSpecServer = first.address ? { ...first.address, stop: () => first.stop() } : undefined;
    return prosodyPerSpec({ configPath: prosody.config, ...(prosody.executable !== undefined ? { executable: prosody.executable } : {}) }, firstSpecServer, (specServer, server) => {
      const running: RunningServer = { pid: server.pid, address: { host: specServer.host, port: specServer.port }, stop: () => specServer.stop().finally(() => this.running.delete(running)) };
      this.running.add(running);
      return { ...specServer, stop: () => running.stop() };
    });
  }

  private async offerLog(message: string, logFile: string | undefined): Promise<void> {
    const actions = ["Show Server Output", ...(logFile ? ["Open Log File"] : [])];
    const chosen = await vscode.window.showErrorMessage(`Prosody did not start: ${message}`, ...actions);
    if (chosen === "Show Server Output") this.output().show();
    else if (chosen === "Open Log File" && logFile) await vscode.window.showTextDocument(vscode.Uri.file(logFile));
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
    return nonEmpty(readSetting(vscode.workspace, "server.startCommand"));
  }

  private output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel("Scansion Server");
    return this.channel;
  }
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
