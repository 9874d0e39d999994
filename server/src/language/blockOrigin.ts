/**
 * Where a stanza block's text stands in the document. The block's nodes keep
 * offsets into the block's text (its lines joined with "\n") and ask their
 * origin for positions and ranges when a reader wants them.
 *
 * Why offsets and not Position objects: a 12,000-line spec has ~20,000 XML
 * nodes with ~45,000 ranges; as objects they were two thirds of the tree and
 * most of what the garbage collector copied after a first parse (see
 * docs/PERFORMANCE.md). Readers see no difference: `node.range` is still a
 * plain Range, made on each read.
 */
import type { Position, Range } from "./syntaxTree";

export class BlockOrigin {
  /** For a block's lines, the first of them on document line `firstLine`. */
  static ofLines(lines: readonly string[], firstLine: number): BlockOrigin {
    const lineStarts: number[] = [];
    let offset = 0;
    for (const line of lines) {
      lineStarts.push(offset);
      offset += line.length + 1;
    }
    return new BlockOrigin(lineStarts, firstLine, Math.max(offset - 1, 0));
  }

  /** `lineStarts`: offset of each line's first character; `length`: of the joined text. */
  private constructor(private readonly lineStarts: readonly number[], readonly firstLine: number, readonly length: number) {}

  /** The same text standing at another first line (offsets, and so nodes' data, stay the same). */
  movedTo(firstLine: number): BlockOrigin {
    return firstLine === this.firstLine ? this : new BlockOrigin(this.lineStarts, firstLine, this.length);
  }

  /** Offset of the first character of line `index` of the block. */
  lineStart(index: number): number {
    return this.lineStarts[index] ?? 0;
  }

  /** The document position of `offset` (clamped to the block's text). */
  at(offset: number): Position {
    const clamped = offset < 0 ? 0 : offset > this.length ? this.length : offset;
    const line = this.lineIndexOf(clamped);
    return { line: this.firstLine + line, character: clamped - (this.lineStarts[line] ?? 0) };
  }

  /** The range from offset `start` to offset `end`. */
  range(start: number, end: number): Range {
    return { start: this.at(start), end: this.at(end) };
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
