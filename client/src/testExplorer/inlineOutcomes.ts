/**
 * After a run, every action line shows its outcome after the line's text
 * (passed, failed, skipped, not reached). The glyph margin is left to test
 * icons and breakpoints. Outcomes are cleared as soon as the file changes:
 * they would point at the wrong lines.
 */
import * as vscode from "vscode";
import type { StepStatus } from "@server/runner/specResult";
import type { LineOutcome } from "./resultReport";

function decorationType(color: string, fontStyle: string): vscode.TextEditorDecorationType {
  return vscode.window.createTextEditorDecorationType({
    after: { margin: "0 0 0 2em", color: new vscode.ThemeColor(color), fontStyle },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
}

export class InlineOutcomes implements vscode.Disposable {
  private readonly types: Record<StepStatus, vscode.TextEditorDecorationType> = {
    passed: decorationType("testing.iconPassed", "normal"),
    failed: decorationType("testing.iconFailed", "normal"),
    skipped: decorationType("testing.iconSkipped", "italic"),
    "not-reached": decorationType("testing.iconSkipped", "italic"),
  };
  private readonly outcomes = new Map<string, readonly LineOutcome[]>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((editor) => this.apply(editor))),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.clear(event.document.uri);
      }),
    ];
  }

  show(uri: vscode.Uri, outcomes: readonly LineOutcome[]): void {
    this.outcomes.set(uri.toString(), outcomes);
    this.forEditorsOf(uri, (editor) => this.apply(editor));
  }

  clear(uri: vscode.Uri): void {
    if (!this.outcomes.delete(uri.toString())) return;
    this.forEditorsOf(uri, (editor) => this.apply(editor));
  }

  dispose(): void {
    for (const type of Object.values(this.types)) type.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }

  private forEditorsOf(uri: vscode.Uri, action: (editor: vscode.TextEditor) => void): void {
    for (const editor of vscode.window.visibleTextEditors) {
      if (editor.document.uri.toString() === uri.toString()) action(editor);
    }
  }

  private apply(editor: vscode.TextEditor): void {
    const outcomes = this.outcomes.get(editor.document.uri.toString()) ?? [];
    const byStatus = new Map<StepStatus, vscode.DecorationOptions[]>();
    for (const outcome of outcomes) {
      if (outcome.line >= editor.document.lineCount) continue;
      const end = editor.document.lineAt(outcome.line).range.end;
      const options: vscode.DecorationOptions = {
        range: new vscode.Range(end, end),
        renderOptions: { after: { contentText: outcome.text } },
      };
      byStatus.set(outcome.status, [...(byStatus.get(outcome.status) ?? []), options]);
    }
    for (const [status, type] of Object.entries(this.types) as [StepStatus, vscode.TextEditorDecorationType][]) {
      editor.setDecorations(type, byStatus.get(status) ?? []);
    }
  }
}
