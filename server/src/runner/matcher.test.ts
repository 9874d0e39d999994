import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { matchStanza, type MismatchKind } from "./matcher";
import { expectedFromBlock, receivedFromXml, receivedOnStream } from "@support/stanzas";

/** One rule of docs/scansion-language.md §2.4 shown on one expected block and one received stanza. */
interface Row {
  readonly it: string;
  /** Block text as written in a spec. */
  readonly expected: string;
  /** Received stanza as it comes off the wire. */
  readonly received: string;
  /** Undefined when the received stanza must match; otherwise the one-line difference. */
  readonly difference?: string;
  readonly kind?: MismatchKind;
  readonly captures?: Readonly<Record<string, string>>;
}

function runTable(rows: readonly Row[]): void {
  for (const row of rows) {
    it(row.it, () => {
      const result = matchStanza(expectedFromBlock(row.expected), receivedFromXml(row.received));
      if (row.difference === undefined) {
        assert.equal(result.matched, true, result.matched ? "" : `unexpected difference: ${result.difference}`);
        if (result.matched && row.captures) assert.deepEqual(result.captures, row.captures);
        return;
      }
      assert.equal(result.matched, false, "the received stanza should not match");
      if (result.matched) return;
      assert.equal(result.difference, row.difference);
      assert.equal(result.difference, `${result.path}: ${result.detail}`);
      if (row.kind) assert.equal(result.kind, row.kind);
    });
  }
}

const MUC_USER = "http://jabber.org/protocol/muc#user";
const DISCO_INFO = "http://jabber.org/protocol/disco#info";

describe("matching names and namespaces (§2.4.5)", () => {
  runTable([
    { it: "matches a stanza with the same name in jabber:client", expected: "\t<message/>", received: "<message/>" },
    {
      it: "fails when the top-level element has another name",
      expected: "\t<iq type='result'/>", received: "<message type='result'/>",
      difference: "iq: expected <iq>, received <message>", kind: "element-name",
    },
    {
      it: "fails when the top-level element is in another namespace",
      expected: "\t<presence/>", received: "<presence xmlns='jabber:server'/>",
      difference: 'presence: expected namespace "jabber:client", received "jabber:server"', kind: "element-namespace",
    },
    {
      it: "compares namespaces, not prefixes",
      expected: "\t<iq><query xmlns='jabber:iq:roster'/></iq>", received: "<iq><r:query xmlns:r='jabber:iq:roster'/></iq>",
    },
    {
      it: "fails when a child has the right name in another namespace",
      expected: `\t<presence><x xmlns='${MUC_USER}'/></presence>`, received: "<presence><x xmlns='http://jabber.org/protocol/muc'/></presence>",
      difference: `presence/x{muc#user}: expected namespace "${MUC_USER}", received "http://jabber.org/protocol/muc"`, kind: "element-namespace",
    },
    {
      it: "finds the <x> of the expected namespace among two <x> children",
      expected: `\t<presence>\n\t\t<x xmlns='${MUC_USER}'>\n\t\t\t<item affiliation='member' role='participant'/>\n\t\t</x>\n\t</presence>`,
      received: `<presence><x xmlns='vcard-temp:x:update'><photo/></x><x xmlns='${MUC_USER}'><item affiliation='member' role='participant'/></x></presence>`,
    },
    {
      it: "explains a missing child with the received child that came closest",
      expected: `\t<presence>\n\t\t<x xmlns='${MUC_USER}'>\n\t\t\t<item affiliation='member' role='participant'/>\n\t\t</x>\n\t</presence>`,
      received: `<presence><x xmlns='vcard-temp:x:update'/><x xmlns='${MUC_USER}'><item affiliation='none' role='participant'/></x></presence>`,
      difference: 'presence/x{muc#user}/item@affiliation: expected "member", received "none"', kind: "attribute-value",
    },
  ]);

  it("takes the namespace of a received top-level stanza from its stream", () => {
    const expected = expectedFromBlock("\t<message type='chat'/>");
    assert.equal(matchStanza(expected, receivedOnStream("<message type='chat'/>")).matched, true);
    const onServerStream = receivedOnStream("<message type='chat'/>", "xmlns='jabber:server'");
    const result = matchStanza(expected, onServerStream);
    assert.equal(result.matched ? "" : result.difference, 'message: expected namespace "jabber:client", received "jabber:server"');
  });
});

