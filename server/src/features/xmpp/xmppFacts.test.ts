import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { allNamespaces, allowsChild, conditionMeaning, elementSchema, mucStatusCode, namespaceInfo, specLabel, specLink, valueMeaning } from "./xmppFacts";

/** Namespaces the hand-written table knew before the data replaced it: none may be lost. */
const FORMERLY_HAND_WRITTEN = [
  "jabber:client", "jabber:iq:roster", "jabber:iq:version", "jabber:iq:register", "jabber:iq:private", "jabber:iq:last",
  "urn:xmpp:ping", "urn:xmpp:time", "urn:xmpp:delay", "urn:xmpp:mam:2", "urn:xmpp:sid:0", "urn:xmpp:blocking",
  "urn:xmpp:carbons:2", "urn:xmpp:forward:0", "urn:xmpp:bookmarks:1", "urn:xmpp:extdisco:2", "urn:xmpp:http:upload:0",
  "urn:ietf:params:xml:ns:xmpp-stanzas", "vcard-temp", "vcard-temp:x:update",
  "jabber:x:data", "storage:bookmarks", "jabber:x:conference", "urn:xmpp:hints", "urn:xmpp:chat-markers:0",
  ...["disco#info", "disco#items", "muc", "muc#user", "muc#owner", "muc#admin", "pubsub", "pubsub#owner", "pubsub#event",
    "pubsub#errors", "caps", "nick", "rsm", "commands"].map((name) => `http://jabber.org/protocol/${name}`),
];

describe("the XMPP facts (generated xmppData.json)", () => {
  it("covers the common namespaces of XMPP specs, each with its elements", () => {
    const missing = FORMERLY_HAND_WRITTEN.filter((uri) => !namespaceInfo(uri)?.hasSchema);
    assert.deepEqual(missing, []);
  });

  it("gives namespaces a specification with an https URL that matches its number", () => {
    for (const { uri, spec } of allNamespaces()) {
      if (!spec) continue;
      const expected = spec.kind === "XEP"
        ? `https://xmpp.org/extensions/xep-${String(spec.number).padStart(4, "0")}.html`
        : `https://www.rfc-editor.org/rfc/rfc${spec.number}`;
      assert.equal(spec.url, expected, uri);
    }
  });

  it("knows where the common namespaces come from", () => {
    assert.equal(namespaceInfo("jabber:iq:roster")?.spec?.number, 6121);
    assert.equal(namespaceInfo("http://jabber.org/protocol/disco#info")?.spec?.number, 30);
    assert.equal(namespaceInfo("urn:xmpp:mam:2")?.spec?.number, 313);
    assert.equal(namespaceInfo("urn:example:unknown"), undefined);
  });

  it("labels and links specifications the way the XSF and the RFC Editor name them", () => {
    const ping = namespaceInfo("urn:xmpp:ping")!.spec!;
    assert.equal(specLabel(ping), "XEP-0199: XMPP Ping");
    assert.equal(specLink(ping), "[XEP-0199: XMPP Ping](https://xmpp.org/extensions/xep-0199.html)");
    assert.equal(specLabel(namespaceInfo("jabber:client")!.spec!), "RFC 6120: XMPP Core");
  });

  it("lists a namespace's top elements first", () => {
    assert.equal(namespaceInfo("http://jabber.org/protocol/muc#user")?.elements[0], "x");
    assert.deepEqual(namespaceInfo("jabber:iq:version")?.topElements, ["query"]);
  });

  it("describes an element's attributes, enumerated values and children", () => {
    const iq = elementSchema("jabber:client", "iq")!;
    assert.deepEqual(iq.attributes.get("type"), { required: true, values: ["get", "set", "result", "error"] });
    assert.equal(iq.anyChildren, true);
    const rosterQuery = elementSchema("jabber:iq:roster", "query")!;
    assert.equal(allowsChild(rosterQuery, "jabber:iq:roster", "item"), true);
    assert.equal(allowsChild(rosterQuery, "jabber:iq:roster", "items"), false);
    assert.deepEqual(elementSchema("jabber:client", "show")?.textValues, ["away", "chat", "dnd", "xa"]);
  });

  it("carries the overrides: presence types without 'available', message type 'normal', XEP-0363 <header>, XEP-0215 ftp", () => {
    assert.equal(elementSchema("jabber:client", "presence")!.attributes.get("type")!.values!.includes("available"), false);
    assert.ok(elementSchema("jabber:client", "message")!.attributes.get("type")!.values!.includes("normal"));
    assert.ok(elementSchema("urn:xmpp:http:upload:0", "header"));
    assert.ok(elementSchema("urn:xmpp:extdisco:2", "service")!.attributes.get("type")!.values!.includes("ftp"));
  });

  it("says what MUC status codes, error conditions and stanza types mean", () => {
    assert.match(mucStatusCode("110")!.purpose, /presence refers to one of its own room occupants/);
    assert.match(conditionMeaning("urn:ietf:params:xml:ns:xmpp-stanzas", "item-not-found")!, /cannot be found/);
    assert.match(valueMeaning({ namespace: "jabber:client", name: "error" }, "type", "wait")!, /temporary/);
    assert.equal(valueMeaning({ namespace: "urn:example:other", name: "error" }, "type", "wait"), undefined);
  });

  it("answers nothing, rather than an inherited property, for names like constructor", () => {
    assert.equal(mucStatusCode("constructor"), undefined);
    assert.equal(elementSchema("jabber:client", "constructor"), undefined);
    assert.equal(namespaceInfo("__proto__"), undefined);
    assert.equal(conditionMeaning("urn:ietf:params:xml:ns:xmpp-stanzas", "toString"), undefined);
  });
});
