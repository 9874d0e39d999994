/**
 * Test helper: apply LSP text edits to a string, the way an editor would
 * (all ranges refer to the original text; edits must not overlap).
 */
import type { TextEdit } from "vscode-languageserver";

export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const lineStarts = [0];
  for (let index = text.indexOf("\n"); index >= 0; index = text.indexOf("\n", index + 1)) lineStarts.push(index + 1);
  const offsetOf = (position: { line: number; character: number }): number =>
    Math.min(text.length, (lineStarts[position.line] ?? text.length) + position.character);
  const ordered = edits
    .map((edit) => ({ start: offsetOf(edit.range.start), end: offsetOf(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start);
  for (let index = 1; index < ordered.length; index++) {
    if (ordered[index]!.end > ordered[index - 1]!.start) throw new Error("overlapping text edits");
  }
  let result = text;
  for (const edit of ordered) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