describe("matching attributes (§2.4.1, §2.4.3)", () => {
  runTable([
    {
      it: "ignores an extra received attribute in a non-strict element (issue1121: type='unavailable')",
      expected: "\t<presence from=\"juliet@localhost\" to=\"romeo@localhost\"/>",
      received: "<presence from='juliet@localhost' to='romeo@localhost' type='unavailable'/>",
    },
    {
      it: "fails when an expected attribute is missing",
      expected: "\t<iq type='result' id='lx1'/>", received: "<iq type='result'/>",
      difference: 'iq@id: expected "lx1", received no attribute', kind: "attribute-missing",
    },
    {
      it: "fails when an attribute value differs",
      expected: "\t<iq type='result' id='lx1'/>", received: "<iq type='error' id='lx1'/>",
      difference: 'iq@type: expected "result", received "error"', kind: "attribute-value",
    },
    {
      it: "compares values as plain strings (no JID normalisation)",
      expected: "\t<message from='romeo@localhost'/>", received: "<message from='Romeo@localhost'/>",
      difference: 'message@from: expected "romeo@localhost", received "Romeo@localhost"',
    },
    { it: "accepts any value for {scansion:any}", expected: "\t<iq type='result' id='{scansion:any}'/>", received: "<iq type='result' id='abc'/>" },
    {
      it: "requires the attribute to exist for {scansion:any}",
      expected: "\t<iq type='result' id='{scansion:any}'/>", received: "<iq type='result'/>",
      difference: "iq@id: expected any value, received no attribute", kind: "attribute-missing",
    },
    {
      it: "never compares a namespace declaration such as xmlns:stream",
      expected: "\t<iq type='result' xmlns:stream='http://etherx.jabber.org/streams'>\n\t\t<pubsub xmlns='http://jabber.org/protocol/pubsub'/>\n\t</iq>",
      received: "<iq type='result' id='pub1'><pubsub xmlns='http://jabber.org/protocol/pubsub'/></iq>",
    },
    {
      it: "never compares scansion:* directives",
      expected: "\t<iq><query xmlns='jabber:iq:version' scansion:strict='true'/></iq>", received: "<iq><query xmlns='jabber:iq:version'/></iq>",
    },
    {
      it: "compares xml:lang like any other attribute",
      expected: "\t<message xml:lang='en'/>", received: "<message xml:lang='de'/>",
      difference: 'message@xml:lang: expected "en", received "de"', kind: "attribute-value",
    },
    {
      it: "refuses an extra xml:lang on a strict element",
      expected: `\t<iq><query xmlns='${DISCO_INFO}'/></iq>`, received: `<iq><query xmlns='${DISCO_INFO}' xml:lang='en'/></iq>`,
      difference: 'iq/query{disco#info}@xml:lang: unexpected attribute, received "en"', kind: "attribute-unexpected",
    },
    {
      it: "decodes entities in expected values (&apos;)",
      expected: "\t<presence><status code='&apos;110&apos;'/></presence>", received: "<presence><status code=\"'110'\"/></presence>",
    },
    {
      it: "matches a prefixed attribute by namespace, whatever its prefix",
      expected: "\t<message xmlns:a='urn:example:a' a:mark='1'/>", received: "<message xmlns:b='urn:example:a' b:mark='1'/>",
    },
  ]);
});

