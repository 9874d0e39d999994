/**
 * The editor's side of a run's servers: the run session (server/src/session) starts and stops
 * them; this adds what belongs to VS Code. Their output goes to the "Scansion Server" output
 * channel, a Prosody that does not start offers its log, nothing starts in an untrusted
 * workspace, a run's server waits for the previous one to stop (the port must be free), and
 * the extension's deactivation closes every session still open.
 */
import path from "node:path";
import * as vscode from "vscode";
import { runSettingsFor, runTargetOf, startsProsody, type ServerTarget, type StartCommandSettings, type TargetList } from "./targets";
import { ServerStartError, isServerStartError } from "@server/servers/serverStartError";
import { readinessAddress } from "@server/session/runTarget";
import type { RunSession } from "@server/session/runSession";
import type { ServerHandle } from "@server/session/serverHandle";
import { configFileOfCommand } from "./startCommandConfig";
import { readSetting, SETTINGS } from "../settings/settings";

export class RunServer implements vscode.Disposable {
  private channel: vscode.OutputChannel | undefined;
  /** The previous run's servers while they stop; the next run waits so that the port is free. */
  private stopping: Promise<void> = Promise.resolve();
  private readonly open = new Set<RunSession>();

  /** Whether a run against this target starts a server first. */
  startsFor(target: ServerTarget): boolean {
    return startsProsody(target) || target.ejabberd !== undefined || (target.isDefault && this.startCommand() !== undefined);
  }

  /**
   * The config file the server started for `target` reads (a Prosody target's config, or the
   * start command's --config), if any: saving it changes the next run's server.
   */
  configFileFor(target: ServerTarget, workspaceFolder: vscode.Uri | undefined): string | undefined {
    if (target.prosody) return target.prosody.config;
    // A module target's generated config is written for each run; the module's own file is what changes.
    if (target.module) return path.join(target.module.layout.folder, `mod_${target.module.layout.name}.lua`);
    if (!this.startsFor(target) || target.byModule) return undefined;
    return configFileOfCommand(this.startCommand(), workspaceFolder?.fsPath ?? process.cwd());
  }

  /**
   * Opens the run session of `specFiles` on `target` (one part of a run: runParts): with a start
   * command, a Prosody or a module target, its server is started first (resolves once it is
   * ready); with `coverage`, its Prosody servers count their Lua lines. Throws ServerStartError
   * (the output channel tells more), or an Error when nothing may or can be started.
   */
  async openSession(target: ServerTarget, targets: TargetList, workspaceFolder: vscode.Uri | undefined, specFiles: readonly string[], signal: AbortSignal, coverage = false): Promise<RunSession> {
    const runTarget = runTargetOf(target, target.isDefault ? this.startCommandSettings(workspaceFolder) : undefined, specFiles);
    const channel = runTarget.kind === "address" ? undefined : this.output();
    if (runTarget.kind === "prosody" || runTarget.kind === "prosody-module") {
      if (!vscode.workspace.isTrusted) throw new Error("a Prosody target never runs in Restricted Mode (it runs the workspace's code)");
      await this.stopping;
      channel!.show(true);
      const what = runTarget.kind === "prosody" ? runTarget.config : `mod_${runTarget.module} (${runTarget.folder})`;
      channel!.appendLine(`── starting Prosody with ${what} (${new Date().toLocaleTimeString()}) ──`);
    } else if (runTarget.kind === "ejabberd") {
      if (!vscode.workspace.isTrusted) throw new Error("an ejabberd target never runs in Restricted Mode (it runs a server from the workspace's config)");
      await this.stopping;
      channel!.show(true);
      channel!.appendLine(`── starting ejabberd with ${runTarget.config ?? "the extension's config"} (${new Date().toLocaleTimeString()}) ──`);
    } else if (runTarget.kind === "command") {
      if (!vscode.workspace.isTrusted) throw new Error("a start command never runs in Restricted Mode");
      await this.stopping;
      channel!.show(true);
      channel!.appendLine(`── starting a server for the run (${new Date().toLocaleTimeString()}) ──`);
    }
    // Loaded on the first run, not at activation: the runner and its XMPP stack take tens of milliseconds to load.
    const { RunSession } = await import("@server/session/runSession");
    try {
      const session = await RunSession.open(runTarget, runSettingsFor(target, targets), {
        serverOutput: (text) => channel?.append(text),
        serverStarted: (server, start) => { if (start.first) channel?.appendLine(`── ${readyLine(server, target)}: the run starts ──`); },
      }, signal, { coverage });
      this.open.add(session);
      return session;
    } catch (error) {
      if (runTarget.kind !== "prosody" && runTarget.kind !== "prosody-module" && runTarget.kind !== "ejabberd") throw error;
      const message = error instanceof Error ? error.message : String(error);
      const logFile = isServerStartError(error) ? error.logFile : undefined;
      channel!.appendLine(`── ${message} ──`);
      if (!signal.aborted) void this.offerLog(message, logFile);
      throw isServerStartError(error) ? error : new ServerStartError(message);
    }
  }

