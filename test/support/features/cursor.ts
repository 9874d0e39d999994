/**
 * Test helper: mark probe positions in spec text with a cursor marker instead
 * of counting lines and columns by hand.
 *
 *   const { text, position } = withCursor("Rom|eo connects");
 *   // text = "Romeo connects", position = { line: 0, character: 3 }
 *
 * Columns are UTF-16 code units, like JavaScript string indices and LSP.
 */
import { parseSpec } from "@server/language/parser";
import type { Position, SpecDocument } from "@server/language/syntaxTree";

export const CURSOR_MARKER = "|";

/** Text with every marker removed, and the positions the markers stood at, in order. */
export function withCursors(marked: string, marker: string = CURSOR_MARKER): { text: string; positions: Position[] } {
  const positions: Position[] = [];
  const lines = marked.split("\n").map((line, lineIndex) => {
    let clean = "";
    let rest = line;
    for (let at = rest.indexOf(marker); at >= 0; at = rest.indexOf(marker)) {
      clean += rest.slice(0, at);
      positions.push({ line: lineIndex, character: clean.length });
      rest = rest.slice(at + marker.length);
    }
    return clean + rest;
  });
  return { text: lines.join("\n"), positions };
}

/** Text with exactly one marker removed, and the position it stood at; throws on zero or several markers. */
export function withCursor(marked: string, marker: string = CURSOR_MARKER): { text: string; position: Position } {
  const { text, positions } = withCursors(marked, marker);
  if (positions.length !== 1) {
    throw new Error(`expected exactly one cursor marker "${marker}", found ${positions.length}`);
  }
  return { text, position: positions[0]! };
}

/** Parses marked spec text; returns the tree and where the single marker stood. */
export function parseWithCursor(marked: string): { doc: SpecDocument; position: Position } {
  const { text, position } = withCursor(marked);
  return { doc: parseSpec(text), position };
}

/** Index of the `occurrence`-th line (1-based) of the document that equals `text`. */
export function lineOf(doc: SpecDocument, text: string, occurrence = 1): number {
  let seen = 0;
  const index = doc.lines.findIndex((line) => line === text && ++seen === occurrence);
  if (index < 0) throw new Error(`no line ${JSON.stringify(text)} (occurrence ${occurrence})`);
  return index;
}

/** The text a range covers in a spec's text or parsed document (for asserting what a range points at). */
export function textAt(source: string | SpecDocument, range: { start: Position; end: Position }): string {
  const lines = typeof source === "string" ? source.split("\n") : source.lines;
  if (range.start.line === range.end.line) {
    return (lines[range.start.line] ?? "").slice(range.start.character, range.end.character);
  }
  const first = (lines[range.start.line] ?? "").slice(range.start.character);
  const middle = lines.slice(range.start.line + 1, range.end.line);
  const last = (lines[range.end.line] ?? "").slice(0, range.end.character);
  return [first, ...middle, last].join("\n");
}
