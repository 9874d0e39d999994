/**
 * Quick fixes from the last failed run of a spec (issue #5), as VS Code code
 * actions. Runs hand their results to `remember`; the fixes themselves are
 * the pure `failureFixes`.
 *
 * A result's ranges are positions in the text that ran, so a failure is only
 * offered while the document still has the version it was remembered for,
 * and any edit drops it.
 */
import * as vscode from "vscode";
import type { TextEdit } from "vscode-languageserver";
import type { Range, SpecDocument } from "@server/language/syntaxTree";
import type { SpecResult } from "@server/runner/specResult";

/** The fixes and the parser load with the first request, not at activation (a bundle of their own, scripts/build.mjs). */
let fixesModule: Promise<typeof import("./failureFixes")> | undefined;

interface RememberedFailure {
  readonly version: number;
  readonly result: SpecResult;
  /** Parsed on the first request; the text cannot change while the version holds. */
  doc?: SpecDocument;
}

/** A run's or debug session's result for a spec, as it arrives (`version`: of the document whose text ran, when open). */
export interface ArrivedResult {
  readonly uri: vscode.Uri;
  readonly result: SpecResult;
  readonly version: number | undefined;
}

export class FailureFixes implements vscode.CodeActionProvider, vscode.Disposable {
  private readonly failures = new Map<string, RememberedFailure>();
  private readonly subscriptions: vscode.Disposable[];
  private readonly arrived = new vscode.EventEmitter<ArrivedResult>();
  /** Every result handed to `rememberFile`, passed or failed: each run and debug session reports here (the sequence diagram follows it). */
  readonly onDidReceiveResult = this.arrived.event;

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.forget(event.document.uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.forget(document.uri)),
    ];
  }

  /**
   * Keeps the failure of `result` to offer fixes for in `document`; a result
   * that did not fail clears the document's fixes. `ranVersion` is the version
   * whose text ran (default: the current one); when the document has changed
   * since, the result is not kept: its positions would point at the wrong text.
   */
  remember(document: vscode.TextDocument, result: SpecResult, ranVersion: number = document.version): void {
    if (result.status !== "failed" || !result.failure || ranVersion !== document.version) {
      this.forget(document.uri);
      return;
    }
    this.failures.set(document.uri.toString(), { version: document.version, result });
  }

  /**
   * `remember` for a spec known by its file (a run's or a debug session's result). An open
   * document takes it directly; a closed one is opened (in memory, not in an editor) only
   * when its run failed, so a passing suite of a thousand specs opens none.
   */
  rememberFile(uri: vscode.Uri, result: SpecResult, ranVersion?: number): void {
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    this.arrived.fire({ uri, result, version: ranVersion ?? open?.version });
    if (open) {
      this.remember(open, result, ranVersion ?? open.version);
      return;
    }
    if (result.status !== "failed" || !result.failure) return;
    vscode.workspace.openTextDocument(uri).then(
      (document) => this.remember(document, result, ranVersion ?? document.version),
      () => undefined, // The file is gone: nothing to fix.
    );
  }

  forget(uri: vscode.Uri): void {
    this.failures.delete(uri.toString());
  }

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (context.only && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const remembered = this.failures.get(document.uri.toString());
    if (!remembered || remembered.version !== document.version) return [];
    const { failureFixes, parseSpec } = await (fixesModule ??= import("./failureFixes"));
    if (remembered.version !== document.version) return [];
    remembered.doc ??= parseSpec(document.getText());
    return failureFixes(remembered.doc, remembered.result, toSpecRange(range)).map((fix) => {
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, toVscodeRange(fix.edit), fix.edit.newText);
      if (fix.preferred) action.isPreferred = true;
      return action;
    });
  }

  /**
   * Applies "Accept the received stanza" to the failing receive of the spec's remembered
   * failure (the failure peek's action). Returns why not when it cannot.
   */
  async acceptReceived(uri: vscode.Uri): Promise<string | undefined> {
    const document = await vscode.workspace.openTextDocument(uri);
    const remembered = this.failures.get(uri.toString());
    const line = remembered?.result.failure?.line;
    if (!remembered || remembered.version !== document.version || line === undefined) return "the spec has changed since it failed, or its failure is gone: run it again";
    const { failureFixes, parseSpec } = await (fixesModule ??= import("./failureFixes"));
    remembered.doc ??= parseSpec(document.getText());
    const atFailure = { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } };
    const accept = failureFixes(remembered.doc, remembered.result, atFailure).find((fix) => fix.kind === "accept-received");
    if (!accept) return "the received stanza cannot be written as the expected one";
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, toVscodeRange(accept.edit), accept.edit.newText);
    return (await vscode.workspace.applyEdit(edit)) ? undefined : "the edit could not be applied";
  }

  dispose(): void {
    this.arrived.dispose();
    this.failures.clear();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}

/** Registers the quick fixes for scansion specs; call `remember` with each run's results. */
export function registerFailureFixes(context: vscode.ExtensionContext): FailureFixes {
  const fixes = new FailureFixes();
  context.subscriptions.push(
    fixes,
    // Offered on a failure's peek (package.json "testing/message/context"): VS Code passes the test and its message.
    vscode.commands.registerCommand("scansion.acceptReceivedStanza", async (args?: { test?: vscode.TestItem }) => {
      const uri = args?.test?.uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri) return;
      const why = await fixes.acceptReceived(uri);
      if (why !== undefined) void vscode.window.showWarningMessage(`Accept the received stanza: ${why}.`);
    }),
    vscode.languages.registerCodeActionsProvider({ language: "scansion" }, fixes, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
  );
  return fixes;
}

function toSpecRange(range: vscode.Range): Range {
  return { start: { line: range.start.line, character: range.start.character }, end: { line: range.end.line, character: range.end.character } };
}

function toVscodeRange({ range }: TextEdit): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}
