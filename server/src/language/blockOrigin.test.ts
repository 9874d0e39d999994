import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BlockOrigin } from "./blockOrigin";
import type { Range } from "./syntaxTree";

const LINES = ["\t<a>", "\t\tx", "\t</a>"];
const TEXT_LENGTH = LINES.join("\n").length;

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

describe("BlockOrigin", () => {
  it("turns offsets of the joined lines into document lines and UTF-16 columns", () => {
    const origin = BlockOrigin.ofLines(LINES, 7);
    assert.deepEqual(origin.at(0), { line: 7, character: 0 });
    assert.deepEqual(origin.at(4), { line: 7, character: 4 }, "the line break belongs to the end of its line");
    assert.deepEqual(origin.at(5), { line: 8, character: 0 });
    assert.deepEqual(origin.at(TEXT_LENGTH), { line: 9, character: 5 });
    assert.deepEqual(origin.range(1, 6), range(7, 1, 8, 1));
  });

  it("clamps offsets outside the text to its ends", () => {
    const origin = BlockOrigin.ofLines(LINES, 7);
    assert.deepEqual(origin.at(-3), { line: 7, character: 0 });
    assert.deepEqual(origin.at(TEXT_LENGTH + 9), { line: 9, character: 5 });
  });

  it("moves the same text to another first line", () => {
    const moved = BlockOrigin.ofLines(LINES, 3).movedTo(20);
    assert.deepEqual(moved.range(1, 14), range(20, 1, 22, 5));
    assert.equal(moved.lineStart(2), 9);
  });

  it("places a block without lines at its first line", () => {
    assert.deepEqual(BlockOrigin.ofLines([], 4).at(0), { line: 4, character: 0 });
  });
});
