import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec } from "./parser";
import type { Action, SpecDocument, XmlElementNode, XmlNode } from "./syntaxTree";

/** The shared conformance specs live next to the repository (`../shared`), not inside it. */
const SPECS = join(__dirname, "../../../../shared/conformance/prosody-0.12.3/specs");
const available = existsSync(SPECS);
const skip = available ? false : `conformance specs not found at ${SPECS} (they live outside the repository)`;

/** Counts from the reference's per-file table (docs/scansion-language.md §4.2): clients, connects/disconnects, sends, receives. */
const EXPECTED: Readonly<Record<string, readonly [number, number, number, number, number]>> = {
  "basic.scs": [1, 1, 1, 1, 1],
  "basic_message.scs": [3, 3, 3, 11, 14],
  "basic_roster.scs": [2, 2, 1, 5, 5],
  "blocking.scs": [2, 2, 2, 14, 18],
  "issue1121.scs": [2, 2, 1, 7, 11],
  "keep_full_sub_req.scs": [3, 3, 3, 3, 4],
  "mam_extended.scs": [1, 1, 0, 6, 8],
  "muc_create_destroy.scs": [3, 3, 3, 15, 31],
  "muc_members_only_deregister.scs": [2, 2, 2, 5, 12],
  "muc_register.scs": [3, 3, 0, 25, 50],
  "pep_publish_subscribe.scs": [2, 2, 2, 24, 33],
  "presence_preapproval.scs": [2, 2, 3, 6, 6],
  "pubsub_max_items.scs": [1, 1, 0, 8, 8],
  "server_contact_info.scs": [1, 1, 1, 2, 1],
  "version.scs": [1, 1, 1, 1, 1],
};

function load(name: string): SpecDocument {
  return parseSpec(readFileSync(join(SPECS, name), "utf8"));
}

function count(doc: SpecDocument, kind: Action["kind"]): number {
  return doc.actions.filter((a) => a.kind === kind).length;
}

function descendants(node: XmlNode): XmlElementNode[] {
  return node.type === "element" ? [node, ...node.children.flatMap(descendants)] : [];
}

function allElements(doc: SpecDocument): XmlElementNode[] {
  return doc.actions.flatMap((a) => ("block" in a && a.block ? a.block.elements.flatMap(descendants) : []));
}

describe("conformance specs (Prosody 0.12.3) parse cleanly", { skip }, () => {
  const files = available ? readdirSync(SPECS).filter((f) => f.endsWith(".scs")).sort() : [];

  it("has specs to check", () => {
    assert.ok(files.length >= 15, `only ${files.length} specs`);
  });

  for (const file of files) {
    it(`${file}: no error, one separator, a title, every stanza action with a parsed block`, () => {
      const doc = load(file);
      assert.deepEqual(doc.problems.filter((p) => p.severity === "error"), []);
      assert.ok(doc.separator);
      assert.ok(doc.header.title && doc.header.title.text.length > 0);
      for (const action of doc.actions) {
        assert.notEqual(action.kind, "unknown", `${file}:${action.lineRange.start.line + 1}`);
        if (action.kind === "sends" || action.kind === "receives") {
          assert.ok(action.block && !action.block.malformed && action.block.elements.length > 0, `${file}:${action.lineRange.start.line + 1}`);
        }
      }
      const expected = EXPECTED[file];
      if (expected) {
        assert.deepEqual(
          [doc.clients.length, count(doc, "connects"), count(doc, "disconnects"), count(doc, "sends"), count(doc, "receives")],
          [...expected],
        );
      }
    });
  }

  it("basic_message.scs: matches the longest name, Juliet's phone, and reads its resource", () => {
    const doc = load("basic_message.scs");
    assert.ok(doc.actions.some((a) => a.client.text === "Juliet's phone"));
    const phone = doc.clients.find((c) => c.name.text === "Juliet's phone");
    assert.equal(phone?.properties.find((p) => p.key.text === "resource")?.value.text, "mobile");
  });

  it("issue1121.scs: reads every sends/receives without colon", () => {
    const stanzaActions = load("issue1121.scs").actions.filter((a) => a.kind === "sends" || a.kind === "receives");
    assert.equal(stanzaActions.length, 18);
    assert.ok(stanzaActions.every((a) => !a.hasColon));
  });

  it("server_contact_info.scs: keeps both top-level elements of its two-stanza block", () => {
    const counts = load("server_contact_info.scs").actions.map((a) => ("block" in a && a.block ? a.block.elements.length : 0));
    assert.deepEqual(counts.filter((n) => n > 1), [2]);
  });

  it("version.scs: reads scansion:strict true on a parent and false on a child", () => {
    const strict = allElements(load("version.scs")).filter((e) => e.strict !== undefined).map((e) => [e.name, e.strict]);
    assert.deepEqual(strict, [["query", true], ["version", false]]);
  });

  it("pubsub_max_items.scs: keeps xmlns:stream out of the compared attributes", () => {
    const elements = allElements(load("pubsub_max_items.scs"));
    assert.ok(elements.some((e) => e.namespaceDeclarations.some((d) => d.name === "xmlns:stream")));
    assert.ok(elements.every((e) => e.attributes.every((a) => !a.name.startsWith("xmlns"))));
  });

  it("muc_create_destroy.scs: decodes &apos; and the &#10; newline", () => {
    const doc = load("muc_create_destroy.scs");
    const texts = allElements(doc).flatMap((e) => e.children.flatMap((c) => (c.type === "text" ? [c.text] : [])));
    assert.ok(texts.some((t) => t.includes("\n") && !t.includes("&#10;") && t.trim() !== ""));
    assert.ok(texts.includes("I think we're in a script!"));
  });
});