describe("choosing strict or non-strict per element (§2.4.2)", () => {
  runTable([
    {
      it: "makes a namespaced element strict: an extra attribute fails (roster ver)",
      expected: "\t<iq type='result'><query xmlns='jabber:iq:roster'/></iq>", received: "<iq type='result'><query xmlns='jabber:iq:roster' ver='3'/></iq>",
      difference: 'iq/query{jabber:iq:roster}@ver: unexpected attribute, received "3"', kind: "attribute-unexpected",
    },
    {
      it: "keeps a delay strict, so its stamp needs {scansion:any}",
      expected: "\t<message><delay xmlns='urn:xmpp:delay' from='localhost'/></message>",
      received: "<message><delay xmlns='urn:xmpp:delay' from='localhost' stamp='2024-01-01T00:00:00Z'/></message>",
      difference: 'message/delay{urn:xmpp:delay}@stamp: unexpected attribute, received "2024-01-01T00:00:00Z"',
    },
    {
      it: "accepts any stamp on a delay written with {scansion:any}",
      expected: "\t<message><delay xmlns='urn:xmpp:delay' from='localhost' stamp='{scansion:any}'/></message>",
      received: "<message><delay xmlns='urn:xmpp:delay' from='localhost' stamp='2024-01-01T00:00:00Z'/></message>",
    },
    {
      it: "keeps descendants that inherit a namespace strict (pubsub#owner affiliations)",
      expected: "\t<iq><pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><affiliations node='n'/></pubsub></iq>",
      received: "<iq><pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><affiliations node='n'><affiliation jid='admin@localhost' affiliation='owner'/></affiliations></pubsub></iq>",
      difference: "iq/pubsub{pubsub#owner}/affiliations: unexpected element <affiliation jid='admin@localhost' affiliation='owner'>", kind: "child-unexpected",
    },
    {
      it: "makes a namespaced element lenient with scansion:strict='false' (disco_self)",
      expected: `\t<iq type='result'><query xmlns='${DISCO_INFO}' scansion:strict='false'><identity category='pubsub' type='pep'/></query></iq>`,
      received: `<iq type='result'><query xmlns='${DISCO_INFO}' node='x'><feature var='a'/><identity category='pubsub' type='pep'/></query></iq>`,
    },
    {
      it: "makes a jabber:client element strict with scansion:strict='true'",
      expected: "\t<presence scansion:strict='true' from='juliet@localhost'/>", received: "<presence from='juliet@localhost' type='unavailable'/>",
      difference: 'presence@type: unexpected attribute, received "unavailable"', kind: "attribute-unexpected",
    },
    {
      it: "lets a scansion:strict='false' child of a strict parent have any text (version.scs)",
      expected: "\t<iq type='result' id='lx2'>\n\t\t<query xmlns='jabber:iq:version' scansion:strict='true'>\n\t\t\t<name>Prosody</name>\n\t\t\t<version scansion:strict='false'/>\n\t\t</query>\n\t</iq>",
      received: "<iq type='result' id='lx2' from='localhost' to='romeo@localhost/x'><query xmlns='jabber:iq:version'><name>Prosody</name><version>0.12.3</version></query></iq>",
    },
    {
      it: "still holds the strict parent to its children's count (version.scs with an os)",
      expected: "\t<iq type='result' id='lx2'>\n\t\t<query xmlns='jabber:iq:version' scansion:strict='true'>\n\t\t\t<name>Prosody</name>\n\t\t\t<version scansion:strict='false'/>\n\t\t</query>\n\t</iq>",
      received: "<iq type='result' id='lx2'><query xmlns='jabber:iq:version'><name>Prosody</name><version>0.12.3</version><os>Linux</os></query></iq>",
      difference: "iq/query{jabber:iq:version}: unexpected element <os>", kind: "child-unexpected",
    },
    {
      it: "checks the text of a strict child (version.scs name)",
      expected: "\t<iq type='result'>\n\t\t<query xmlns='jabber:iq:version' scansion:strict='true'>\n\t\t\t<name>Prosody</name>\n\t\t\t<version scansion:strict='false'/>\n\t\t</query>\n\t</iq>",
      received: "<iq type='result'><query xmlns='jabber:iq:version'><name>Metronome</name><version>4</version></query></iq>",
      difference: 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "Metronome"', kind: "text-different",
    },
    {
      it: "treats a nested jabber:client message as non-strict again (MAM forwarded)",
      expected: "\t<message><result xmlns='urn:xmpp:mam:2' queryid='q1' id='{scansion:any}'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='chat'><body>Hi</body></message></forwarded></result></message>",
      received: "<message><result xmlns='urn:xmpp:mam:2' queryid='q1' id='a1'><forwarded xmlns='urn:xmpp:forward:0'><message xmlns='jabber:client' type='chat' id='m1' from='a@localhost'><body>Hi</body><origin-id xmlns='urn:xmpp:sid:0' id='o'/></message></forwarded></result></message>",
    },
  ]);

  const serverInfoForm = (fields: string) =>
    `\t<iq type='result' id='disco'>\n\t\t<query xmlns='${DISCO_INFO}' scansion:strict='false'>\n\t\t\t<x xmlns='jabber:x:data' type='result'>\n${fields}\t\t\t</x>\n\t\t</query>\n\t</iq>`;
  const field = (name: string, value: string) => `\t\t\t\t<field var='${name}' type='list-multi'><value>${value}</value></field>\n`;
  const expectedForm = serverInfoForm(
    "\t\t\t\t<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field>\n" +
      field("abuse-addresses", "mailto:abuse@localhost") + field("admin-addresses", "mailto:admin@localhost"),
  );
  const receivedForm = (fields: string) =>
    `<iq type='result' id='disco' from='localhost'><query xmlns='${DISCO_INFO}'><identity category='server' type='im' name='Prosody'/><feature var='urn:xmpp:ping'/><x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field>${fields}</x></query></iq>`;
  const abuse = "<field var='abuse-addresses' type='list-multi'><value>mailto:abuse@localhost</value></field>";
  const admin = "<field var='admin-addresses' type='list-multi'><value>mailto:admin@localhost</value></field>";

  runTable([
    {
      it: "ignores extra identities and features in a query marked strict='false' (server_contact_info)",
      expected: expectedForm, received: receivedForm(abuse + admin),
    },
    {
      it: "keeps the jabber:x:data form inside that query strict: field order matters (server_contact_info)",
      expected: expectedForm, received: receivedForm(admin + abuse),
      difference: "iq/query{disco#info}/x{jabber:x:data}/field[2]: out of order: expected as child 2, received as child 3", kind: "child-order",
    },
  ]);
});

