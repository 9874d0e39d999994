import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compactStanza, prettyStanza, startTagText } from "./stanzaText";
import { viewOfReceived } from "../stanzaModel/stanzaView";
import { expectedFromBlock, receivedFromXml, receivedOnStream } from "@support/stanzas";

/** One stanza, written both as a spec block and as received XML, printed the same way. */
interface Row {
  readonly it: string;
  readonly block: string;
  readonly received: string;
  readonly pretty: string;
  readonly compact: string;
}

const rows: readonly Row[] = [
  {
    it: "prints a top-level jabber:client stanza without xmlns and an empty element self-closed",
    block: "\t<presence/>",
    received: "<presence/>",
    pretty: "<presence/>",
    compact: "<presence/>",
  },
  {
    it: "indents children with tabs and declares a namespace only where it changes",
    block: "\t<iq type='result' id='info1'>\n\t\t<query xmlns='http://jabber.org/protocol/disco#info'>\n\t\t\t<identity xmlns='http://jabber.org/protocol/disco#info' category='pubsub' type='pep'/>\n\t\t\t<feature var='urn:xmpp:ping'/>\n\t\t</query>\n\t</iq>",
    received: "<iq type='result' id='info1'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='pubsub' type='pep'/><feature var='urn:xmpp:ping'/></query></iq>",
    pretty: "<iq type='result' id='info1'>\n\t<query xmlns='http://jabber.org/protocol/disco#info'>\n\t\t<identity category='pubsub' type='pep'/>\n\t\t<feature var='urn:xmpp:ping'/>\n\t</query>\n</iq>",
    compact: "<iq type='result' id='info1'><query xmlns='http://jabber.org/protocol/disco#info'><identity category='pubsub' type='pep'/><feature var='urn:xmpp:ping'/></query></iq>",
  },
  {
    it: "keeps short text inline, trimmed, and escapes newlines inside it as &#10;",
    block: "\t<message type='chat'>\n\t\t<body>\n\t\t\tHello&#10;again\n\t\t</body>\n\t</message>",
    received: "<message type='chat'><body>Hello\nagain</body></message>",
    pretty: "<message type='chat'>\n\t<body>Hello&#10;again</body>\n</message>",
    compact: "<message type='chat'><body>Hello&#10;again</body></message>",
  },
  {
    it: "puts long text on its own indented line",
    block: `\t<message><body>${"word ".repeat(20).trim()}</body></message>`,
    received: `<message><body>${"word ".repeat(20).trim()}</body></message>`,
    pretty: `<message>\n\t<body>\n\t\t${"word ".repeat(20).trim()}\n\t</body>\n</message>`,
    compact: `<message><body>${"word ".repeat(20).trim()}</body></message>`,
  },
  {
    it: "single-quotes attribute values and escapes what must be escaped",
    block: "\t<message><x xmlns='urn:example:x' note='Romeo&apos;s &amp; &lt;Juliet&gt;'>a &lt; b</x></message>",
    received: "<message><x xmlns='urn:example:x' note=\"Romeo's &amp; &lt;Juliet&gt;\">a &lt; b</x></message>",
    pretty: "<message>\n\t<x xmlns='urn:example:x' note='Romeo&apos;s &amp; &lt;Juliet&gt;'>a &lt; b</x>\n</message>",
    compact: "<message><x xmlns='urn:example:x' note='Romeo&apos;s &amp; &lt;Juliet&gt;'>a &lt; b</x></message>",
  },
  {
    it: "drops whitespace-only text, so an open/close empty element prints self-closed",
    block: "\t<iq type='result'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t</query>\n\t</iq>",
    received: "<iq type='result'><query xmlns='jabber:iq:roster'/></iq>",
    pretty: "<iq type='result'>\n\t<query xmlns='jabber:iq:roster'/>\n</iq>",
    compact: "<iq type='result'><query xmlns='jabber:iq:roster'/></iq>",
  },
  {
    it: "keeps xml:lang without declaring the xml prefix",
    block: "\t<message xml:lang='en'><body>Hi</body></message>",
    received: "<message xml:lang='en'><body>Hi</body></message>",
    pretty: "<message xml:lang='en'>\n\t<body>Hi</body>\n</message>",
    compact: "<message xml:lang='en'><body>Hi</body></message>",
  },
  {
    it: "declares the prefix of a prefixed element where it is first needed",
    block: "\t<iq><r:query xmlns:r='jabber:iq:roster'><r:item jid='a@localhost'/></r:query></iq>",
    received: "<iq><r:query xmlns:r='jabber:iq:roster'><r:item jid='a@localhost'/></r:query></iq>",
    pretty: "<iq>\n\t<r:query xmlns:r='jabber:iq:roster'>\n\t\t<r:item jid='a@localhost'/>\n\t</r:query>\n</iq>",
    compact: "<iq><r:query xmlns:r='jabber:iq:roster'><r:item jid='a@localhost'/></r:query></iq>",
  },
  {
    it: "declares an empty default namespace for an element in no namespace",
    block: "\t<message><x xmlns=''/></message>",
    received: "<message><x xmlns=''/></message>",
    pretty: "<message>\n\t<x xmlns=''/>\n</message>",
    compact: "<message><x xmlns=''/></message>",
  },
];