  /** Closes the session (stops its servers) in the background; the next run's server waits for it. */
  closeSession(session: RunSession): void {
    if (session.firstServer) this.output().appendLine("── the run is over: stopping the server ──");
    this.stopping = this.stopping.then(() => session.close()).finally(() => this.open.delete(session));
  }

  private async offerLog(message: string, logFile: string | undefined): Promise<void> {
    const actions = ["Show Server Output", ...(logFile ? ["Open Log File"] : [])];
    const chosen = await vscode.window.showErrorMessage(`Prosody did not start: ${message}`, ...actions);
    if (chosen === "Show Server Output") this.output().show();
    else if (chosen === "Open Log File" && logFile) await vscode.window.showTextDocument(vscode.Uri.file(logFile));
  }

  /** Stops what is still running (the extension is being deactivated). */
  async stopAll(): Promise<void> {
    await Promise.all([...this.open].map((session) => session.close()));
    await this.stopping;
  }

  dispose(): void {
    void this.stopAll().finally(() => this.channel?.dispose());
  }

  private startCommand(): string | undefined {
    return nonEmpty(readSetting(vscode.workspace, "server.startCommand"));
  }

  /** `scansion.server.startCommand` with its stop command and timeout, `${workspaceFolder}` filled in; undefined when none is set. */
  private startCommandSettings(workspaceFolder: vscode.Uri | undefined): StartCommandSettings | undefined {
    const startCommand = this.startCommand();
    if (startCommand === undefined) return undefined;
    const folderPath = workspaceFolder?.fsPath ?? process.cwd();
    const expand = (command: string) => command.replaceAll("${workspaceFolder}", folderPath);
    const stopCommand = nonEmpty(readSetting(vscode.workspace, "server.stopCommand"));
    const startTimeout = readSetting(vscode.workspace, "server.startTimeout");
    return {
      startCommand: expand(startCommand),
      stopCommand: stopCommand === undefined ? undefined : expand(stopCommand),
      cwd: folderPath,
      readyTimeoutMs: startTimeout > 0 ? startTimeout : SETTINGS["server.startTimeout"].default,
    };
  }

  private output(): vscode.OutputChannel {
    this.channel ??= vscode.window.createOutputChannel("Scansion Server");
    return this.channel;
  }
}

/**
 * "Prosody 13.0.1 (/usr/bin/prosody) ready on 127.0.0.1:40123, pid 4242; log /tmp/…/prosody.log" (a module
 * run's: "… (/usr/bin/prosody) with mod_hello (/work/mod_hello) and the generated module config: …, ready …"),
 * or "localhost:5222 accepts connections (pid 4242)".
 */
function readyLine(server: ServerHandle, target: ServerTarget): string {
  if (server.identity.kind === "prosody") {
    const address = server.address ? ` on ${server.address.host}:${server.address.port}` : "";
    const module = server.identity.module;
    const loaded = module ? ` with mod_${module.name} (${module.folder}) and ${module.config},` : "";
    return `Prosody ${server.identity.version} (${server.identity.executable})${loaded} ready${address}, pid ${server.pid ?? "unknown"}; log ${server.logFile ?? "none"}`;
  }
  if (server.identity.kind === "ejabberd") {
    const address = server.address ? ` on ${server.address.host}:${server.address.port}` : "";
    return `ejabberd ready in ${server.identity.startupMs} ms${address}, pid ${server.pid ?? "unknown"}; each spec gets a fresh one with its accounts`;
  }
  const { host, port } = readinessAddress(target);
  return `${host}:${port} accepts connections (pid ${server.pid ?? "unknown"})`;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}