describe("matching text (§2.4.4)", () => {
  runTable([
    { it: "accepts any text where a non-strict element expects none", expected: "\t<message><body/></message>", received: "<message><body>Hello</body></message>" },
    {
      it: "ignores whitespace-only expected text in a non-strict element",
      expected: "\t<message>\n\t\t<body>\n\t\t</body>\n\t</message>", received: "<message><body>Hello</body></message>",
    },
    {
      it: "compares non-empty text after trimming both sides",
      expected: "\t<message>\n\t\t<body>\n\t\t\tHello\n\t\t</body>\n\t</message>", received: "<message><body> Hello\n</body></message>",
    },
    {
      it: "fails when the text differs",
      expected: "\t<message><body>Hello</body></message>", received: "<message><body>Goodbye</body></message>",
      difference: 'message/body: expected text "Hello", received "Goodbye"', kind: "text-different",
    },
    {
      it: "fails when the expected text is missing",
      expected: "\t<message><body>Hello</body></message>", received: "<message><body/></message>",
      difference: 'message/body: expected text "Hello", received no text', kind: "text-missing",
    },
    {
      it: "matches an empty received query to a whitespace-only strict one (roster ver any)",
      expected: "\t<iq type='result' id='roster1'>\n\t\t<query xmlns='jabber:iq:roster' ver='{scansion:any}'>\n\t\t</query>\n\t</iq>",
      received: "<iq type='result' id='roster1' to='bob@localhost/r'><query xmlns='jabber:iq:roster' ver='1'/></iq>",
    },
    {
      it: "accepts whitespace-only received text in a strict element",
      expected: "\t<iq><query xmlns='jabber:iq:roster'/></iq>", received: "<iq><query xmlns='jabber:iq:roster'>\n  </query></iq>",
    },
    {
      it: "accepts any text where a strict element is written without text (an upload slot's token)",
      expected: "\t<iq><slot xmlns='urn:xmpp:http:upload:0'><put url='{scansion:any}'><header name='Authorization'></header></put></slot></iq>",
      received: "<iq><slot xmlns='urn:xmpp:http:upload:0'><put url='http://u/x'><header name='Authorization'>Bearer eyJhbGciOi.x.y</header></put></slot></iq>",
    },
    {
      it: "accepts any text where a strict element is written self-closing",
      expected: "\t<iq><query xmlns='jabber:iq:version'><version/></query></iq>", received: "<iq><query xmlns='jabber:iq:version'><version>13.0.1</version></query></iq>",
    },
    {
      it: "accepts any text where a strict element holds only whitespace",
      expected: "\t<iq><query xmlns='jabber:iq:roster'>\n\t</query></iq>", received: "<iq><query xmlns='jabber:iq:roster'>surprise</query></iq>",
    },
    {
      it: "still compares text that is written, in a strict element",
      expected: "\t<iq><slot xmlns='urn:xmpp:http:upload:0'><put url='{scansion:any}'><header name='Authorization'>Bearer a</header></put></slot></iq>",
      received: "<iq><slot xmlns='urn:xmpp:http:upload:0'><put url='http://u/x'><header name='Authorization'>Bearer b</header></put></slot></iq>",
      difference: 'iq/slot{urn:xmpp:http:upload:0}/put/header: expected text "Bearer a", received "Bearer b"', kind: "text-different",
    },
    {
      it: "decodes &#10; in expected text (muc_create_destroy note)",
      expected: `\t<presence><x xmlns='${MUC_USER}'><destroy><reason>Gone&#10;for good</reason></destroy></x></presence>`,
      received: `<presence><x xmlns='${MUC_USER}'><destroy><reason>Gone\nfor good</reason></destroy></x></presence>`,
    },
    {
      it: "shows newlines escaped when &#10; text differs",
      expected: `\t<presence><x xmlns='${MUC_USER}'><destroy><reason>Gone&#10;for good</reason></destroy></x></presence>`,
      received: `<presence><x xmlns='${MUC_USER}'><destroy><reason>Gone for good</reason></destroy></x></presence>`,
      difference: 'presence/x{muc#user}/destroy/reason: expected text "Gone\\nfor good", received "Gone for good"',
    },
    {
      it: "ignores the indentation of a pretty-printed received stanza",
      expected: "\t<iq><query xmlns='jabber:iq:version'><name>Prosody</name></query></iq>",
      received: "<iq>\n  <query xmlns='jabber:iq:version'>\n    <name>Prosody</name>\n  </query>\n</iq>",
    },
  ]);
});

