/**
 * The text each debug session reads (the adapter asks through `read`): the editor's unsaved
 * text, as a Test Explorer run reads it, and the document version that text was, so the
 * session's failure is remembered for the quick fixes of that version only.
 */
import type * as vscode from "vscode";
import { openDocumentOf, unsavedTextOf } from "../documents/specDocuments";

class DebuggedTexts {
  /** Session id → spec file → the version of its document when the session read it. */
  private readonly versions = new Map<string, Map<string, number>>();

  /** For the adapter of `session`: the unsaved text of `file`, else undefined (it reads the file). */
  read(session: vscode.DebugSession, file: string): string | undefined {
    const document = openDocumentOf(file);
    if (document) {
      const read = this.versions.get(session.id) ?? new Map<string, number>();
      read.set(file, document.version);
      this.versions.set(session.id, read);
    }
    return unsavedTextOf(document);
  }

  /** The document version `session` read for `file`; undefined when the document was not open. */
  versionRead(session: vscode.DebugSession, file: string): number | undefined {
    return this.versions.get(session.id)?.get(file);
  }

  forget(session: vscode.DebugSession): void {
    this.versions.delete(session.id);
  }
}

export const debuggedTexts = new DebuggedTexts();
