/**
 * Test helper: fixture specs say which diagnostics they must produce with
 * comments, `# expect: CODE at "TEXT"` (optionally `fix: NEW`), above the
 * action whose block holds TEXT. TEXT is found as a whole word (not inside a
 * longer name) on the lines below the comment.
 */
import type { Range } from "@server/language/syntaxTree";

export interface ExpectedDiagnostic {
  readonly code: string;
  readonly text: string;
  readonly range: Range;
  readonly fix: string | undefined;
  /** 1-based line of the comment, for messages. */
  readonly commentLine: number;
}

const EXPECT = /^#\s*expect:\s*(\S+)\s+at\s+"([^"]+)"(?:\s+fix:\s*(\S+))?\s*$/;

export function expectedDiagnostics(text: string): ExpectedDiagnostic[] {
  const lines = text.split("\n");
  const expected: ExpectedDiagnostic[] = [];
  lines.forEach((line, index) => {
    const match = EXPECT.exec(line);
    if (!match) return;
    const [, code, marked, fix] = match;
    const word = new RegExp(`(?<![\\w-])${marked!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);
    for (let lineIndex = index + 1; lineIndex < lines.length; lineIndex++) {
      if (lines[lineIndex]!.startsWith("#")) continue;
      const found = word.exec(lines[lineIndex]!);
      if (!found) continue;
      expected.push({
        code: code!, text: marked!, fix, commentLine: index + 1,
        range: { start: { line: lineIndex, character: found.index }, end: { line: lineIndex, character: found.index + marked!.length } },
      });
      return;
    }
    throw new Error(`line ${index + 1}: "${marked}" does not occur below the expect comment`);
  });
  return expected;
}

const PROBE = /^#\s*probe:\s*(.+?)\s+at\s+"([^"]*\|[^"]*)"\s*$/;

/**
 * Probe positions of a fixture: `# probe: NAME at "TEXT|MORE"` names the position of `|` in
 * the first occurrence of TEXTMORE on the lines below the comment.
 */
export function probePositions(text: string): Map<string, { line: number; character: number }> {
  const lines = text.split("\n");
  const probes = new Map<string, { line: number; character: number }>();
  lines.forEach((line, index) => {
    const match = PROBE.exec(line);
    if (!match) return;
    const [, name, marked] = match;
    const cursor = marked!.indexOf("|");
    const plain = marked!.replace("|", "");
    for (let lineIndex = index + 1; lineIndex < lines.length; lineIndex++) {
      const at = lines[lineIndex]!.indexOf(plain);
      if (at < 0 || lines[lineIndex]!.startsWith("#")) continue;
      probes.set(name!, { line: lineIndex, character: at + cursor });
      return;
    }
    throw new Error(`line ${index + 1}: "${plain}" does not occur below the probe comment`);
  });
  return probes;
}