describe("matching the children of a non-strict element (§2.4.5)", () => {
  runTable([
    {
      it: "ignores extra received children",
      expected: "\t<message type='chat'><body>Hi</body></message>",
      received: "<message type='chat'><delay xmlns='urn:xmpp:delay' stamp='x'/><body>Hi</body><x xmlns='vcard-temp:x:update'/></message>",
    },
    {
      it: "ignores the order of children",
      expected: "\t<message><subject>S</subject><body>B</body></message>", received: "<message><body>B</body><subject>S</subject></message>",
    },
    {
      it: "fails when an expected child is missing",
      expected: "\t<message><body>Hi</body></message>", received: "<message><subject>Hi</subject></message>",
      difference: "message/body: missing element", kind: "child-missing",
    },
    {
      it: "pairs one received child with at most one expected child",
      expected: "\t<message><body>Hi</body><body>Hi</body></message>", received: "<message><body>Hi</body></message>",
      difference: "message/body[2]: missing element (the received ones that match are paired with other expected elements)", kind: "child-missing",
    },
    {
      it: "backtracks when an earlier expected child took the received child a later one needs",
      expected: "\t<message><body/><body xml:lang='en'/></message>",
      received: "<message><body xml:lang='en'>Hi</body><body xml:lang='de'>Hallo</body></message>",
    },
    {
      it: "explains with the closest failing candidate even when a matching one is taken",
      expected: `\t<presence><x xmlns='${MUC_USER}' scansion:strict='false'><status code='110'/><status code='110'/></x></presence>`,
      received: `<presence><x xmlns='${MUC_USER}'><status code='110'/><status code='201'/></x></presence>`,
      difference: 'presence/x{muc#user}/status[2]@code: expected "110", received "201"',
    },
    {
      it: "reports the first missing child in document order",
      expected: "\t<message><subject>S</subject><body>B</body></message>", received: "<message/>",
      difference: "message/subject: missing element",
    },
  ]);
});

