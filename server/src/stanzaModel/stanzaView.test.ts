import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SCANSION_NAMESPACE, XML_NAMESPACE } from "../language/syntaxTree";
import { shortNamespace, viewOfReceived } from "./stanzaView";
import { receivedFromXml, receivedOnStream } from "@support/stanzas";

describe("short namespaces for paths and messages", () => {
  const rows: ReadonlyArray<readonly [string, string]> = [
    ["http://jabber.org/protocol/muc#user", "muc#user"],
    ["http://jabber.org/protocol/pubsub#owner", "pubsub#owner"],
    ["http://jabber.org/protocol/disco#info", "disco#info"],
    ["http://etherx.jabber.org/streams", "streams"],
    ["http://jabber.org/protocol/rsm/", "rsm"],
    ["https://example.org", "https://example.org"],
    ["urn:ietf:params:xml:ns:xmpp-stanzas", "xmpp-stanzas"],
    ["urn:xmpp:mam:2", "urn:xmpp:mam:2"],
    ["jabber:x:data", "jabber:x:data"],
    ["vcard-temp:x:update", "vcard-temp:x:update"],
    ["", '""'],
  ];
  for (const [namespace, short] of rows) {
    it(`shortens ${JSON.stringify(namespace)} to ${short}`, () => assert.equal(shortNamespace(namespace), short));
  }
});

describe("reading a received stanza", () => {
  it("resolves default and prefixed namespaces and drops declarations from the attributes", () => {
    const view = viewOfReceived(receivedFromXml("<iq xmlns:s='http://etherx.jabber.org/streams' type='get'><q:query xmlns:q='jabber:iq:roster'><item/></q:query><ping xmlns='urn:xmpp:ping'/></iq>"));
    assert.equal(view.namespace, "jabber:client");
    assert.deepEqual(view.attributes.map((a) => a.name), ["type"]);
    const [query, ping] = view.elements;
    assert.deepEqual([query!.localName, query!.namespace, query!.elements[0]!.namespace], ["query", "jabber:iq:roster", "jabber:client"]);
    assert.deepEqual([ping!.localName, ping!.namespace], ["ping", "urn:xmpp:ping"]);
  });

  it("gives xml:lang the XML namespace and prefixed attributes their declared one", () => {
    const view = viewOfReceived(receivedFromXml("<message xml:lang='en' xmlns:e='urn:example' e:flag='1'/>"));
    assert.deepEqual(view.attributes.map((a) => [a.localName, a.namespace]), [["lang", XML_NAMESPACE], ["flag", "urn:example"]]);
  });

  it("never reads scansion:* attributes as attributes", () => {
    const view = viewOfReceived(receivedFromXml(`<message xmlns:scansion='${SCANSION_NAMESPACE}' scansion:strict='true' to='a'/>`));
    assert.deepEqual(view.attributes.map((a) => a.name), ["to"]);
  });

  it("inherits the default namespace from the stream element, else from the given stream namespace", () => {
    assert.equal(viewOfReceived(receivedOnStream("<presence/>", "xmlns='jabber:server'")).namespace, "jabber:server");
    assert.equal(viewOfReceived(receivedFromXml("<presence/>"), undefined, "jabber:component:accept").namespace, "jabber:component:accept");
  });

  it("joins the direct text children and keeps them in order with the elements", () => {
    const view = viewOfReceived(receivedFromXml("<body>a<b/>c</body>"));
    assert.equal(view.text, "ac");
    assert.deepEqual(view.children.map((c) => (typeof c === "string" ? c : `<${c.name}>`)), ["a", "<b>", "c"]);
  });
});
