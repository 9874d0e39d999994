/**
 * Wires running specs into the editor: the TestController and its tree, the
 * run and debug profiles (runs also continuous, on save), the target status bar, inline outcomes, the "Run
 * spec" and "Debug spec" lenses, the editor title button and the "Scansion: Run /
 * Debug current spec" commands.
 *
 * Activation stays cheap: everything here only registers; discovery starts
 * after activation has returned.
 */
import * as vscode from "vscode";
import { RunServer } from "../targets/runServer";
import type { FailureFixes } from "../fixes/codeActions";
import { TargetSelection, type TargetSource } from "../targets/targetSelection";
import { InlineOutcomes } from "./inlineOutcomes";
import { ContinuousRuns } from "./continuousRuns";
import { RunProfiles } from "./runProfiles";
import { SpecRuns } from "./specRuns";
import { serveCoverageDetails } from "./coverage";
import { loadSpecCatalog, SpecTree } from "./specTree";

export const RUN_SPEC_COMMAND = "scansion.runSpec";
export const RUN_CURRENT_SPEC_COMMAND = "scansion.runCurrentSpec";
export const DEBUG_SPEC_COMMAND = "scansion.debugSpec";
export const DEBUG_CURRENT_SPEC_COMMAND = "scansion.debugCurrentSpec";

export interface SpecRunFeatures extends vscode.Disposable {
  /** The server targets and the current one (the status bar's). */
  readonly targets: TargetSource;
  /** Stops a throwaway server that is still running (deactivation). */
  stopServers(): Promise<void>;
}

export function activateSpecRuns(context: vscode.ExtensionContext, log: vscode.LogOutputChannel, fixes: FailureFixes): SpecRunFeatures {
  const controller = vscode.tests.createTestController("scansion", "Scansion");
  const targets = new TargetSelection(context.workspaceState, log);
  // The module targets' folders group their specs; both change with the workspace's folders (a rediscovery).
  const tree = new SpecTree(controller, log, () => targets.targets.targets.flatMap((target) => (target.module ? [target.module.layout.folder] : [])));
  const inline = new InlineOutcomes();
  const server = new RunServer();
  const runs = new SpecRuns(controller, tree, inline, server, fixes);
  const continuous = new ContinuousRuns(tree, runs, server);
  const profiles = new RunProfiles(controller, targets, [
    {
      kind: vscode.TestRunProfileKind.Run,
      verb: "Run",
      continuous: true,
      execute: (request, token, target, list) => (request.continuous ? continuous.watch(request, token, target, list) : runs.run(request, token, target, list)),
    },
    { kind: vscode.TestRunProfileKind.Debug, verb: "Debug", execute: (request, token, target, list) => runs.debug(request, token, target, list) },
    {
      kind: vscode.TestRunProfileKind.Coverage,
      verb: "Run with Coverage",
      appliesTo: (target) => target.prosody !== undefined || target.module !== undefined,
      configure: serveCoverageDetails,
      execute: (request, token, target, list) => runs.coverage(request, token, target, list),
    },
  ], (request, token, everyTarget, list) => runs.runOnEveryTarget(request, token, everyTarget, list));

  controller.resolveHandler = (item) => (item ? undefined : tree.discoverAll());
  controller.refreshHandler = () => tree.rediscover();

  const runDocument = async (document: vscode.TextDocument | undefined, kind = vscode.TestRunProfileKind.Run) => {
    const verb = kind === vscode.TestRunProfileKind.Debug ? "debug" : "run";
    if (!document || document.languageId !== "scansion") {
      void vscode.window.showInformationMessage(`Open a scansion spec (.scs) to ${verb} it.`);
      return;
    }
    const item = await tree.itemForDocument(document);
    const profile = profiles.defaultProfile(kind);
    if (!profile) return;
    const cancellation = new vscode.CancellationTokenSource();
    try {
      await profile.runHandler(new vscode.TestRunRequest([item], [], profile), cancellation.token);
    } finally {
      cancellation.dispose();
    }
  };

  const codeLenses = new SpecCodeLenses(tree);
  const disposables: vscode.Disposable[] = [
    controller,
    tree,
    inline,
    server,
    targets,
    profiles,
    codeLenses,
    vscode.languages.registerCodeLensProvider({ language: "scansion" }, codeLenses),
    vscode.commands.registerCommand(RUN_CURRENT_SPEC_COMMAND, () => runDocument(vscode.window.activeTextEditor?.document)),
    vscode.commands.registerCommand(RUN_SPEC_COMMAND, async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      await runDocument(document);
    }),
    vscode.commands.registerCommand(DEBUG_CURRENT_SPEC_COMMAND, () => runDocument(vscode.window.activeTextEditor?.document, vscode.TestRunProfileKind.Debug)),
    vscode.commands.registerCommand(DEBUG_SPEC_COMMAND, async (uri?: vscode.Uri) => {
      const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
      await runDocument(document, vscode.TestRunProfileKind.Debug);
    }),
  ];
  context.subscriptions.push(...disposables);
  // Discovery after activation returns: activation stays fast, the tree fills in the background.
  setTimeout(() => void tree.discoverAll().catch((error: unknown) => log.error(`Discovering specs failed: ${String(error)}`)), 0);

  return {
    targets,
    stopServers: () => server.stopAll(),
    dispose: () => disposables.forEach((disposable) => disposable.dispose()),
  };
}

/** "Run spec" above each spec's title. */
class SpecCodeLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly subscription: vscode.Disposable;
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(private readonly tree: SpecTree) {
    // Only a spec shown in an editor has lenses to move (discovery changes a thousand specs at once).
    this.subscription = tree.onDidChange((uri) => {
      if (vscode.window.visibleTextEditors.some((editor) => editor.document.uri.toString() === uri.toString())) this.changed.fire();
    });
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // The tree knows the title line once the edit was parsed; a file outside the workspace is parsed here.
    const entry = this.tree.entry(document.uri) ?? (await loadSpecCatalog()).describeSpec(document.getText(), document.fileName);
    const range = new vscode.Range(entry.titleLine, 0, entry.titleLine, 0);
    return [
      new vscode.CodeLens(range, { title: "$(play) Run spec", tooltip: "Run this spec against the current server target", command: RUN_SPEC_COMMAND, arguments: [document.uri] }),
      new vscode.CodeLens(range, { title: "$(debug-alt) Debug spec", tooltip: "Step through this spec against the current server target", command: DEBUG_SPEC_COMMAND, arguments: [document.uri] }),
    ];
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
