/**
 * A bounded memo of parsed stanza blocks, so reparsing a long spec after a
 * one-character edit only runs saxes on the block that changed.
 *
 * Keyed by the block's text; each text keeps its results by first line. A
 * block that only moved (lines inserted above it) is not reparsed: a cached
 * result is copied with every range shifted, which gives exactly what a fresh
 * parse would (ranges depend on the text and the first line only).
 *
 * One bound over all results, least recently used evicted first: each reparse
 * touches every block of the document, so those stay, while the positions
 * left behind by inserted lines age out. (A small bound per text would thrash
 * on a text repeated more often than the bound, such as `<presence/>`: every
 * reparse would then copy and discard those blocks again.)
 */
import type { Range, StanzaBlock, SyntaxProblem, TextSpan, VariableReference, XmlAttributeNode, XmlElementNode, XmlNode } from "./syntaxTree";
import { parseStanzaBlock, type ParsedStanzaBlock } from "./stanzaXml";

/**
 * Parsed results remembered in all: a 12,000-line spec has ~1,900 blocks, so
 * it fits with its last moved copies (about 5 KB per result).
 */
export const MAX_CACHED_BLOCKS = 4000;

interface CacheEntry {
  readonly text: string;
  readonly line: number;
  readonly parsed: ParsedStanzaBlock;
}

const byText = new Map<string, Map<number, CacheEntry>>();
/** Every entry, least recently used first (a Set iterates in insertion order). */
const recency = new Set<CacheEntry>();

/** `parseStanzaBlock` with memo. Results are shared: treat them as read-only (as the tree types say). */
export function parseStanzaBlockCached(lines: readonly string[], firstLine: number): ParsedStanzaBlock {
  const text = lines.join("\n");
  let byLine = byText.get(text);
  const exact = byLine?.get(firstLine);
  if (exact !== undefined) {
    recency.delete(exact);
    recency.add(exact);
    return exact.parsed;
  }
  const model: CacheEntry | undefined = byLine?.values().next().value;
  const parsed = model ? shiftParsedBlock(model.parsed, firstLine - model.line) : parseStanzaBlock(lines, firstLine, text);
  if (byLine === undefined) {
    byLine = new Map();
    byText.set(text, byLine);
  }
  const entry: CacheEntry = { text, line: firstLine, parsed };
  byLine.set(firstLine, entry);
  recency.add(entry);
  if (recency.size > MAX_CACHED_BLOCKS) evict(recency.values().next().value!);
  return parsed;
}

function evict(entry: CacheEntry): void {
  recency.delete(entry);
  const byLine = byText.get(entry.text);
  byLine?.delete(entry.line);
  if (byLine?.size === 0) byText.delete(entry.text);
}

/** How much the memo holds: distinct texts and parsed results in all. */
export function stanzaBlockCacheSize(): { texts: number; results: number } {
  return { texts: byText.size, results: recency.size };
}

/** Empties the memo (tests; memory pressure). */
export function clearStanzaBlockCache(): void {
  byText.clear();
  recency.clear();
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
