/**
 * What the HTML report needs beyond a result: the spec's tags and tree (read again from
 * its file; the diagram shows the `${…}` and captures of its actions). A spec whose file
 * can no longer be read still gets its entry, without them. A run over several targets gives
 * each result its target (a column per target in the report); a spec's file is read once.
 */
import { readFileSync } from "node:fs";
import { parseSpec } from "../language/parser";
import type { SpecDocument } from "../language/syntaxTree";
import type { SpecResult } from "../runner/specResult";
import type { HtmlReportEntry } from "./reporters/html";

export function htmlReportEntries(results: readonly SpecResult[]): HtmlReportEntry[] {
  const docs = new Map<string, SpecDocument | undefined>();
  return results.map((result) => {
    if (!docs.has(result.spec.file)) docs.set(result.spec.file, readSpec(result.spec.file));
    const doc = docs.get(result.spec.file);
    return {
      result,
      ...(result.target !== undefined ? { target: result.target } : {}),
      tags: doc ? doc.header.tags.map((tag) => (tag.value ? `${tag.name.text.trim()}: ${tag.value.text.trim()}` : tag.name.text.trim())) : [],
      ...(doc ? { doc } : {}),
    };
  });
}

function readSpec(file: string): SpecDocument | undefined {
  try {
    return parseSpec(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}
