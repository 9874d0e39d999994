import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { closingTagAt, linkedTagNamesAt } from "./tagEditing";
import { parseWithCursor, textAt } from "@support/features/cursor";
import { applyTextEdits } from "@support/features/edits";

const HEADER = "# Tags\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: pw\n\n-----\n\nRomeo connects\n\n";

function closing(marked: string): string | undefined {
  const { doc, position } = parseWithCursor(HEADER + marked);
  return closingTagAt(doc, position)?.snippet;
}

function linked(marked: string): string[] | undefined {
  const { doc, position } = parseWithCursor(HEADER + marked);
  return linkedTagNamesAt(doc, position)?.ranges.map((range) => `${range.start.line - 10}:${range.start.character}-${range.end.character} ${textAt(doc, range)}`);
}

describe("the end tag inserted after a start tag is typed", () => {
  it("closes the element whose start tag the typed > ends", () => {
    assert.equal(closing("Romeo sends:\n\t<message>|"), "$0</message>");
  });

  it("closes a start tag with attributes, a prefix, or one spread over lines", () => {
    assert.equal(closing("Romeo sends:\n\t<message to='juliet@localhost' type=\"chat\">|"), "$0</message>");
    assert.equal(closing("Romeo sends:\n\t<stream:features>|"), "$0</stream:features>");
    assert.equal(closing("Romeo sends:\n\t<iq type='get'\n\t\tid='1'>|"), "$0</iq>");
  });

  it("closes an element nested in an open one, even when the open one is closed further down", () => {
    assert.equal(closing("Romeo sends:\n\t<iq type='get' id='1'>\n\t\t<query xmlns='jabber:iq:version'>|\n\t</iq>"), "$0</query>");
  });

  it("closes a new element typed before another of the same name that has its own end tag", () => {
    assert.equal(closing("Romeo sends:\n\t<message>\n\t\t<body>|<body>hi</body>\n\t</message>"), "$0</body>");
  });

  it("inserts nothing when the element already has its end tag (a > typed again)", () => {
    assert.equal(closing("Romeo sends:\n\t<message>|\n\t\t<body>hi</body>\n\t</message>"), undefined);
  });

  it("inserts nothing after a self-closing tag, an end tag, a comment or a > inside a value", () => {
    assert.equal(closing("Romeo sends:\n\t<presence/>|"), undefined);
    assert.equal(closing("Romeo sends:\n\t<message></message>|"), undefined);
    assert.equal(closing("Romeo sends:\n\t<!-- note -->|"), undefined);
    assert.equal(closing("Romeo sends:\n\t<message>\n\t\t<body>a > b|"), undefined);
    assert.equal(closing("Romeo sends:\n\t<message id='a>|"), undefined);
  });

  it("inserts nothing outside a stanza block: action lines, headers, comments", () => {
    assert.equal(closing("Romeo sends:>|"), undefined);
    assert.equal(closing("# <message>|\nRomeo disconnects"), undefined);
    const { doc, position } = parseWithCursor("# Tags\n\n[Client] Romeo\n\tjid: <x>|\n\tpassword: pw\n\n-----\n");
    assert.equal(closingTagAt(doc, position), undefined);
  });

  it("escapes what a snippet would read as a placeholder", () => {
    assert.equal(closing("Romeo sends:\n\t<a$1>|"), "$0</a\\$1>");
  });
});

describe("the start and end tag names edited together", () => {
  const MESSAGE = "Romeo sends:\n\t<message type='chat'>\n\t\t<body>hi</body>\n\t</message>\n";

  it("links the start tag's name with its end tag's name, from either", () => {
    const expected = ["1:2-9 message", "3:3-10 message"];
    assert.deepEqual(linked(MESSAGE.replace("<message", "<mes|sage")), expected);
    assert.deepEqual(linked(MESSAGE.replace("</message", "</message|")), expected);
    assert.deepEqual(linked(MESSAGE.replace("<message", "<|message")), expected, "at the start of the name");
  });

  it("links an inner element's tags on one line", () => {
    assert.deepEqual(linked(MESSAGE.replace("<body>", "<bo|dy>")), ["2:3-7 body", "2:12-16 body"]);
  });

  it("links the pair that belongs together when elements of one name nest", () => {
    const nested = "Romeo sends:\n\t<x>\n\t\t<x>inner</x>\n\t</x>\n";
    assert.deepEqual(linked(nested.replace("\t<x>\n", "\t<|x>\n")), ["1:2-3 x", "3:3-4 x"]);
    assert.deepEqual(linked(nested.replace("\t\t<x>", "\t\t<|x>")), ["2:3-4 x", "2:12-13 x"]);
  });

  it("still links the tags of an element while another part of the block is malformed", () => {
    assert.deepEqual(linked("Romeo sends:\n\t<message>\n\t\t<body>hi</body>\n\t\t<x\n\t</mess|age>\n"), ["1:2-9 message", "4:3-10 message"]);
  });

  it("links nothing for a self-closing element, an unclosed one, an attribute or text", () => {
    assert.equal(linked("Romeo sends:\n\t<pres|ence/>\n"), undefined);
    assert.equal(linked("Romeo sends:\n\t<mess|age>\n"), undefined);
    assert.equal(linked(MESSAGE.replace("type=", "ty|pe=")), undefined);
    assert.equal(linked(MESSAGE.replace(">hi<", ">h|i<")), undefined);
  });

  it("gives ranges that, edited alike, keep the block well-formed", () => {
    const { doc, position } = parseWithCursor(HEADER + MESSAGE.replace("<message", "<|message"));
    const ranges = linkedTagNamesAt(doc, position)!.ranges;
    const edited = applyTextEdits(doc.lines.join("\n"), ranges.map((range) => ({ range, newText: "presence" })));
    assert.match(edited, /<presence type='chat'>\n\t\t<body>hi<\/body>\n\t<\/presence>/);
  });
});