describe("matching the children of a strict element (§2.4.5)", () => {
  const form = (fields: string) => `<iq><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data'>${fields}</x></query></iq>`;
  runTable([
    { it: "matches the same children in the same order", expected: `\t${form("<field var='a'/><field var='b'/>")}`, received: form("<field var='a'/><field var='b'/>") },
    {
      it: "fails on an extra received child and names it (new pubsub config field)",
      expected: `\t${form("<field var='a'/><field var='b'/>")}`, received: form("<field var='a'/><field var='new' type='boolean'/><field var='b'/>"),
      difference: "iq/query{jabber:iq:register}/x{jabber:x:data}: unexpected element <field var='new' type='boolean'>", kind: "child-unexpected",
    },
    {
      it: "fails on a missing child",
      expected: `\t${form("<field var='a'/><field var='b'/><field var='c'/>")}`, received: form("<field var='a'/><field var='c'/>"),
      difference: "iq/query{jabber:iq:register}/x{jabber:x:data}/field[2]: missing element", kind: "child-missing",
    },
    {
      it: "fails when the order differs",
      expected: `\t${form("<field var='a'/><field var='b'/>")}`, received: form("<field var='b'/><field var='a'/>"),
      difference: "iq/query{jabber:iq:register}/x{jabber:x:data}/field[1]: out of order: expected as child 1, received as child 2", kind: "child-order",
    },
    {
      it: "reports the difference inside a child at the same position",
      expected: `\t${form("<field var='a'><value>1</value></field><field var='b'><value>2</value></field>")}`,
      received: form("<field var='a'><value>1</value></field><field var='b'><value>3</value></field>"),
      difference: 'iq/query{jabber:iq:register}/x{jabber:x:data}/field[2]/value: expected text "2", received "3"', kind: "text-different",
    },
    {
      it: "fails when a child at a position has another name",
      expected: "\t<iq><query xmlns='jabber:iq:version'><name/></query></iq>", received: "<iq><query xmlns='jabber:iq:version'><os/></query></iq>",
      difference: "iq/query{jabber:iq:version}/name: expected <name>, received <os>", kind: "element-name",
    },
    {
      it: "compares each pair in the child's own mode (a jabber:client child inside stays lenient)",
      expected: "\t<iq><wrap xmlns='urn:example:w'><message xmlns='jabber:client' type='chat'/></wrap></iq>",
      received: "<iq><wrap xmlns='urn:example:w'><message xmlns='jabber:client' type='chat' id='extra'><body>x</body></message></wrap></iq>",
    },
  ]);
});

