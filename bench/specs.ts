/**
 * Deterministic benchmark specs of a given length, made from real spec
 * bodies: the conformance specs (../shared) when present, else testFixture/specs.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSpec } from "@server/language/parser";
import type { Position } from "@server/language/syntaxTree";

export const REPOSITORY_ROOT = resolve(__dirname, "..");
export const CONFORMANCE_DIRECTORY = join(REPOSITORY_ROOT, "../shared/conformance/prosody-0.12.3/specs");
const FIXTURE_DIRECTORY = join(REPOSITORY_ROOT, "testFixture/specs");

export interface SourceSpec {
  readonly name: string;
  readonly text: string;
}

function specsIn(directory: string): SourceSpec[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((entry) => entry.endsWith(".scs"))
    .sort()
    .map((entry) => ({ name: entry, text: readFileSync(join(directory, entry), "utf8") }));
}

/** The 15 conformance specs, or undefined when ../shared is absent. */
export function conformanceSpecs(): SourceSpec[] | undefined {
  const specs = specsIn(CONFORMANCE_DIRECTORY);
  return specs.length > 0 ? specs : undefined;
}

/** Where generated specs take their bodies from, and a label for the notes. */
export function bodySources(): { specs: SourceSpec[]; label: string } {
  const conformance = conformanceSpecs();
  if (conformance) return { specs: conformance, label: `bodies of the ${conformance.length} conformance specs` };
  const fixtures = specsIn(FIXTURE_DIRECTORY);
  return { specs: fixtures, label: `bodies of testFixture/specs (${fixtures.length}; ../shared absent)` };
}

/** Copy `copy` of a body: `id` values get a suffix, so no two copies share a stanza block's text. */
function bodyCopy(lines: readonly string[], copy: number): string[] {
  if (copy === 0) return [...lines];
  return lines.map((line) => line.replace(/\bid=(['"])([^'"{}$]*)\1/g, (_, quote: string, id: string) => `id=${quote}${id}-${copy}${quote}`));
}

/**
 * A spec of exactly `lineCount` lines: one header defining every client of the
 * sources (first definition of a name wins), then the sources' bodies in turn,
 * cut at a blank line and padded with comment lines.
 */
export function generateSpec(sources: readonly SourceSpec[], lineCount: number): string {
  const definitions = new Map<string, string[]>();
  const bodies: string[][] = [];
  for (const source of sources) {
    const doc = parseSpec(source.text);
    for (const client of doc.clients) {
      if (!definitions.has(client.name.text)) {
        definitions.set(client.name.text, doc.lines.slice(client.range.start.line, client.range.end.line + 1));
      }
    }
    const bodyStart = doc.separator ? doc.separator.range.start.line + 1 : 0;
    bodies.push(doc.lines.slice(bodyStart).map((line) => line.trimEnd()));
  }
  if (bodies.length === 0) throw new Error("no source specs to build a benchmark spec from");

  const lines = ["# Benchmark spec", `# ${lineCount} lines generated from ${sources.map((s) => s.name).join(", ")}.`, ""];
  for (const definition of definitions.values()) lines.push(...definition, "");
  lines.push("-----", "");
  for (let copy = 0; lines.length < lineCount; copy++) {
    for (const body of bodies) {
      lines.push(...bodyCopy(body, copy), "");
      if (lines.length >= lineCount) break;
    }
  }
  let end = lineCount;
  while (end > 0 && lines[end - 1] !== "") end--;
  const spec = lines.slice(0, end);
  while (spec.length < lineCount) spec.push("# padding");
  return spec.join("\n");
}

/** Just after the `${` of the variable nearest the middle of `text` (where completion offers variables). */
export function variableProbe(text: string): Position {
  const lines = text.split("\n");
  const middle = Math.floor(lines.length / 2);
  const candidates = lines.flatMap((line, index) => (line.includes("${") ? [index] : []));
  if (candidates.length === 0) throw new Error("the spec has no ${...} variable to complete");
  const line = candidates.reduce((best, index) => (Math.abs(index - middle) < Math.abs(best - middle) ? index : best));
  return { line, character: lines[line]!.indexOf("${") + 2 };
}

/** A column inside the `<body>` text (or another element's text) of a line near the middle: where a one-character edit goes. */
export function editProbe(text: string): Position {
  const lines = text.split("\n");
  const middle = Math.floor(lines.length / 2);
  for (let distance = 0; distance < lines.length; distance++) {
    for (const line of [middle + distance, middle - distance]) {
      const match = /<(\w+)[^<>]*>([^<>]+)<\/\1>/.exec(lines[line] ?? "");
      if (match && /\S/.test(match[2]!)) return { line, character: match.index + match[0].indexOf(">") + 1 };
    }
  }
  throw new Error("no element with text to edit");
}
