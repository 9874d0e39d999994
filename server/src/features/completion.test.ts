import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { CompletionItem, TextEdit } from "vscode-languageserver";
import { completionsAt } from "./completion";
import { parseWithCursor } from "@support/features/cursor";

const HEADER = `# Completion

[Client] Romeo
	jid: romeo@localhost
	password: password

[Client] Juliet's phone
	jid: juliet@localhost
	password: password
	resource: mobile

-----

Romeo connects
`;

/** Completions at the `|` of the fixture. */
function complete(text: string): CompletionItem[] {
  const { doc, position } = parseWithCursor(text);
  return completionsAt(doc, position);
}

function labels(items: CompletionItem[]): string[] {
  return items.map((item) => item.label);
}

function item(items: CompletionItem[], label: string): CompletionItem {
  const found = items.find((candidate) => candidate.label === label);
  assert.ok(found, `no item ${label} among ${JSON.stringify(labels(items))}`);
  return found;
}

/** The line the fixture gets once the item's edit is applied at the cursor. */
function applied(text: string, chosen: CompletionItem): string {
  const { doc, position } = parseWithCursor(text);
  const edit = chosen.textEdit as TextEdit;
  assert.equal(edit.range.start.line, position.line);
  const line = doc.lines[position.line]!;
  return line.slice(0, edit.range.start.character) + edit.newText + line.slice(edit.range.end.character);
}

