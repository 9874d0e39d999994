import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseStanzaBlock } from "./stanzaXml";
import { BlockOrigin } from "./blockOrigin";
import { copyWith, LineSpan, XmlElement } from "./treeNodes";
import type { Range, XmlElementNode, XmlTextNode } from "./syntaxTree";

function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

const LINES = ["\t<message to='a@b' type='chat'>", "\t\t<body>Hi</body>", "\t</message>"];

function message(firstLine = 4): XmlElementNode {
  const [element] = parseStanzaBlock(LINES, firstLine).block.elements;
  assert.ok(element);
  return element;
}

describe("tree nodes", () => {
  it("make plain ranges from their offsets when read", () => {
    const element = message();
    assert.deepEqual(element.range, range(4, 1, 6, 11));
    assert.deepEqual(element.nameRange, range(4, 2, 4, 9));
    assert.deepEqual(element.startTagRange, range(4, 1, 4, 31));
    assert.deepEqual(element.attributes[1]?.valueRange, range(4, 25, 4, 29));
    assert.equal(Object.getPrototypeOf(element.range), Object.prototype, "a Range is a plain object, as LSP wants");
  });

  it("copyWith changes data fields and keeps the ranges, where a spread would lose them", () => {
    const element = message();
    const attribute = element.attributes[0]!;
    const copied = copyWith(attribute, { value: "c@d" });
    assert.equal(copied.value, "c@d");
    assert.equal(attribute.value, "a@b", "the original is untouched");
    assert.deepEqual(copied.valueRange, attribute.valueRange);
    assert.equal(({ ...attribute } as { range?: Range }).range, undefined, "why copyWith exists");
    const body = element.children.find((child): child is XmlElementNode => child.type === "element")!;
    const text = copyWith(body.children[0] as XmlTextNode, { text: "Bye" });
    assert.deepEqual([text.type, text.text, text.range], ["text", "Bye", range(5, 8, 5, 10)]);
  });

  it("give their ranges to JSON.stringify", () => {
    const json = JSON.parse(JSON.stringify(message())) as { range: Range; attributes: { nameRange: Range }[]; children: { type: string }[] };
    assert.deepEqual(json.range, range(4, 1, 6, 11));
    assert.deepEqual(json.attributes[0]?.nameRange, range(4, 10, 4, 12));
    assert.deepEqual(json.children.map((child) => child.type), ["text", "element", "text"]);
  });

  it("move with their block: an element moved to another origin reads as one parsed there", () => {
    const moved = (message(4) as XmlElement).movedTo(BlockOrigin.ofLines(LINES, 40));
    assert.deepEqual(JSON.parse(JSON.stringify(moved)), JSON.parse(JSON.stringify(message(40))));
  });

  it("a one-line span knows its range, and where it stands after lines are inserted above", () => {
    const span = new LineSpan("Juliet", 7, 2);
    assert.deepEqual(span.range, range(7, 2, 7, 8));
    assert.deepEqual(span.movedBy(3).range, range(10, 2, 10, 8));
    assert.deepEqual(new LineSpan("Juliet's", 1, 2, 14).range, range(1, 2, 1, 14), "an explicit end, for text written with entities");
  });
});
