/**
 * Helpers for the feature tests: specs written inline with a `|` cursor
 * marker, and reading back the text a range covers.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec } from "../language/parser";
import type { Position, Range, SpecDocument } from "../language/syntaxTree";

export const CURSOR = "|";

/** Parses `text` after removing its single `|` marker; returns where the marker stood. */
export function parseWithCursor(text: string): { doc: SpecDocument; position: Position } {
  const at = text.indexOf(CURSOR);
  if (at < 0 || text.indexOf(CURSOR, at + 1) >= 0) throw new Error("the fixture needs exactly one | cursor marker");
  const before = text.slice(0, at).split("\n");
  const position = { line: before.length - 1, character: before[before.length - 1]!.length };
  return { doc: parseSpec(text.slice(0, at) + text.slice(at + 1)), position };
}

/** The document text a single-line range covers. */
export function textAt(doc: SpecDocument, range: Range): string {
  if (range.start.line !== range.end.line) throw new Error("textAt reads single-line ranges");
  return (doc.lines[range.start.line] ?? "").slice(range.start.character, range.end.character);
}

/** Index of the `occurrence`-th line (1-based) that equals `text`. */
export function lineOf(doc: SpecDocument, text: string, occurrence = 1): number {
  let seen = 0;
  const index = doc.lines.findIndex((line) => line === text && ++seen === occurrence);
  if (index < 0) throw new Error(`no line ${JSON.stringify(text)} (occurrence ${occurrence})`);
  return index;
}

/** The conformance specs shared with the runner, or undefined when ../shared is not there. */
export const CONFORMANCE_DIR = join(__dirname, "../../../../shared/conformance/prosody-0.12.3/specs");

export function conformanceSpecs(): Array<{ name: string; text: string }> | undefined {
  if (!existsSync(CONFORMANCE_DIR)) return undefined;
  return readdirSync(CONFORMANCE_DIR)
    .filter((name) => name.endsWith(".scs"))
    .sort()
    .map((name) => ({ name, text: readFileSync(join(CONFORMANCE_DIR, name), "utf8") }));
}
