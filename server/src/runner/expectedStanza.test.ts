import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { VariableKind, XmlElementNode } from "../language/syntaxTree";
import type { VariableResolver } from "../language/variables";
import { parseStanzaBlock } from "../language/stanzaXml";
import { substituteVariables, toLtxElement, UnresolvedVariableError } from "./expectedStanza";
import { matchStanza } from "./matcher";
import { expectedFromBlock, receivedFromXml } from "@support/stanzas";

const JIDS: Readonly<Record<string, Partial<Record<VariableKind, string>>>> = {
  Romeo: { JID: "romeo@localhost", "full JID": "romeo@localhost/balcony" },
  Juliet: { JID: "juliet@localhost" },
  "Juliet's phone": { JID: "juliet@localhost", "full JID": "juliet@localhost/phone" },
};
const resolve: VariableResolver = (client, kind) => JIDS[client]?.[kind];

/** Each row: a block with variables, and what it reads once they are filled in. */
const substitutionRows: ReadonlyArray<{ readonly it: string; readonly block: string; readonly filled: string }> = [
  {
    it: "fills a bare JID into an attribute value",
    block: "\t<presence from=\"${Juliet's JID}\" to=\"${Romeo's JID}\"/>",
    filled: "\t<presence from=\"juliet@localhost\" to=\"romeo@localhost\"/>",
  },
  {
    it: "fills a full JID whose client name contains 's",
    block: "\t<message to=\"${Juliet's phone's full JID}\" type='chat'/>",
    filled: "\t<message to=\"juliet@localhost/phone\" type='chat'/>",
  },
  {
    it: "fills variables in nested elements and in text",
    block: "\t<iq type='set'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t\t<item jid=\"${Romeo's JID}\">${Romeo's full JID}</item>\n\t\t</query>\n\t</iq>",
    filled: "\t<iq type='set'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t\t<item jid=\"romeo@localhost\">romeo@localhost/balcony</item>\n\t\t</query>\n\t</iq>",
  },
  {
    it: "keeps text around a variable",
    block: "\t<message><body>Hello ${Juliet's JID}!</body></message>",
    filled: "\t<message><body>Hello juliet@localhost!</body></message>",
  },
];

/** The parts of a tree that substitution may change, without ranges (they are checked apart). */
function content(element: XmlElementNode): unknown {
  return {
    name: element.name,
    namespace: element.namespace,
    attributes: element.attributes.map((a) => [a.name, a.value, a.matcher.kind]),
    children: element.children.map((c) => (c.type === "text" ? c.text : content(c))),
  };
}