describe("capturing values (§2.4.6)", () => {
  const metadata = (start: string, end: string) =>
    `<iq type='result'><metadata xmlns='urn:xmpp:mam:2'><start id='${start}' timestamp='2024-01-01T00:00:00Z'/><end id='${end}' timestamp='2024-01-01T00:00:05Z'/></metadata></iq>`;
  runTable([
    {
      it: "binds a captured attribute's value under its name",
      expected: "\t<iq type='result'>\n\t\t<metadata xmlns='urn:xmpp:mam:2'>\n\t\t\t<start id='{scansion:capture:first}' timestamp='{scansion:capture:start}'/>\n\t\t\t<end id='{scansion:capture:last}' timestamp='{scansion:capture:end}'/>\n\t\t</metadata>\n\t</iq>",
      received: metadata("a1", "a9"),
      captures: { first: "a1", start: "2024-01-01T00:00:00Z", last: "a9", end: "2024-01-01T00:00:05Z" },
    },
    {
      it: "requires a captured attribute to exist",
      expected: "\t<iq><metadata xmlns='urn:xmpp:mam:2'><start id='{scansion:capture:first}' timestamp='{scansion:any}'/><end id='{scansion:any}' timestamp='{scansion:any}'/></metadata></iq>",
      received: "<iq><metadata xmlns='urn:xmpp:mam:2'><start timestamp='t'/><end id='e' timestamp='t'/></metadata></iq>",
      difference: "iq/metadata{urn:xmpp:mam:2}/start@id: expected a value to capture as first, received no attribute", kind: "attribute-missing",
    },
    {
      it: "rebinds a name captured twice: the later one in document order wins",
      expected: "\t<iq><metadata xmlns='urn:xmpp:mam:2'><start id='{scansion:capture:id}' timestamp='{scansion:any}'/><end id='{scansion:capture:id}' timestamp='{scansion:any}'/></metadata></iq>",
      received: metadata("a1", "a9"),
      captures: { id: "a9" },
    },
    {
      it: "takes captures from the received child the expected child was finally paired with",
      expected: "\t<message><body xml:lang='{scansion:capture:any_lang}'/><body xml:lang='en'/></message>",
      received: "<message><body xml:lang='en'>Hi</body><body xml:lang='de'>Hallo</body></message>",
      captures: { any_lang: "de" },
    },
  ]);
});

describe("pointing at the expected node of a difference", () => {
  const expected = "\t<iq type='result' id='v1'>\n\t\t<query xmlns='jabber:iq:version'>\n\t\t\t<name>Prosody</name>\n\t\t</query>\n\t\t<x xmlns='urn:example:x'/>\n\t</iq>";
  const rangeOf = (received: string) => {
    const result = matchStanza(expectedFromBlock(expected), receivedFromXml(received));
    assert.equal(result.matched, false);
    return result.matched ? undefined : result.range;
  };

  it("points at the attribute whose value differs", () => {
    assert.deepEqual(rangeOf("<iq type='error' id='v1'/>"), { start: { line: 0, character: 5 }, end: { line: 0, character: 18 } });
  });
  it("points at the text that differs", () => {
    const received = "<iq type='result' id='v1'><query xmlns='jabber:iq:version'><name>Other</name></query><x xmlns='urn:example:x'/></iq>";
    assert.deepEqual(rangeOf(received), { start: { line: 2, character: 9 }, end: { line: 2, character: 16 } });
  });
  it("points at the start tag of the element that got an unexpected attribute", () => {
    const received = "<iq type='result' id='v1'><query xmlns='jabber:iq:version' extra='1'><name>Prosody</name></query><x xmlns='urn:example:x'/></iq>";
    assert.deepEqual(rangeOf(received), { start: { line: 1, character: 2 }, end: { line: 1, character: 35 } });
  });
  it("points at the whole element that is missing", () => {
    const received = "<iq type='result' id='v1'><query xmlns='jabber:iq:version'><name>Prosody</name></query></iq>";
    assert.deepEqual(rangeOf(received), { start: { line: 4, character: 2 }, end: { line: 4, character: 28 } });
  });
});
