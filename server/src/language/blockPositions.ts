/**
 * Positions and ranges of one stanza block, built from offsets into the
 * block's text, with equal ones shared: the end of a start tag and the start
 * of the text after it are one Position object, the range of a self-closing
 * element and its start tag one Range object. The tree keeps its shape (plain
 * readonly objects); it only holds fewer of them, which is most of what the
 * garbage collector has to copy after parsing a long spec.
 *
 * The sharing tables live at module level and are reused by every block (no
 * allocation per block); an owner stamp tells whose entry a slot holds, so
 * two readers alive at once only share less, they never see each other's
 * objects.
 */
import type { Position, Range, TextSpan } from "./syntaxTree";

/** Blocks longer than this (characters) get fresh objects instead of tables that would stay that large. */
const MAX_SHARED_LENGTH = 1 << 14;

let positionSlots: (Position | undefined)[] = [];
/** For each start offset, the last range built from it (shared when its end matches too). */
let rangeSlots: (Range | undefined)[] = [];
let stamps = new Int32Array(0);
let lastStamp = 0;

function nextStamp(length: number): number {
  if (length + 1 > stamps.length) {
    const size = Math.max(length + 1, stamps.length * 2, 256);
    stamps = new Int32Array(size);
    positionSlots = new Array<Position | undefined>(size).fill(undefined);
    rangeSlots = new Array<Range | undefined>(size).fill(undefined);
    lastStamp = 0;
  }
  if (lastStamp === 0x7fffffff) {
    stamps.fill(0);
    lastStamp = 0;
  }
  return ++lastStamp;
}

export class BlockPositions {
  /** 0 when the block is too long to share. */
  private readonly stamp: number;

  /** For the lines of a block, `textLength` that of the lines joined with "\n" (offsets beyond it are clamped). */
  static ofLines(lines: readonly string[], firstLine: number, textLength: number): BlockPositions {
    const lineStarts: number[] = [];
    let offset = 0;
    for (const line of lines) {
      lineStarts.push(offset);
      offset += line.length + 1;
    }
    return new BlockPositions(lineStarts, firstLine, textLength);
  }

  /** For a parsed block's lines, placed at `firstLine`. */
  static ofSpans(lines: readonly TextSpan[], firstLine: number): BlockPositions {
    const lineStarts: number[] = [];
    let offset = 0;
    for (const line of lines) {
      lineStarts.push(offset);
      offset += line.text.length + 1;
    }
    return new BlockPositions(lineStarts, firstLine, Math.max(offset - 1, 0));
  }

  /** `lineStarts`: offset of each line's first character, the lines being joined with one "\n". */
  private constructor(private readonly lineStarts: readonly number[], private readonly firstLine: number, private readonly length: number) {
    this.stamp = length <= MAX_SHARED_LENGTH ? nextStamp(length) : 0;
  }

  /** Offset of the first character of line `index` of the block. */
  lineStart(index: number): number {
    return this.lineStarts[index] ?? 0;
  }

  /** The document position of `offset` (clamped to the block's text). */
  at(offset: number): Position {
    const key = offset < 0 ? 0 : offset > this.length ? this.length : offset;
    const shared = this.sharedPosition(key);
    if (shared !== undefined) return shared;
    const line = this.lineIndexOf(key);
    return this.remember(key, { line: this.firstLine + line, character: key - (this.lineStarts[line] ?? 0) });
  }

  /** The range from `start` to `end` (offsets). */
  range(start: number, end: number): Range {
    return this.share(start < 0 ? 0 : start > this.length ? this.length : start, this.at(start), this.at(end));
  }

  /**
   * `range` of the same block parsed at `parsedFirstLine`, moved to this
   * block's first line: equal to a fresh parse's range, sharing as it would.
   */
  moved(range: Range, parsedFirstLine: number): Range {
    const startKey = this.keyOf(range.start, parsedFirstLine);
    const endKey = this.keyOf(range.end, parsedFirstLine);
    const delta = this.firstLine - parsedFirstLine;
    if (startKey < 0 || endKey < 0) {
      // Never so for ranges of a parsed block; moved without sharing all the same.
      return {
        start: { line: range.start.line + delta, character: range.start.character },
        end: { line: range.end.line + delta, character: range.end.character },
      };
    }
    const from = this.sharedPosition(startKey) ?? this.remember(startKey, { line: range.start.line + delta, character: range.start.character });
    const to = this.sharedPosition(endKey) ?? this.remember(endKey, { line: range.end.line + delta, character: range.end.character });
    return this.share(startKey, from, to);
  }

  /** The offset of a position within the block's text, or -1 when it is not one. */
  private keyOf(position: Position, parsedFirstLine: number): number {
    const index = position.line - parsedFirstLine;
    const lineStart = this.lineStarts[index];
    if (lineStart === undefined) return -1;
    const lineEnd = index + 1 < this.lineStarts.length ? (this.lineStarts[index + 1] ?? 0) - 1 : this.length;
    const key = lineStart + position.character;
    return position.character >= 0 && key <= lineEnd ? key : -1;
  }

  private sharedPosition(key: number): Position | undefined {
    return this.stamp !== 0 && stamps[key] === this.stamp ? positionSlots[key] : undefined;
  }

  private remember(key: number, position: Position): Position {
    if (this.stamp !== 0) {
      if (stamps[key] !== this.stamp) {
        stamps[key] = this.stamp;
        rangeSlots[key] = undefined;
      }
      positionSlots[key] = position;
    }
    return position;
  }

  /** One Range object per start offset and end position. */
  private share(key: number, from: Position, to: Position): Range {
    if (this.stamp === 0 || stamps[key] !== this.stamp) return { start: from, end: to };
    const shared = rangeSlots[key];
    if (shared !== undefined && shared.start === from && shared.end === to) return shared;
    const range: Range = { start: from, end: to };
    rangeSlots[key] = range;
    return range;
  }

  private lineIndexOf(offset: number): number {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.lineStarts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
