// The received side of a failure's diff, printed in the expected stanza's order
// (receivedLikeExpected): a diff of the two printed stanzas marks only what differs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { matchStanza, receivedLikeExpected } from "./matcher";
import { prettyStanza, prettyView } from "../writing/stanzaText";
import { expectedFromBlock, receivedFromXml } from "@support/stanzas";
import { viewOfReceived, type ElementView } from "../stanzaModel/stanzaView";

/** The received stanza as the diff shows it. */
function arranged(expectedBlock: string, receivedXml: string): string {
  return prettyView(receivedLikeExpected(expectedFromBlock(expectedBlock), receivedFromXml(receivedXml)));
}

/** The lines of `received` a line diff against `expected` marks (those outside a longest common subsequence of lines). */
function changedLines(expected: string, received: string): string[] {
  const a = expected.split("\n");
  const b = received.split("\n");
  const common = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  }
  const changed: string[] = [];
  let i = 0;
  let j = 0;
  while (j < b.length) {
    if (i < a.length && a[i] === b[j]) { i++; j++; } else if (i < a.length && common[i + 1]![j]! >= common[i]![j + 1]!) i++; else changed.push(b[j++]!);
  }
  return changed;
}

describe("printing the received stanza in the expected one's order", () => {
  it("marks only the <name> line when the version differs, whatever order the server wrote the attributes in", () => {
    const block = "\t<iq type='result' id='version-1' from='localhost'>\n\t\t<query xmlns='jabber:iq:version'>\n\t\t\t<name>Openfire</name>\n\t\t</query>\n\t</iq>";
    const received = "<iq from='localhost' type='result' to='romeo@localhost/x' id='version-1'><query xmlns='jabber:iq:version'><name>Prosody</name><version>0.12.3</version></query></iq>";
    const expected = expectedFromBlock(block);
    const result = matchStanza(expected, receivedFromXml(received));
    assert.equal(result.matched ? "" : result.difference, 'iq/query{jabber:iq:version}/name: expected text "Openfire", received "Prosody"');
    // As received, the first line already differs (from type to id against type id from).
    assert.equal(prettyStanza(receivedFromXml(received)).split("\n")[0], "<iq from='localhost' type='result' to='romeo@localhost/x' id='version-1'>");
    const text = arranged(block, received);
    assert.equal(text, [
      "<iq type='result' id='version-1' from='localhost' to='romeo@localhost/x'>",
      "\t<query xmlns='jabber:iq:version'>",
      "\t\t<name>Prosody</name>",
      "\t\t<version>0.12.3</version>",
      "\t</query>",
      "</iq>",
    ].join("\n"));
    // The diff marks the first line for the extra `to` (at its end), the name, and the extra <version>; nothing else.
    assert.deepEqual(changedLines(prettyStanza(expected), text), [
      "<iq type='result' id='version-1' from='localhost' to='romeo@localhost/x'>",
      "\t\t<name>Prosody</name>",
      "\t\t<version>0.12.3</version>",
    ]);
    // Within the first line, only the tail differs: the expected start tag up to its `>` is its beginning.
    assert.ok(text.startsWith(prettyStanza(expected).split("\n")[0]!.slice(0, -1)));
  });

  it("puts the attributes the expected element names first, in its order, and the others after in received order", () => {
    assert.equal(
      arranged("\t<message type='chat' to='juliet@localhost'/>", "<message id='m1' to='juliet@localhost' from='romeo@localhost' type='chat'/>"),
      "<message type='chat' to='juliet@localhost' id='m1' from='romeo@localhost'/>",
    );
  });

  it("keeps a missing attribute missing and a different value different", () => {
    assert.equal(arranged("\t<presence type='unavailable' id='p1'/>", "<presence id='p2'/>"), "<presence id='p2'/>");
  });

  it("orders the children of a non-strict element as the expected ones, extras last in received order", () => {
    const block = [
      "\t<presence>",
      "\t\t<x xmlns='http://jabber.org/protocol/muc#user'>",
      "\t\t\t<item affiliation='member' role='participant'/>",
      "\t\t</x>",
      "\t\t<c xmlns='http://jabber.org/protocol/caps'/>",
      "\t</presence>",
    ].join("\n");
    const received = "<presence from='room@muc.localhost/romeo'><c xmlns='http://jabber.org/protocol/caps' ver='1'/><delay xmlns='urn:xmpp:delay'/>"
      + "<x xmlns='http://jabber.org/protocol/muc#user'><item role='participant' affiliation='none' jid='romeo@localhost/x'/></x></presence>";
    assert.equal(arranged(block, received), [
      "<presence from='room@muc.localhost/romeo'>",
      "\t<x xmlns='http://jabber.org/protocol/muc#user'>",
      "\t\t<item affiliation='none' role='participant' jid='romeo@localhost/x'/>",
      "\t</x>",
      "\t<c xmlns='http://jabber.org/protocol/caps' ver='1'/>",
      "\t<delay xmlns='urn:xmpp:delay'/>",
      "</presence>",
    ].join("\n"));
  });

  it("pairs same-named children as the matcher does: matching pairs first, then the closest of the rest", () => {
    const block = "\t<message>\n\t\t<thread>one</thread>\n\t\t<thread>three</thread>\n\t</message>";
    // "one" matches the second received <thread>; "three" matches none and is shown next to the one left.
    assert.equal(arranged(block, "<message><thread>two</thread><thread>one</thread></message>"),
      "<message>\n\t<thread>one</thread>\n\t<thread>two</thread>\n</message>");
    const result = matchStanza(expectedFromBlock(block), receivedFromXml("<message><thread>two</thread><thread>one</thread></message>"));
    assert.equal(result.matched ? "" : result.difference, 'message/thread[2]: expected text "three", received "two"');
  });

  it("shows an element in another namespace where the expected one stands", () => {
    assert.equal(
      arranged("\t<presence>\n\t\t<show>away</show>\n\t\t<x xmlns='http://jabber.org/protocol/muc#user'/>\n\t</presence>", "<presence><x xmlns='http://jabber.org/protocol/muc'/><show>away</show></presence>"),
      "<presence>\n\t<show>away</show>\n\t<x xmlns='http://jabber.org/protocol/muc'/>\n</presence>",
    );
  });

  it("keeps the children of a strict element in received order (order is compared there) and arranges each like its partner", () => {
    const block = "\t<iq type='result'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t\t<item jid='a@localhost' name='A'/>\n\t\t\t<item jid='b@localhost'/>\n\t\t</query>\n\t</iq>";
    const received = "<iq type='result'><query xmlns='jabber:iq:roster'><item jid='b@localhost'/><item name='A' jid='a@localhost'/></query></iq>";
    const result = matchStanza(expectedFromBlock(block), receivedFromXml(received));
    assert.equal(result.matched ? "" : result.kind, "child-order");
    assert.equal(arranged(block, received), [
      "<iq type='result'>",
      "\t<query xmlns='jabber:iq:roster'>",
      "\t\t<item jid='b@localhost'/>",
      "\t\t<item jid='a@localhost' name='A'/>",
      "\t</query>",
      "</iq>",
    ].join("\n"));
  });

  it("leaves text as it came, also between reordered elements", () => {
    const block = "\t<message>\n\t\t<body>hello</body>\n\t\t<active xmlns='http://jabber.org/protocol/chatstates'/>\n\t</message>";
    const view = receivedLikeExpected(expectedFromBlock(block), receivedFromXml("<message>before<active xmlns='http://jabber.org/protocol/chatstates'/>between<body> hi </body>after</message>"));
    assert.deepEqual(view.children.map((child) => (typeof child === "string" ? child : `<${child.name}>`)), ["before", "<body>", "between", "<active>", "after"]);
    assert.equal(view.text, "beforebetweenafter");
    assert.equal((view.elements[0]!.children[0] as string), " hi ");
  });
});

