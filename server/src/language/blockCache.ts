/**
 * A bounded memo of parsed stanza blocks, so reparsing a long spec after a
 * one-character edit only runs saxes on the block that changed.
 *
 * Keyed by the block's text; each text keeps its results by first line. A
 * block that only moved (lines inserted above it) is not reparsed: a cached
 * result is copied with every range shifted, which gives exactly what a fresh
 * parse would (ranges depend on the text and the first line only).
 */
import type { Range, StanzaBlock, SyntaxProblem, TextSpan, VariableReference, XmlAttributeNode, XmlElementNode, XmlNode } from "./syntaxTree";
import { parseStanzaBlock, type ParsedStanzaBlock } from "./stanzaXml";

/** Distinct block texts remembered: a 12,000-line spec has ~1,500 blocks. */
const MAX_TEXTS = 5000;
/**
 * Positions remembered per text: enough for a block repeated a few times;
 * after lines are inserted the stale positions age out instead of piling up.
 */
const MAX_LINES_PER_TEXT = 4;

const cache = new Map<string, Map<number, ParsedStanzaBlock>>();

/** `parseStanzaBlock` with memo. Results are shared: treat them as read-only (as the tree types say). */
export function parseStanzaBlockCached(lines: readonly string[], firstLine: number): ParsedStanzaBlock {
  const key = lines.join("\n");
  const byLine = cache.get(key);
  if (byLine === undefined) {
    const parsed = parseStanzaBlock(lines, firstLine, key);
    cache.set(key, new Map([[firstLine, parsed]]));
    if (cache.size > MAX_TEXTS) cache.delete(cache.keys().next().value ?? "");
    return parsed;
  }
  cache.delete(key); // re-insert: the Map's order is the eviction order
  cache.set(key, byLine);
  const exact = byLine.get(firstLine);
  if (exact !== undefined) return exact;
  const [cachedLine, cached] = byLine.entries().next().value ?? [firstLine, parseStanzaBlock(lines, firstLine)];
  const shifted = shiftParsedBlock(cached, firstLine - cachedLine);
  byLine.set(firstLine, shifted);
  if (byLine.size > MAX_LINES_PER_TEXT) byLine.delete(byLine.keys().next().value ?? firstLine);
  return shifted;
}

/** How much the memo holds: distinct texts and parsed results in all. */
export function stanzaBlockCacheSize(): { texts: number; results: number } {
  let results = 0;
  for (const byLine of cache.values()) results += byLine.size;
  return { texts: cache.size, results };
}

/** Empties the memo (tests; memory pressure). */
export function clearStanzaBlockCache(): void {
  cache.clear();
}

/** A copy of `parsed` moved down by `delta` lines. */
export function shiftParsedBlock(parsed: ParsedStanzaBlock, delta: number): ParsedStanzaBlock {
  if (delta === 0) return parsed;
  const range = (r: Range): Range => ({
    start: { line: r.start.line + delta, character: r.start.character },
    end: { line: r.end.line + delta, character: r.end.character },
  });
  const span = (s: TextSpan): TextSpan => ({ text: s.text, range: range(s.range) });
  const attribute = (a: XmlAttributeNode): XmlAttributeNode => ({
    ...a, range: range(a.range), nameRange: range(a.nameRange), valueRange: range(a.valueRange),
  });
  const element = (e: XmlElementNode): XmlElementNode => ({
    ...e,
    attributes: e.attributes.map(attribute),
    namespaceDeclarations: e.namespaceDeclarations.map(attribute),
    directives: e.directives.map(attribute),
    children: e.children.map(node),
    range: range(e.range),
    nameRange: range(e.nameRange),
    startTagRange: range(e.startTagRange),
  });
  function node(n: XmlNode): XmlNode {
    return n.type === "text" ? { ...n, range: range(n.range) } : element(n);
  }
  const variable = (v: VariableReference): VariableReference => ({
    ...v, range: range(v.range), client: span(v.client), kind: span(v.kind),
  });
  const block: StanzaBlock = {
    ...parsed.block,
    range: range(parsed.block.range),
    lines: parsed.block.lines.map(span),
    elements: parsed.block.elements.map(element),
    variables: parsed.block.variables.map(variable),
  };
  const problems = parsed.problems.map((p): SyntaxProblem => ({ ...p, range: range(p.range) }));
  return { block, problems };
}
