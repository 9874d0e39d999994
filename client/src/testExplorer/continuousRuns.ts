/**
 * Continuous runs (VS Code's watch mode, `TestRunRequest.continuous`): while
 * the user watches specs, saving one runs it again, and saving the config
 * file of the server the target starts runs every watched spec again. Each
 * run is a new TestRun of the same request, so its results replace the
 * previous ones; runs go through SpecRuns's queue, so they never overlap with
 * each other or with other runs. Stopping the watch (the request's token)
 * cancels the run in progress and ends the watch.
 */
import * as vscode from "vscode";
import type { RunServer } from "../targets/runServer";
import type { ServerTarget, TargetList } from "../targets/targets";
import type { SpecRuns } from "./specRuns";
import type { SpecTree } from "./specTree";
import { RerunQueue, specsToRerun } from "./watchTriggers";

/** Saves this close together (Save All, format on save) run as one batch. */
const SAVE_SETTLE_MS = 100;

export class ContinuousRuns {
  constructor(private readonly tree: SpecTree, private readonly runs: SpecRuns, private readonly server: RunServer) {}

  /** The handler of a Run profile for a continuous request: resolves once the user stops watching. */
  async watch(request: vscode.TestRunRequest, token: vscode.CancellationToken, target: ServerTarget, targets: TargetList): Promise<void> {
    // Untrusted: the normal run explains why nothing runs.
    if (!vscode.workspace.isTrusted) return this.runs.run(request, token, target, targets);
    if (token.isCancellationRequested) return;
    if (!request.include) await this.tree.discoverAll();
    const queue = new RerunQueue((files) => this.rerun(request, files, token, target, targets), SAVE_SETTLE_MS);
    const saves = vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.uri.scheme === "file") void this.saved(document, request, target).then((files) => queue.add(files), () => undefined);
    });
    await new Promise<void>((resolve) => {
      const stop = token.onCancellationRequested(() => {
        stop.dispose();
        resolve();
      });
    });
    saves.dispose();
    queue.stop();
    // The run in progress sees the same token and winds down; every run of this request exists by now.
  }

  /** The watched specs a save runs again. */
  private async saved(document: vscode.TextDocument, request: vscode.TestRunRequest, target: ServerTarget): Promise<string[]> {
    // A spec saved for the first time may not be in the tree yet.
    if (document.languageId === "scansion" && !this.tree.find(document.uri) && vscode.workspace.getWorkspaceFolder(document.uri)) await this.tree.itemForDocument(document);
    const watched = this.tree.specsOf(request.include, request.exclude);
    const configFile = watched.length > 0 ? this.server.configFileFor(target, vscode.workspace.getWorkspaceFolder(watched[0]!.uri!)?.uri) : undefined;
    return specsToRerun(document.uri.fsPath, watched.map((item) => item.uri!.fsPath), configFile === undefined ? [] : [configFile]);
  }

  private rerun(request: vscode.TestRunRequest, files: readonly string[], token: vscode.CancellationToken, target: ServerTarget, targets: TargetList): Promise<void> {
    const wanted = new Set(files);
    // In tree order, as a run of the same request would go.
    const items = this.tree.specsOf(request.include, request.exclude).filter((item) => wanted.has(item.uri!.fsPath));
    if (items.length === 0 || token.isCancellationRequested) return Promise.resolve();
    return this.runs.run(new vscode.TestRunRequest(items, undefined, request.profile, true), token, target, targets);
  }
}
