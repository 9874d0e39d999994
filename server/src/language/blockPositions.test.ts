import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BlockPositions } from "./blockPositions";
import { parseStanzaBlock } from "./stanzaXml";
import type { Range, XmlElementNode } from "./syntaxTree";

const LINES = ["\t<a>", "\t\tx", "\t</a>"];
const TEXT_LENGTH = LINES.join("\n").length;

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

describe("BlockPositions", () => {
  it("turns offsets of the joined lines into document lines and UTF-16 columns", () => {
    const positions = BlockPositions.ofLines(LINES, 7, TEXT_LENGTH);
    assert.deepEqual(positions.at(0), { line: 7, character: 0 });
    assert.deepEqual(positions.at(4), { line: 7, character: 4 }, "the line break belongs to the end of its line");
    assert.deepEqual(positions.at(5), { line: 8, character: 0 });
    assert.deepEqual(positions.at(TEXT_LENGTH), { line: 9, character: 5 });
  });

  it("clamps offsets outside the text to its ends", () => {
    const positions = BlockPositions.ofLines(LINES, 7, TEXT_LENGTH);
    assert.deepEqual(positions.at(-3), { line: 7, character: 0 });
    assert.deepEqual(positions.at(TEXT_LENGTH + 9), { line: 9, character: 5 });
  });

  it("gives one object for one offset, and one range for one start and end", () => {
    const positions = BlockPositions.ofLines(LINES, 7, TEXT_LENGTH);
    assert.equal(positions.at(6), positions.at(6));
    assert.equal(positions.range(1, 4), positions.range(1, 4));
    assert.equal(positions.range(1, 4).end, positions.range(4, 6).start);
    assert.deepEqual(positions.range(1, 6), range(7, 1, 8, 1));
  });

  it("never hands one block's objects to another block read at the same time", () => {
    const first = BlockPositions.ofLines(LINES, 7, TEXT_LENGTH);
    const early = first.at(2);
    const second = BlockPositions.ofLines(["abc"], 40, 3);
    assert.deepEqual(second.at(2), { line: 40, character: 2 });
    assert.deepEqual(first.at(2), { line: 7, character: 2 });
    assert.deepEqual(early, { line: 7, character: 2 });
  });

  it("moves a parsed block's ranges to another first line", () => {
    const spans = LINES.map((text, index) => ({ text, range: range(3 + index, 0, 3 + index, text.length) }));
    const positions = BlockPositions.ofSpans(spans, 20);
    assert.deepEqual(positions.moved(range(3, 1, 5, 5), 3), range(20, 1, 22, 5));
    assert.equal(positions.moved(range(3, 1, 4, 2), 3).end, positions.moved(range(4, 2, 5, 1), 3).start);
    assert.deepEqual(positions.moved(range(9, 1, 9, 40), 3), range(26, 1, 26, 40), "a range outside the block still moves");
  });

  it("stays exact for a block too long to share objects", () => {
    const long = ["x".repeat(20_000), "\t<b/>"];
    const positions = BlockPositions.ofLines(long, 0, 20_006);
    assert.deepEqual(positions.range(20_002, 20_006), range(1, 1, 1, 5));
  });
});

describe("parseStanzaBlock: shared positions", () => {
  it("gives the range of a self-closing element and its start tag as one object", () => {
    const [presence] = parseStanzaBlock(["\t<presence type='unavailable'/>"], 0).block.elements;
    assert.equal(presence?.range, presence?.startTagRange);
    assert.deepEqual(presence?.range, range(0, 1, 0, 31));
  });

  it("starts a text where the start tag before it ends, with the same position object", () => {
    const [message] = parseStanzaBlock(["\t<message><body>Hi</body></message>"], 0).block.elements;
    const body = message?.children[0] as XmlElementNode;
    assert.equal(body.children[0]?.range.start, body.startTagRange.end);
    assert.deepEqual(body.children[0]?.range, range(0, 16, 0, 18));
  });

  it("starts an attribute's range and its name's range at the same position object", () => {
    const [iq] = parseStanzaBlock(["\t<iq type='get'/>"], 0).block.elements;
    assert.equal(iq?.attributes[0]?.range.start, iq?.attributes[0]?.nameRange.start);
    assert.deepEqual(iq?.attributes[0]?.range, range(0, 5, 0, 15));
  });
});
