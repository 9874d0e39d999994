import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parse } from "ltx";
import { parseSpec } from "../language/parser";
import type { ReceiveAction, SpecDocument, VariableKind } from "../language/syntaxTree";
import { substituteVariables } from "../runner/expectedStanza";
import { matchStanza } from "../runner/matcher";
import { prettyStanza } from "./stanzaText";
import type { ClientJids } from "../language/jid";
import { acceptReceivedEdit, markAttributeAny, setStrictFalse } from "./acceptReceived";
import { applyTextEdits } from "@support/features/edits";

const HEADER = [
  "[Client] Romeo",
  "\tjid: romeo@localhost",
  "\tpassword: password",
  "",
  "[Client] Juliet",
  "\tjid: juliet@localhost",
  "\tpassword: password",
  "",
  "-----",
  "",
].join("\n");

const JIDS: ReadonlyMap<string, ClientJids> = new Map([
  ["Romeo", { bare: "romeo@localhost", full: "romeo@localhost/orchard" }],
  ["Juliet", { bare: "juliet@localhost", full: "juliet@localhost/balcony" }],
]);

/** The n-th receive action of a spec (0-based). */
function receiveOf(doc: SpecDocument, nth = 0): ReceiveAction {
  const receives = doc.actions.filter((action): action is ReceiveAction => action.kind === "receives");
  assert.ok(receives[nth], `the spec has receive #${nth}`);
  return receives[nth];
}

/** Applies the accept edit to the body and returns the new body (what follows the header). */
function accept(body: string, received: string, nth = 0, elementIndex = 0): string {
  const text = HEADER + body;
  const doc = parseSpec(text);
  const edit = acceptReceivedEdit(doc, receiveOf(doc, nth), parse(received), JIDS, elementIndex);
  assert.ok(edit, "an edit is offered");
  return applyTextEdits(text, [edit]).slice(HEADER.length);
}

/** The accepted spec's expectation, variables filled in from JIDS, matches what was received. */
function assertMatchesAfterAccepting(body: string, received: string, nth = 0): void {
  const doc = parseSpec(HEADER + body);
  assert.deepEqual(doc.problems.filter((problem) => problem.severity === "error"), []);
  const resolve = (client: string, kind: VariableKind) => (kind === "JID" ? JIDS.get(client)?.bare : JIDS.get(client)?.full);
  const expected = substituteVariables(receiveOf(doc, nth).block!.elements[0]!, resolve);
  const result = matchStanza(expected, parse(received));
  assert.ok(result.matched, result.matched ? "" : result.difference);
}

const VERSION_SPEC = [
  "Romeo sends:",
  "\t<iq type='get' id='version1' to='localhost'>",
  "\t\t<query xmlns='jabber:iq:version'/>",
  "\t</iq>",
  "",
  "Romeo receives:",
  "\t<iq type='result' id='version1' from='localhost'>",
  "\t\t<query xmlns='jabber:iq:version'>",
  "\t\t\t<name>ejabberd</name>",
  "\t\t\t<version scansion:strict='false'/>",
  "\t\t</query>",
  "\t</iq>",
  "",
  "Romeo disconnects",
  "",
].join("\n");

const VERSION_RECEIVED = "<iq type='result' id='version1' from='localhost' to='romeo@localhost/orchard'><query xmlns='jabber:iq:version'><name>Prosody</name><version>0.12.3</version></query></iq>";

