import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { namespaceInfo, specLabel, specLink, XMPP_NAMESPACES } from "./xmppNamespaces";

const REQUIRED = [
  "jabber:client", "jabber:iq:roster", "jabber:iq:version", "jabber:iq:register", "jabber:iq:private", "jabber:iq:last",
  "urn:xmpp:ping", "urn:xmpp:time", "urn:xmpp:delay", "urn:xmpp:mam:2", "urn:xmpp:sid:0", "urn:xmpp:blocking",
  "urn:xmpp:carbons:2", "urn:xmpp:forward:0", "urn:xmpp:bookmarks:1", "urn:xmpp:extdisco:2", "urn:xmpp:http:upload:0",
  "urn:ietf:params:xml:ns:xmpp-stanzas", "urn:ietf:params:xml:ns:vcard-4.0", "vcard-temp", "vcard-temp:x:update",
  "jabber:x:data", "storage:bookmarks", "jabber:x:conference", "urn:xmpp:hints", "urn:xmpp:chat-markers:0",
  ...["disco#info", "disco#items", "muc", "muc#user", "muc#owner", "muc#admin", "pubsub", "pubsub#owner", "pubsub#event",
    "pubsub#errors", "caps", "nick", "rsm"].map((name) => `http://jabber.org/protocol/${name}`),
];

describe("XMPP_NAMESPACES", () => {
  it("covers the common namespaces of XMPP specs", () => {
    const missing = REQUIRED.filter((uri) => namespaceInfo(uri) === undefined);
    assert.deepEqual(missing, []);
  });

  it("lists each namespace once", () => {
    const uris = XMPP_NAMESPACES.map((entry) => entry.uri);
    assert.equal(new Set(uris).size, uris.length);
  });

  it("gives every namespace a specification with a number, a title and an https URL that matches the number", () => {
    for (const { uri, spec } of XMPP_NAMESPACES) {
      assert.ok(spec.number > 0 && spec.title.length > 0, uri);
      const expected = spec.kind === "XEP"
        ? `https://xmpp.org/extensions/xep-${String(spec.number).padStart(4, "0")}.html`
        : `https://www.rfc-editor.org/rfc/rfc${spec.number}`;
      assert.equal(spec.url, expected, uri);
    }
  });

  it("gives every namespace a short name and at least one typical element", () => {
    for (const entry of XMPP_NAMESPACES) {
      assert.ok(entry.shortName.length > 0, entry.uri);
      assert.ok(entry.elements.length > 0, entry.uri);
    }
  });

  it("knows where the common namespaces come from", () => {
    assert.equal(namespaceInfo("jabber:iq:roster")?.spec.number, 6121);
    assert.equal(namespaceInfo("http://jabber.org/protocol/disco#info")?.spec.number, 30);
    assert.equal(namespaceInfo("urn:xmpp:mam:2")?.spec.number, 313);
    assert.equal(namespaceInfo("urn:example:unknown"), undefined);
  });

  it("labels and links specifications the way the XSF and the RFC Editor name them", () => {
    const ping = namespaceInfo("urn:xmpp:ping")!.spec;
    assert.equal(specLabel(ping), "XEP-0199: XMPP Ping");
    assert.equal(specLink(ping), "[XEP-0199: XMPP Ping](https://xmpp.org/extensions/xep-0199.html)");
    assert.match(specLabel(namespaceInfo("jabber:client")!.spec), /^RFC 6120: /);
  });
});