describe("filling variables into an expected stanza", () => {
  for (const row of substitutionRows) {
    it(row.it, () => {
      assert.deepEqual(content(substituteVariables(expectedFromBlock(row.block), resolve)), content(expectedFromBlock(row.filled)));
    });
  }

  it("keeps the ranges of the source, so a difference still points at the block", () => {
    const original = expectedFromBlock("\t<presence>\n\t\t<item jid=\"${Romeo's full JID}\"/>\n\t</presence>");
    const filled = substituteVariables(original, resolve);
    const item = (element: XmlElementNode) => element.children.find((c): c is XmlElementNode => c.type === "element")!;
    assert.deepEqual(item(filled).attributes[0]!.range, item(original).attributes[0]!.range);
    assert.deepEqual(filled.range, original.range);
    const result = matchStanza(filled, receivedFromXml("<presence><item jid='romeo@localhost/other'/></presence>"));
    assert.equal(result.matched ? "" : result.difference, 'presence/item@jid: expected "romeo@localhost/balcony", received "romeo@localhost/other"');
    assert.deepEqual(result.matched ? undefined : result.range, item(original).attributes[0]!.range);
  });

  it("returns the same tree when there is nothing to fill in, and shares unchanged subtrees", () => {
    const plain = expectedFromBlock("\t<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
    assert.equal(substituteVariables(plain, resolve), plain);
    const mixed = expectedFromBlock("\t<iq to=\"${Romeo's JID}\"><ping xmlns='urn:xmpp:ping'/></iq>");
    const filled = substituteVariables(mixed, resolve);
    assert.notEqual(filled, mixed);
    assert.equal(filled.children[0], mixed.children[0]);
  });

  const errorRows: ReadonlyArray<{ readonly it: string; readonly block: string; readonly variable: string; readonly reason: string; readonly line: number }> = [
    { it: "a full JID of a client that has not connected", block: "\t<message to=\"${Juliet's full JID}\"/>", variable: "${Juliet's full JID}", reason: "unresolvable", line: 0 },
    { it: "a client that is not defined", block: "\t<message>\n\t\t<body>${Tybalt's JID}</body>\n\t</message>", variable: "${Tybalt's JID}", reason: "unresolvable", line: 1 },
    { it: "an unknown kind", block: "\t<message to=\"${Romeo's nickname}\"/>", variable: "${Romeo's nickname}", reason: "unknown-kind", line: 0 },
    { it: "a malformed reference", block: "\t<message to=\"${}\"/>", variable: "${}", reason: "malformed", line: 0 },
    { it: "a name no step captured", block: "\t<message>\n\t\t<body>${code}</body>\n\t</message>", variable: "${code}", reason: "not-captured", line: 1 },
  ];
  for (const row of errorRows) {
    it(`throws a typed error naming the variable for ${row.it}`, () => {
      const parsed = parseIgnoringProblems(row.block);
      assert.throws(() => substituteVariables(parsed, resolve), (error: unknown) => {
        assert.ok(error instanceof UnresolvedVariableError);
        assert.equal(error.variable, row.variable);
        assert.equal(error.reason, row.reason);
        assert.equal(error.range.start.line, row.line);
        assert.ok(error.message.includes(row.variable), error.message);
        return true;
      });
    });
  }
});

/** Unknown kinds and malformed references are reported by the parser, yet the tree is there. */
function parseIgnoringProblems(block: string): XmlElementNode {
  const element = parseStanzaBlock(block.split("\n"), 0).block.elements[0];
  assert.ok(element, "block should still give an element");
  return element;
}

describe("building the element to send", () => {
  const rows: ReadonlyArray<{ readonly it: string; readonly block: string; readonly wire: string }> = [
    {
      it: "drops scansion:* directives",
      block: "\t<iq type='get' id='v1' scansion:strict='true'><query xmlns='jabber:iq:version' scansion:strict='false'/></iq>",
      wire: "<iq type=\"get\" id=\"v1\"><query xmlns=\"jabber:iq:version\"/></iq>",
    },
    {
      it: "keeps namespace declarations where they were written, including xmlns:stream",
      block: "\t<iq type='set' id='p1' xmlns:stream='http://etherx.jabber.org/streams'><pubsub xmlns='http://jabber.org/protocol/pubsub'><publish node='n'/></pubsub></iq>",
      wire: "<iq type=\"set\" id=\"p1\" xmlns:stream=\"http://etherx.jabber.org/streams\"><pubsub xmlns=\"http://jabber.org/protocol/pubsub\"><publish node=\"n\"/></pubsub></iq>",
    },
    {
      it: "sends {scansion:any} literally",
      block: "\t<iq type='result' id='{scansion:any}'/>",
      wire: "<iq type=\"result\" id=\"{scansion:any}\"/>",
    },
    {
      it: "keeps text as it is, whitespace and decoded entities included",
      block: "\t<message xml:lang='en'>\n\t\t<body>Romeo&apos;s &amp; Juliet&#10;</body>\n\t</message>",
      wire: "<message xml:lang=\"en\">\n\t\t<body>Romeo's &amp; Juliet\n</body>\n\t</message>",
    },
    {
      it: "keeps empty attribute values",
      block: "\t<iq type='set'><query xmlns='jabber:iq:roster' ver=''/></iq>",
      wire: "<iq type=\"set\"><query xmlns=\"jabber:iq:roster\" ver=\"\"/></iq>",
    },
  ];
  for (const row of rows) {
    it(row.it, () => assert.equal(toLtxElement(expectedFromBlock(row.block)).toString(), row.wire));
  }

  it("drops a written declaration of the scansion prefix", () => {
    const element = expectedFromBlock("\t<message xmlns:scansion='https://matthewwild.co.uk/projects/scansion' scansion:strict='true'/>");
    assert.equal(toLtxElement(element).toString(), "<message/>");
  });

  it("gives a wire stanza that the matcher accepts for the block it came from", () => {
    const block = "\t<iq type='result' id='r1'>\n\t\t<query xmlns='http://jabber.org/protocol/disco#info' node='n'>\n\t\t\t<identity category='pubsub' type='pep'/>\n\t\t\t<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE'><value>urn:x</value></field></x>\n\t\t</query>\n\t</iq>";
    const expected = expectedFromBlock(block);
    const wire = receivedFromXml(toLtxElement(expected).toString());
    assert.equal(matchStanza(expected, wire).matched, true);
  });
});