describe("accepting the received stanza in place of the expected one", () => {
  it("writes the received stanza in the block's tabs and single quotes, with the client's full JID as a variable", () => {
    const accepted = accept(VERSION_SPEC, VERSION_RECEIVED);
    assert.equal(accepted, VERSION_SPEC.replace([
      "\t<iq type='result' id='version1' from='localhost'>",
      "\t\t<query xmlns='jabber:iq:version'>",
      "\t\t\t<name>ejabberd</name>",
      "\t\t\t<version scansion:strict='false'/>",
      "\t\t</query>",
      "\t</iq>",
    ].join("\n"), [
      "\t<iq type='result' id='version1' from='localhost' to='${Romeo's full JID}'>",
      "\t\t<query xmlns='jabber:iq:version'>",
      "\t\t\t<name>Prosody</name>",
      "\t\t\t<version scansion:strict='false'>0.12.3</version>",
      "\t\t</query>",
      "\t</iq>",
    ].join("\n")));
    assertMatchesAfterAccepting(accepted, VERSION_RECEIVED);
  });

  it("follows a block written with two-space indentation and double quotes, and marks generated values {scansion:any}", () => {
    const body = [
      "Juliet receives:",
      "  <message from=\"${Romeo's full JID}\" type=\"chat\">",
      "    <body>Hi</body>",
      "  </message>",
      "",
    ].join("\n");
    const received = "<message from='romeo@localhost/orchard' to='juliet@localhost/balcony' type='chat' id='lx5f'><body>Hello</body>"
      + "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='2024-05-01T10:00:00Z'/></message>";
    const accepted = accept(body, received);
    assert.equal(accepted, [
      "Juliet receives:",
      "  <message from=\"${Romeo's full JID}\" to=\"${Juliet's full JID}\" type=\"chat\" id=\"{scansion:any}\">",
      "    <body>Hello</body>",
      "    <delay xmlns=\"urn:xmpp:delay\" from=\"localhost\" stamp=\"{scansion:any}\"/>",
      "  </message>",
      "",
    ].join("\n"));
    assertMatchesAfterAccepting(accepted, received);
  });

  it("writes a bare JID as ${X's JID} and prefers the full JID when a value is one", () => {
    const body = ["Romeo receives:", "\t<presence/>", ""].join("\n");
    const received = "<presence from='room@conference.localhost/Juliet'><x xmlns='http://jabber.org/protocol/muc#user'><item jid='juliet@localhost' affiliation='member'/><item jid='romeo@localhost/orchard' role='moderator'/></x></presence>";
    const accepted = accept(body, received);
    assert.match(accepted, /<item jid='\$\{Juliet's JID\}' affiliation='member'\/>/);
    assert.match(accepted, /<item jid='\$\{Romeo's full JID\}' role='moderator'\/>/);
    assert.match(accepted, /from='room@conference\.localhost\/Juliet'/, "other JIDs stay as they are");
    assertMatchesAfterAccepting(accepted, received);
  });

  it("keeps the matchers the expected stanza had on the attributes it still has", () => {
    const body = [
      "Romeo receives:",
      "\t<iq type='result' id='{scansion:any}' from='{scansion:capture:server}'>",
      "\t\t<time xmlns='urn:xmpp:time'/>",
      "\t</iq>",
      "",
    ].join("\n");
    const received = "<iq type='result' id='abc' from='localhost'><time xmlns='urn:xmpp:time'><tzo>+00:00</tzo></time></iq>";
    const accepted = accept(body, received);
    assert.match(accepted, /<iq type='result' id='\{scansion:any\}' from='\{scansion:capture:server\}'>/);
    assertMatchesAfterAccepting(accepted, received);
  });

  it("marks the varying values it knows: roster versions, occupant ids, archive ids", () => {
    const body = ["Romeo receives:", "\t<iq type='result'/>", ""].join("\n");
    const received = "<iq type='result' id='sent-by-server'><query xmlns='jabber:iq:roster' ver='42'/>"
      + "<occupant-id xmlns='urn:xmpp:occupant-id:0' id='x1'/><stanza-id xmlns='urn:xmpp:sid:0' id='x2' by='localhost'/></iq>";
    const accepted = accept(body, received);
    assert.match(accepted, /<iq type='result' id='\{scansion:any\}'>/);
    assert.match(accepted, /<query xmlns='jabber:iq:roster' ver='\{scansion:any\}'\/>/);
    assert.match(accepted, /<occupant-id xmlns='urn:xmpp:occupant-id:0' id='\{scansion:any\}'\/>/);
    assert.match(accepted, /<stanza-id xmlns='urn:xmpp:sid:0' id='\{scansion:any\}' by='localhost'\/>/);
  });

  it("replaces only the failing element of a block that expects several", () => {
    const body = ["Romeo receives:", "\t<presence type='available'/>", "\t<message type='chat'/>", ""].join("\n");
    const accepted = accept(body, "<message type='normal'/>", 0, 1);
    assert.equal(accepted, ["Romeo receives:", "\t<presence type='available'/>", "\t<message type='normal'/>", ""].join("\n"));
  });

  it("takes the received stanza as XML text as well, also in the pretty form a failure reports", () => {
    const doc = parseSpec(HEADER + VERSION_SPEC);
    const fromElement = acceptReceivedEdit(doc, receiveOf(doc), parse(VERSION_RECEIVED), JIDS);
    assert.deepEqual(acceptReceivedEdit(doc, receiveOf(doc), VERSION_RECEIVED, JIDS), fromElement);
    assert.deepEqual(acceptReceivedEdit(doc, receiveOf(doc), prettyStanza(parse(VERSION_RECEIVED)), JIDS), fromElement);
  });

  it("offers nothing for `receives: nothing`, a malformed block or unreadable received XML", () => {
    const nothing = parseSpec(HEADER + "Romeo receives: nothing\n");
    assert.equal(acceptReceivedEdit(nothing, receiveOf(nothing), "<presence/>", JIDS), undefined);
    const malformed = parseSpec(HEADER + "Romeo receives:\n\t<presence>\n");
    assert.equal(acceptReceivedEdit(malformed, receiveOf(malformed), "<presence/>", JIDS), undefined);
    const doc = parseSpec(HEADER + VERSION_SPEC);
    assert.equal(acceptReceivedEdit(doc, receiveOf(doc), "<iq", JIDS), undefined);
  });
});