/** A random stanza written as XML text (no mixed content, as in the suite). */
interface Shape {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly text: string;
  readonly children: readonly Shape[];
}

const attributesArbitrary = fc.uniqueArray(fc.tuple(fc.constantFrom("type", "id", "to", "from", "var"), fc.constantFrom("a", "b", "1")), { selector: ([name]) => name, maxLength: 4 });
const shapeArbitrary: fc.Memo<Shape> = fc.memo((depth) => fc.record({
  name: fc.constantFrom("x", "item", "field"),
  namespace: fc.option(fc.constantFrom("urn:example:a", "urn:example:b"), { nil: undefined }),
  attributes: attributesArbitrary,
  text: fc.constantFrom("", "t", "u"),
  children: depth > 1 ? fc.array(shapeArbitrary(depth - 1), { maxLength: 3 }) : fc.constant([]),
}));
const stanzaArbitrary = fc.record({ name: fc.constantFrom("message", "iq"), namespace: fc.constant(undefined), attributes: attributesArbitrary, text: fc.constant(""), children: fc.array(shapeArbitrary(3), { maxLength: 4 }) });

/** The stanza as XML; `reverse` writes attributes, and the children of jabber:client elements (non-strict), in reverse order. */
function xmlOf(shape: Shape, reverse: boolean, inClient = true): string {
  const client = shape.namespace === undefined ? inClient : false;
  const xmlns = shape.namespace === undefined ? "" : ` xmlns='${shape.namespace}'`;
  const attributes = (reverse ? [...shape.attributes].reverse() : shape.attributes).map(([name, value]) => ` ${name}='${value}'`).join("");
  const children = reverse && client ? [...shape.children].reverse() : shape.children;
  const body = children.length > 0 ? children.map((child) => xmlOf(child, reverse, client)).join("") : shape.text;
  return body === "" ? `<${shape.name}${xmlns}${attributes}/>` : `<${shape.name}${xmlns}${attributes}>${body}</${shape.name}>`;
}

/** Order-free form: what an arrangement must keep. */
function canonical(view: ElementView): string {
  const attributes = view.attributes.map((a) => `${a.name}=${a.value}`).sort().join(" ");
  return `<${view.name} ${view.namespace} ${attributes}>${view.text}${view.elements.map(canonical).sort().join("")}</>`;
}

describe("arranging any received stanza", () => {
  it("prints a stanza whose attributes and non-strict children came in reverse order exactly as the expected one", () => {
    fc.assert(fc.property(stanzaArbitrary, (stanza) => {
      const expected = expectedFromBlock(`\t${xmlOf(stanza, false)}`);
      const received = receivedFromXml(xmlOf(stanza, true));
      assert.equal(matchStanza(expected, received).matched, true);
      assert.equal(prettyView(receivedLikeExpected(expected, received)), prettyStanza(expected));
    }), { numRuns: 300 });
  });

  it("only reorders: every attribute, element and text of the received stanza is kept", () => {
    fc.assert(fc.property(stanzaArbitrary, stanzaArbitrary, (expectedShape, receivedShape) => {
      const received = receivedFromXml(xmlOf(receivedShape, false));
      const view = receivedLikeExpected(expectedFromBlock(`\t${xmlOf(expectedShape, false)}`), received);
      assert.equal(canonical(view), canonical(viewOfReceived(received)));
    }), { numRuns: 300 });
  });
});
