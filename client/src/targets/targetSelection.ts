/**
 * The current server target: read from the `scansion.*` settings, shown in
 * the status bar, switched with a quick pick and remembered per workspace.
 */
import fs from "node:fs";
import path from "node:path";
import * as vscode from "vscode";
import { FILE_SYSTEM_PROBE, modulesWithSpecs } from "@server/session/moduleLayout";
import { affectsSettings, readSetting, type SettingKey } from "../settings/settings";
import { findTarget, readTargets, targetAddress, targetLabel, type RawConnectionSettings, type ServerTarget, type TargetList } from "./targets";

const CHECKOUT_CONFIG = path.join("spec", "scansion", "prosody.cfg.lua");
const SELECTED_TARGET_KEY = "scansion.selectedTarget";
export const SELECT_TARGET_COMMAND = "scansion.selectTarget";
/** The setting behind each field readTargets reads; a change to any of them rereads the targets. */
const TARGET_SETTINGS = {
  host: "server.host", port: "server.port", timeout: "timeout", targets: "targets", mismatchPolicy: "mismatchPolicy",
  startCommand: "server.startCommand", prosodyConfig: "prosody.config", prosodyExecutable: "prosody.executable",
} as const satisfies Partial<Record<keyof RawConnectionSettings, SettingKey>>;

/** The targets a run or debug session may use, and the current one (the status bar's choice). */
export interface TargetSource {
  readonly targets: TargetList;
  readonly current: ServerTarget;
  readonly onDidChange: vscode.Event<void>;
}

export class TargetSelection implements vscode.Disposable, TargetSource {
  private list: TargetList;
  private readonly statusBar = vscode.window.createStatusBarItem("scansion.target", vscode.StatusBarAlignment.Left, 10);
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[];
  /** Fires when the targets or the current one changed. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento, private readonly log: vscode.LogOutputChannel) {
    this.list = this.read();
    this.statusBar.name = "Scansion server target";
    this.statusBar.command = SELECT_TARGET_COMMAND;
    this.render();
    this.statusBar.show();
    this.disposables = [
      this.statusBar,
      this.changed,
      vscode.commands.registerCommand(SELECT_TARGET_COMMAND, () => this.pick()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (!affectsSettings(event, Object.values(TARGET_SETTINGS))) return;
        this.reread();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reread()),
    ];
  }

  get targets(): TargetList {
    return this.list;
  }

  get current(): ServerTarget {
    return findTarget(this.list, this.state.get<string>(SELECTED_TARGET_KEY));
  }

  async pick(): Promise<void> {
    const current = this.current;
    const items = this.list.targets.map((target) => ({
      label: target.isDefault ? "$(settings-gear) Default server" : `$(server) ${target.name}`,
      description: targetAddress(target),
      detail: target.isDefault ? "scansion.server.host / scansion.server.port"
        : target.prosody ? "scansion.prosody.config / scansion.prosody.executable"
        : target.module ? `${target.module.layout.folder} (scansion.prosody.executable)`
        : target.byModule ? "the specs under each mod_<name> folder on a Prosody with that module loaded" : undefined,
      picked: target.id === current.id,
      target,
    }));
    const chosen = await vscode.window.showQuickPick(items, { title: "Run scansion specs against", placeHolder: `Now: ${targetLabel(current)}` });
    if (!chosen) return;
    await this.state.update(SELECTED_TARGET_KEY, chosen.target.id);
    this.render();
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private reread(): void {
    this.list = this.read();
    this.render();
    this.changed.fire();
  }

  private read(): TargetList {
    const folders = (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.fsPath);
    // A Prosody checkout: its spec/scansion/prosody.cfg.lua gives a Prosody target with no settings.
    const checkoutConfig = folders.map((folder) => path.join(folder, CHECKOUT_CONFIG)).find((file) => fs.existsSync(file));
    // A community module's checkout (or a prosody-modules one): a target per module with specs.
    const modules = folders.flatMap((folder) => modulesWithSpecs(folder, FILE_SYSTEM_PROBE));
    const list = readTargets({
      modules,
      ...Object.fromEntries(Object.entries(TARGET_SETTINGS).map(([field, key]) => [field, readSetting(vscode.workspace, key)])),
      ...(checkoutConfig !== undefined ? { checkoutConfig, workspaceFolder: path.dirname(path.dirname(path.dirname(checkoutConfig))) } : folders[0] !== undefined ? { workspaceFolder: folders[0] } : {}),
    });
    for (const problem of list.problems) this.log.warn(problem);
    return list;
  }

  private render(): void {
    const target = this.current;
    this.statusBar.text = `$(server) ${targetLabel(target)}`;
    this.statusBar.tooltip = `Scansion specs run against ${target.isDefault ? "the default server" : target.name} (${targetAddress(target)}). Click to choose another target.`;
  }
}
