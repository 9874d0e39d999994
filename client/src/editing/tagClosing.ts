/**
 * Closes a start tag as it is typed: after a `>` is typed in a scansion document, asks the
 * language server (`scansion/closingTag`, server/src/features/tagEditing.ts) for the end tag
 * and inserts it after the cursor. It runs from the language client's didChange middleware,
 * after the change has been sent, so the server answers for the text that has the `>`.
 * Renaming a start tag with its end tag is LSP linked editing (`editor.linkedEditing`).
 */
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { CLOSING_TAG_REQUEST, type ClosingTag } from "@server/features/tagEditing";
import { readSetting } from "../settings/settings";

export class TagClosing {
  #pending: vscode.CancellationTokenSource | undefined;

  constructor(private readonly client: LanguageClient) {}

  /** Called for every change sent to the server. */
  afterChange(event: vscode.TextDocumentChangeEvent): void {
    const { document } = event;
    const change = event.contentChanges.at(-1);
    if (document.languageId !== "scansion" || event.contentChanges.length !== 1 || change?.text !== ">") return;
    if (event.reason === vscode.TextDocumentChangeReason.Undo || event.reason === vscode.TextDocumentChangeReason.Redo) return;
    const editor = vscode.window.activeTextEditor;
    if (editor?.document !== document) return;
    if (!readSetting(vscode.workspace, "autoClosingTags", document)) return;

    const position = change.range.start.translate(0, 1);
    const version = document.version;
    this.#pending?.cancel();
    const pending = new vscode.CancellationTokenSource();
    this.#pending = pending;
    const params = this.client.code2ProtocolConverter.asTextDocumentPositionParams(document, position);
    this.client.sendRequest<ClosingTag | null>(CLOSING_TAG_REQUEST, params, pending.token).then((answer) => {
      if (!answer || pending.token.isCancellationRequested || document.version !== version) return;
      // Only where the person still is: same editor, one empty selection right after the `>`.
      const active = vscode.window.activeTextEditor;
      if (active?.document !== document || active.selections.length !== 1 || !active.selection.isEmpty) return;
      if (!active.selection.active.isEqual(position)) return;
      // An undo stop of its own: Ctrl+Z takes back the inserted end tag and keeps the typed `>`.
      void active.insertSnippet(new vscode.SnippetString(answer.snippet), position);
    }, () => {
      // A cancelled or failed request inserts nothing; typing goes on.
    });
  }
}