describe("printing stanzas the same way on both sides", () => {
  for (const row of rows) {
    it(row.it, () => {
      const expected = expectedFromBlock(row.block);
      const received = receivedFromXml(row.received);
      assert.equal(prettyStanza(expected), row.pretty, "expected side, pretty");
      assert.equal(prettyStanza(received), row.pretty, "received side, pretty");
      assert.equal(compactStanza(expected), row.compact, "expected side, compact");
      assert.equal(compactStanza(received), row.compact, "received side, compact");
    });
  }
});

describe("printing details", () => {
  it("leaves out scansion:* directives and the xmlns:stream declaration of expected stanzas", () => {
    const expected = expectedFromBlock("\t<iq type='result' xmlns:stream='http://etherx.jabber.org/streams'>\n\t\t<query xmlns='jabber:iq:version' scansion:strict='true'>\n\t\t\t<version scansion:strict='false'/>\n\t\t</query>\n\t</iq>");
    assert.equal(prettyStanza(expected), "<iq type='result'>\n\t<query xmlns='jabber:iq:version'>\n\t\t<version/>\n\t</query>\n</iq>");
  });

  it("keeps {scansion:any} and capture values, which are part of what is expected", () => {
    const expected = expectedFromBlock("\t<iq id='{scansion:any}'><x xmlns='urn:example:x' at='{scansion:capture:t}'/></iq>");
    assert.equal(compactStanza(expected), "<iq id='{scansion:any}'><x xmlns='urn:example:x' at='{scansion:capture:t}'/></iq>");
  });

  it("prints a stanza received on a jabber:client stream without xmlns", () => {
    assert.equal(compactStanza(receivedOnStream("<message to='a@localhost'><body>x</body></message>")), "<message to='a@localhost'><body>x</body></message>");
  });

  it("declares the stream's namespace when the stanza came on another stream", () => {
    assert.equal(compactStanza(receivedOnStream("<message/>", "xmlns='jabber:server'")), "<message xmlns='jabber:server'/>");
  });

  it("escapes newlines and tabs in attribute values so a start tag stays on one line", () => {
    assert.equal(compactStanza(receivedFromXml("<message note='a&#10;b&#9;c'/>")), "<message note='a&#10;b&#9;c'/>");
  });

  it("indents with the given string and inlines text up to the given length", () => {
    const received = receivedFromXml("<message><body>twelve chars</body></message>");
    assert.equal(prettyStanza(received, { indent: "  ", inlineTextLimit: 11 }), "<message>\n  <body>\n    twelve chars\n  </body>\n</message>");
    assert.equal(prettyStanza(received, { indent: "  ", inlineTextLimit: 12 }), "<message>\n  <body>twelve chars</body>\n</message>");
  });

  it("prints each piece of mixed content on its own line", () => {
    const received = receivedFromXml("<message><body>before<b/>after</body></message>");
    assert.equal(prettyStanza(received), "<message>\n\t<body>\n\t\tbefore\n\t\t<b/>\n\t\tafter\n\t</body>\n</message>");
  });

  it("cuts a long start tag for one-line messages", () => {
    const view = viewOfReceived(receivedFromXml(`<field var='${"v".repeat(200)}'/>`));
    const text = startTagText(view, "jabber:client", 40);
    assert.equal(text.length, 40);
    assert.ok(text.startsWith("<field var='vvv"));
    assert.ok(text.endsWith("…>"));
  });
});
