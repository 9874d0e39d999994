/**
 * What a run or a debug session reads for a spec: the text of its editor when it has
 * unsaved changes, else the file (what the user sees is what runs). One rule for the Test
 * Explorer's runs and every debug session, so a failure's positions, and so the quick fixes
 * remembered for the document's version, refer to the text that ran.
 */
import * as vscode from "vscode";

/** The open document of a spec file, if any (open in an editor or only in memory). */
export function openDocumentOf(file: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.scheme === "file" && document.uri.fsPath === file);
}

/** The document's text when it has unsaved changes; undefined when the file on disk says the same. */
export function unsavedTextOf(document: vscode.TextDocument | undefined): string | undefined {
  return document?.isDirty ? document.getText() : undefined;
}

/** What a run of this spec file reads: the file, or its editor's text when that has unsaved changes. */
export function specSourceOf(file: string): { readonly file: string; readonly text?: string } {
  const text = unsavedTextOf(openDocumentOf(file));
  return text === undefined ? { file } : { file, text };
}
