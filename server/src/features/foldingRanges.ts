/**
 * Folding: client definitions, actions with their stanza block, multi-line XML
 * elements inside blocks, runs of comment lines, and `#` sections of the body.
 *
 * An element folds up to the line before its end tag when that tag starts its
 * own line, so `</message>` stays visible, as in XML editors. Editors keep one
 * range per start line, so where two would start on the same line the wider
 * construct wins (a section over its caption's comment run).
 */
import { FoldingRangeKind, type FoldingRange } from "vscode-languageserver";
import type { Range, SpecDocument, XmlElementNode } from "../language/syntaxTree";
import { blockOf, childElements, endTagNameRange } from "../language/locate";
import { actionSections } from "./documentSymbols";

export function foldingRanges(doc: SpecDocument): FoldingRange[] {
  const ranges: FoldingRange[] = [
    ...sectionFolds(doc),
    ...doc.clients.map((client) => lineFold(client.range)),
    ...doc.actions.map((action) => lineFold(action.range)),
    ...doc.actions.flatMap((action) => (blockOf(action)?.elements ?? []).flatMap((element) => elementFolds(doc, element))),
    ...commentFolds(doc),
  ].filter((range) => range.endLine > range.startLine);
  const byStartLine = new Map<number, FoldingRange>();
  for (const range of ranges) if (!byStartLine.has(range.startLine)) byStartLine.set(range.startLine, range);
  return [...byStartLine.values()].sort((a, b) => a.startLine - b.startLine);
}

function lineFold(range: Range, kind?: FoldingRangeKind): FoldingRange {
  const fold: FoldingRange = { startLine: range.start.line, endLine: range.end.line };
  if (kind) fold.kind = kind;
  return fold;
}

function sectionFolds(doc: SpecDocument): FoldingRange[] {
  return actionSections(doc).flatMap((section) => {
    const first = section.captions[0];
    const last = section.actions[section.actions.length - 1];
    if (!first || !last) return [];
    return [lineFold({ start: first.range.start, end: last.range.end }, FoldingRangeKind.Region)];
  });
}

function elementFolds(doc: SpecDocument, element: XmlElementNode): FoldingRange[] {
  const children = childElements(element);
  const nested = children.flatMap((child) => elementFolds(doc, child));
  const startLine = element.range.start.line;
  const endLine = element.range.end.line;
  if (endLine === startLine) return nested;
  const endName = endTagNameRange(doc, element);
  const lastLine = doc.lines[endLine] ?? "";
  const endTagOpensLine = endName !== undefined && endName.start.character - "</".length === lastLine.search(/\S/);
  return [{ startLine, endLine: endTagOpensLine ? endLine - 1 : endLine }, ...nested];
}

/** Runs of two or more consecutive comment lines (header `#` lines included). */
function commentFolds(doc: SpecDocument): FoldingRange[] {
  const commentLines = new Set<number>(doc.comments.map((comment) => comment.range.start.line));
  const header = doc.header;
  for (const span of [header.title, ...header.description]) if (span) commentLines.add(span.range.start.line);
  for (const tag of header.tags) commentLines.add(tag.range.start.line);
  const sorted = [...commentLines].sort((a, b) => a - b);
  const folds: FoldingRange[] = [];
  let runStart = 0;
  for (let index = 1; index <= sorted.length; index++) {
    if (index < sorted.length && sorted[index] === sorted[index - 1]! + 1) continue;
    const startLine = sorted[runStart];
    const endLine = sorted[index - 1];
    if (startLine !== undefined && endLine !== undefined && endLine > startLine) {
      folds.push({ startLine, endLine, kind: FoldingRangeKind.Comment });
    }
    runStart = index;
  }
  return folds;
}