describe("completionsAt", () => {
  describe("variables", () => {
    const unclosed = `${HEADER}\nRomeo sends:\n\t<message to="\${|"/>\n`;

    it("offers every client's JID and full JID inside ${, with the jid as detail", () => {
      const items = complete(unclosed);
      assert.deepEqual(labels(items), ["Romeo's JID", "Romeo's full JID", "Juliet's phone's JID", "Juliet's phone's full JID"]);
      assert.equal(item(items, "Romeo's JID").detail, "romeo@localhost");
      assert.equal(item(items, "Juliet's phone's full JID").detail, "juliet@localhost/mobile");
    });

    it("adds the closing brace when it is missing", () => {
      assert.equal(applied(unclosed, item(complete(unclosed), "Romeo's full JID")), "\t<message to=\"${Romeo's full JID}\"/>");
    });

    it("replaces a partly typed name and reuses an existing closing brace", () => {
      const text = `${HEADER}\nRomeo sends:\n\t<message to="\${Jul|iet's JID}"/>\n`;
      assert.equal(applied(text, item(complete(text), "Juliet's phone's JID")), "\t<message to=\"${Juliet's phone's JID}\"/>");
    });
  });

  describe("action lines", () => {
    it("offers the client names at the start of a body line", () => {
      assert.deepEqual(labels(complete(`${HEADER}\n|\n`)), ["Romeo", "Juliet's phone"]);
    });

    it("offers the verbs after a client name, including receives: nothing", () => {
      const items = complete(`${HEADER}\nRomeo |\n`);
      assert.deepEqual(labels(items), ["connects", "disconnects", "sends:", "receives:", "receives: nothing"]);
    });

    it("reads the longest client name, one containing 's and a space", () => {
      const text = `${HEADER}\nJuliet's phone rec|\n`;
      const items = complete(text);
      assert.deepEqual(labels(items), ["receives:", "receives: nothing"]);
      assert.equal(applied(text, item(items, "receives: nothing")), "Juliet's phone receives: nothing");
    });

    it("inserts an indented line after sends:", () => {
      const text = `${HEADER}\nRomeo s|\n`;
      assert.equal(applied(text, item(complete(text), "sends:")), "Romeo sends:\n\t$0");
    });

    it("offers nothing on a comment line", () => {
      assert.deepEqual(complete(`${HEADER}\n# Romeo |\n`), []);
    });
  });

  describe("client definitions", () => {
    it("offers the property keys the client does not set yet", () => {
      const text = "[Client] Romeo\n\tjid: romeo@localhost\n\t|\n\n-----\n";
      assert.deepEqual(labels(complete(text)), ["password", "resource", "connect_host", "connect_port"]);
    });

    it("completes a key with its colon", () => {
      const text = "[Client] Romeo\n\tpass|\n-----\n";
      assert.equal(applied(text, item(complete(text), "password")), "\tpassword: ");
    });
  });

  describe("stanza blocks", () => {
    it("offers the stanza names for a block's top-level element", () => {
      assert.deepEqual(labels(complete(`${HEADER}\nRomeo sends:\n\t<|\n`)), ["message", "presence", "iq"]);
    });

    it("offers the children the enclosing element allows first, declaring a namespace that differs", () => {
      const text = `${HEADER}\nRomeo sends:\n\t<iq type='get' id='r1'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t\t<|\n`;
      const items = complete(text);
      const allowed = items.filter((candidate) => candidate.sortText?.startsWith("0"));
      assert.deepEqual(labels(allowed), ["item", "annotate"]);
      assert.equal(applied(text, item(items, "item")), "\t\t\t<item");
      assert.equal(applied(text, item(items, "annotate")), "\t\t\t<annotate xmlns='urn:xmpp:mix:roster:0'");
      // The roster query takes no extensions, so no other namespace's top element is offered.
      assert.equal(items.length, 2);
    });

    it("documents an offered element with its specification and attributes", () => {
      const items = complete(`${HEADER}\nRomeo sends:\n\t<iq type='set' id='r1'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t\t<|\n`);
      const documentation = item(items, "item").documentation as { value: string };
      assert.match(documentation.value, /\[RFC 6121: XMPP IM\]\(https:\/\/www\.rfc-editor\.org\/rfc\/rfc6121\)/);
      assert.match(documentation.value, /`jid` \(required\)/);
      assert.match(documentation.value, /`subscription` \(none, to, from, both, remove\)/);
    });

    it("offers other namespaces' top elements together with their declaration", () => {
      const text = `${HEADER}\nRomeo sends:\n\t<iq type='get' id='v1'>\n\t\t<qu|\n`;
      const version = complete(text).find((candidate) => candidate.labelDetails?.description === "jabber:iq:version");
      assert.ok(version);
      assert.equal(applied(text, version), "\t\t<query xmlns='jabber:iq:version'");
    });

    it("offers the stanza error conditions, declared, inside <error>", () => {
      const text = `${HEADER}\nRomeo receives:\n\t<iq type='error' id='e1'>\n\t\t<error type='cancel'>\n\t\t\t<item-|\n`;
      const items = complete(text);
      const notFound = items.find((candidate) => candidate.label === "item-not-found" && candidate.sortText?.startsWith("0"));
      assert.ok(notFound);
      assert.equal(applied(text, notFound), "\t\t\t<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'");
    });

    it("does not offer error conditions or stream elements outside <error>", () => {
      const items = complete(`${HEADER}\nRomeo sends:\n\t<message>\n\t\t<|\n`);
      assert.equal(labels(items).includes("bad-request"), false);
      assert.equal(labels(items).includes("stream"), false);
      assert.ok(labels(items).includes("body"));
    });

    it("closes the innermost open element after </", () => {
      const text = `${HEADER}\nRomeo sends:\n\t<iq type='get' id='r1'>\n\t\t<query xmlns='jabber:iq:roster'>\n\t\t\t<item jid='a@b'/>\n\t\t</|\n`;
      assert.equal(applied(text, item(complete(text), "</query>")), "\t\t</query>");
    });

    it("offers {scansion:any} and a capture template in attribute values of receives blocks", () => {
      const items = complete(`${HEADER}\nRomeo receives:\n\t<iq type='result' id='|'/>\n`);
      assert.ok(labels(items).includes("{scansion:any}"));
      const capture = item(items, "{scansion:capture:NAME}");
      assert.equal((capture.textEdit as TextEdit).newText, "{scansion:capture:${1:name}}");
      assert.equal(capture.insertTextFormat, 2);
    });

    it("does not offer {scansion:any} in sends blocks, where it would be sent literally", () => {
      const items = complete(`${HEADER}\nRomeo sends:\n\t<iq type='result' id='|'/>\n`);
      assert.equal(labels(items).includes("{scansion:any}"), false);
      assert.ok(labels(items).includes("${Romeo's full JID}"));
    });

    it("offers the stanza types in a stanza's type attribute", () => {
      const items = complete(`${HEADER}\nRomeo sends:\n\t<presence type="|"/>\n`);
      assert.ok(labels(items).includes("subscribe"));
      assert.equal(labels(items).includes("get"), false);
    });

    it("offers the scansion:strict attribute inside a start tag of a receives block, once", () => {
      const text = `${HEADER}\nRomeo receives:\n\t<iq type='result'>\n\t\t<query xmlns='jabber:iq:version' |\n`;
      const strict = item(complete(text), "scansion:strict");
      assert.equal(applied(text, strict), "\t\t<query xmlns='jabber:iq:version' scansion:strict='${1|true,false|}'");
      const present = complete(`${HEADER}\nRomeo receives:\n\t<query scansion:strict='true' |\n`);
      assert.equal(labels(present).includes("scansion:strict"), false);
    });

    it("offers true and false as scansion:strict values", () => {
      assert.deepEqual(labels(complete(`${HEADER}\nRomeo receives:\n\t<iq scansion:strict='|'/>\n`)), ["true", "false"]);
    });

    it("offers the known namespaces as xmlns values, with their specification", () => {
      const text = `${HEADER}\nRomeo sends:\n\t<iq type='get' id='p1'>\n\t\t<ping xmlns='urn:|'/>\n`;
      const ping = item(complete(text), "urn:xmpp:ping");
      assert.match(String(ping.detail), /XEP-0199: XMPP Ping/);
      assert.equal(applied(text, ping), "\t\t<ping xmlns='urn:xmpp:ping'/>");
    });

    it("offers nothing in element text", () => {
      assert.deepEqual(complete(`${HEADER}\nRomeo sends:\n\t<message><body>Hel|</body></message>\n`), []);
    });

    it("offers the enumerated text of <show>, replacing the word being typed", () => {
      const text = `${HEADER}\nRomeo sends:\n\t<presence><show>a|</show></presence>\n`;
      const items = complete(text);
      assert.deepEqual(labels(items), ["away", "chat", "dnd", "xa"]);
      assert.equal(applied(text, item(items, "away")), "\t<presence><show>away</show></presence>");
    });

    it("offers an element's attributes from the schema, required ones first, xml:lang among them", () => {
      const items = complete(`${HEADER}\nRomeo sends:\n\t<iq |\n`);
      const sorted = [...items].sort((a, b) => String(a.sortText).localeCompare(String(b.sortText)));
      assert.deepEqual(labels(sorted).slice(0, 2), ["id", "type"]);
      assert.ok(labels(items).includes("xml:lang"));
      assert.ok(labels(items).includes("xmlns"));
    });
  });
});
