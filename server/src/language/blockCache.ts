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
import type { Range, SyntaxProblem, TextSpan, VariableReference } from "./syntaxTree";
import type { BlockOrigin } from "./blockOrigin";
import { LineSpan, StanzaBlockNode } from "./treeNodes";
import { parseStanzaBlock, type ParsedStanzaBlock } from "./stanzaXml";

/**
 * Parsed results remembered in all: a 12,000-line spec has ~1,900 blocks, so
 * it fits with its last moved copies (about 5 KB per result).
 */
export const MAX_CACHED_BLOCKS = 4000;

/**
 * The results of one text by first line; `text` is the one copy of the text
 * its entries keep. Most texts stand at one place only: their one entry is
 * `single`, the map is made for a second place.
 */
class TextResults {
  private single: CacheEntry | undefined;
  private byLine: Map<number, CacheEntry> | undefined;

  constructor(readonly text: string) {}

  get(line: number): CacheEntry | undefined {
    return this.single?.line === line ? this.single : this.byLine?.get(line);
  }

  /** Any one of the results (they differ only in their lines). */
  any(): CacheEntry | undefined {
    return this.single ?? this.byLine?.values().next().value;
  }

  add(entry: CacheEntry): void {
    if (this.single === undefined && this.byLine === undefined) {
      this.single = entry;
      return;
    }
    this.byLine ??= new Map();
    if (this.single !== undefined) this.byLine.set(this.single.line, this.single);
    this.single = undefined;
    this.byLine.set(entry.line, entry);
  }

  /** Removes `entry`; true when no result is left. */
  remove(entry: CacheEntry): boolean {
    if (this.single === entry) this.single = undefined;
    else this.byLine?.delete(entry.line);
    return this.single === undefined && (this.byLine === undefined || this.byLine.size === 0);
  }
}

interface CacheEntry {
  readonly results: TextResults;
  readonly line: number;
  readonly parsed: ParsedStanzaBlock;
}

const byText = new Map<string, TextResults>();
/** Every entry, least recently used first (a Set iterates in insertion order). */
const recency = new Set<CacheEntry>();

/** `parseStanzaBlock` with memo. Results are shared: treat them as read-only (as the tree types say). */
export function parseStanzaBlockCached(lines: readonly string[], firstLine: number): ParsedStanzaBlock {
  const text = lines.join("\n");
  let results = byText.get(text);
  const exact = results?.get(firstLine);
  if (exact !== undefined) {
    recency.delete(exact);
    recency.add(exact);
    return exact.parsed;
  }
  const model = results?.any();
  const parsed = model ? shiftParsedBlock(model.parsed, firstLine - model.line) : parseStanzaBlock(lines, firstLine, text);
  if (results === undefined) {
    results = new TextResults(text);
    byText.set(text, results);
  }
  const entry: CacheEntry = { results, line: firstLine, parsed };
  results.add(entry);
  recency.add(entry);
  if (recency.size > MAX_CACHED_BLOCKS) evict(recency.values().next().value!);
  return parsed;
}

function evict(entry: CacheEntry): void {
  recency.delete(entry);
  if (entry.results.remove(entry)) byText.delete(entry.results.text);
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
  return delta === 0 ? parsed : new BlockMover(parsed.origin.movedTo(parsed.origin.firstLine + delta), delta).move(parsed);
}

/**
 * Copies the nodes of one block to another place. The block and its XML nodes
 * keep offsets into the block's text, which do not change: they only get the
 * new origin. Variables and problems are plain objects: their ranges move.
 * (Methods, not closures: this runs for every repeated block.)
 */
class BlockMover {
  constructor(private readonly origin: BlockOrigin, private readonly delta: number) {}

  move(parsed: ParsedStanzaBlock): ParsedStanzaBlock {
    const { block } = parsed;
    if (!(block instanceof StanzaBlockNode)) throw new Error("the block memo moves only blocks read by stanzaXml.ts");
    const moved = block.movedTo(this.origin, mapList(block.variables, this.variable, this));
    return { block: moved, origin: this.origin, problems: mapList(parsed.problems, this.problem, this) };
  }

  private range(range: Range): Range {
    return {
      start: { line: range.start.line + this.delta, character: range.start.character },
      end: { line: range.end.line + this.delta, character: range.end.character },
    };
  }

  private span(span: TextSpan): TextSpan {
    return span instanceof LineSpan ? span.movedBy(this.delta) : { text: span.text, range: this.range(span.range) };
  }

  private variable(v: VariableReference): VariableReference {
    return { ...v, range: this.range(v.range), client: this.span(v.client), kind: this.span(v.kind) };
  }

  private problem(p: SyntaxProblem): SyntaxProblem {
    return { ...p, range: this.range(p.range) };
  }
}

/** `list.map`, except that an empty list stays the same (shared) empty list. */
function mapList<T, This>(list: readonly T[], map: (this: This, item: T) => T, self: This): readonly T[] {
  return list.length === 0 ? list : list.map(map, self);
}