describe("marking an expected attribute {scansion:any}", () => {
  it("replaces the value of the attribute a mismatch points at", () => {
    const text = HEADER + VERSION_SPEC.replace("<name>ejabberd</name>", "<name>Prosody</name>").replace("from='localhost'>", "from='example.org'>");
    const doc = parseSpec(text);
    const mismatch = matchStanza(receiveOf(doc).block!.elements[0]!, parse(VERSION_RECEIVED));
    assert.ok(!mismatch.matched);
    const edit = markAttributeAny(doc, mismatch.range);
    assert.ok(edit);
    assert.match(applyTextEdits(text, [edit]), /<iq type='result' id='version1' from='\{scansion:any\}'>/);
  });

  it("offers nothing outside a receive's attributes, or when the value is already {scansion:any}", () => {
    const doc = parseSpec(HEADER + VERSION_SPEC.replace("id='version1' from", "id='{scansion:any}' from"));
    const sendsId = doc.actions[0]!.kind === "sends" ? doc.actions[0].block!.elements[0]!.attributes[1]! : undefined;
    assert.equal(markAttributeAny(doc, sendsId!.range), undefined, "a sent attribute is not matched");
    const anyId = receiveOf(doc).block!.elements[0]!.attributes[1]!;
    assert.equal(markAttributeAny(doc, anyId.valueRange), undefined);
    assert.equal(markAttributeAny(doc, receiveOf(doc).lineRange), undefined);
  });
});

describe("making an expected element non-strict", () => {
  it("adds scansion:strict='false' at the end of the start tag, in the block's quote mark", () => {
    const body = ["Romeo receives:", "\t<iq type=\"result\">", "\t\t<query xmlns=\"jabber:iq:version\" />", "\t</iq>", ""].join("\n");
    const text = HEADER + body;
    const doc = parseSpec(text);
    const query = receiveOf(doc).block!.elements[0]!.children.find((child) => child.type === "element")!;
    const edit = setStrictFalse(doc, query.range);
    assert.ok(edit);
    assert.match(applyTextEdits(text, [edit]), /<query xmlns="jabber:iq:version" scansion:strict="false" \/>/);
    const iq = receiveOf(doc).block!.elements[0]!;
    assert.match(applyTextEdits(text, [setStrictFalse(doc, iq.startTagRange)!]), /<iq type="result" scansion:strict="false">/);
  });

  it("turns an explicit scansion:strict='true' into false, and offers nothing when it is false already", () => {
    const text = HEADER + VERSION_SPEC.replace("<query xmlns='jabber:iq:version'>", "<query xmlns='jabber:iq:version' scansion:strict='true'>");
    const doc = parseSpec(text);
    const query = receiveOf(doc).block!.elements[0]!.children.find((child) => child.type === "element")!;
    assert.match(applyTextEdits(text, [setStrictFalse(doc, query.startTagRange)!]), /<query xmlns='jabber:iq:version' scansion:strict='false'>/);
    assert.equal(query.type === "element" ? setStrictFalse(doc, query.children.filter((c) => c.type === "element")[1]!.range) : "n/a", undefined);
  });

  it("offers nothing in a sends block", () => {
    const doc = parseSpec(HEADER + VERSION_SPEC);
    assert.equal(setStrictFalse(doc, doc.actions[0]!.range), undefined);
  });
});
