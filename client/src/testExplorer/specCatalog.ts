/**
 * What the Test Explorer shows for one spec file, and where the file sits in
 * the tree. Pure (no `vscode`), so discovery's decisions are unit-tested.
 */
import { parseSpec } from "@server/language/parser";
import type { SpecDocument } from "@server/language/syntaxTree";
import { specName } from "@server/runner/specFiles";

export interface SpecEntry {
  /** The spec's title, else its file name (the same name the runner reports). */
  readonly label: string;
  /** 0-based line of the title (0 when the spec has none): the item's range and the code lens. */
  readonly titleLine: number;
  /** Length of that line, so the item's range covers it. */
  readonly titleLineLength: number;
  /** Test tag ids (see tagIds). */
  readonly tags: readonly string[];
  /** The first syntax error, as "line N: message"; undefined when the spec parses. */
  readonly error: string | undefined;
}

export function describeSpec(text: string, fileName: string): SpecEntry {
  const doc = parseSpec(text);
  return describeDocument(doc, fileName);
}

export function describeDocument(doc: SpecDocument, fileName: string): SpecEntry {
  const title = doc.header.title;
  const titleLine = title?.range.start.line ?? 0;
  const firstError = doc.problems.find((problem) => problem.severity === "error");
  return {
    label: specName(doc, fileName),
    titleLine,
    titleLineLength: doc.lines[titleLine]?.length ?? 0,
    tags: tagIds(doc),
    error: firstError ? `line ${firstError.range.start.line + 1}: ${firstError.message}` : undefined,
  };
}

/**
 * Tag ids for the Test Explorer filter, whose syntax is `@<controller>:<tag>`
 * and reads an unquoted tag id up to the first space. A bare tag `## slow`
 * gives `slow` (filter `@scansion:slow`). A valued tag `## status: stable`
 * gives `status` (every spec that has a status) and `status:stable`, which
 * can be typed without quotes (`@scansion:status:stable`).
 */
export function tagIds(doc: SpecDocument): string[] {
  const ids = new Set<string>();
  for (const tag of doc.header.tags) {
    const name = tag.name.text.trim();
    if (name === "") continue;
    ids.add(name);
    const value = tag.value?.text.trim();
    if (value) ids.add(`${name}:${value}`);
  }
  return [...ids];
}
