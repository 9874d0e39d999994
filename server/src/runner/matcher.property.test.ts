import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { toLtxElement } from "./expectedStanza";
import { matchStanza } from "./matcher";
import { compactStanza, prettyStanza } from "../writing/stanzaText";
import { expectedFromBlock, receivedFromXml } from "@support/stanzas";

/** A random stanza written as XML text: elements in and out of jabber:client, escaped values and text. */
interface Shape {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly attributes: ReadonlyArray<readonly [string, string]>;
  readonly text: string;
  readonly children: readonly Shape[];
}

const escape = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;").replace(/"/g, "&quot;");
const valueArbitrary = fc.string({ unit: fc.constantFrom("a", "b", "1", " ", "'", '"', "&", "<", ">", "é", "@"), maxLength: 6 });
const textArbitrary = fc.string({ unit: fc.constantFrom("x", "y", " ", "\n", "&", "<", "é"), maxLength: 8 });
const attributesArbitrary = fc.uniqueArray(fc.tuple(fc.constantFrom("type", "id", "to", "from", "var", "xml:lang"), valueArbitrary), {
  selector: ([name]) => name,
  maxLength: 3,
});
const namespaceArbitrary = fc.option(fc.constantFrom("jabber:client", "urn:example:a", "http://example.org/protocol/b#c"), { nil: undefined });

const shapeArbitrary: fc.Memo<Shape> = fc.memo((depth) =>
  fc.record({
    name: fc.constantFrom("x", "item", "field", "value"),
    namespace: namespaceArbitrary,
    attributes: attributesArbitrary,
    text: textArbitrary,
    children: depth > 1 ? fc.array(shapeArbitrary(depth - 1), { maxLength: 3 }) : fc.constant([]),
  }),
);
const stanzaArbitrary = fc.record({
  name: fc.constantFrom("message", "presence", "iq"),
  attributes: attributesArbitrary,
  children: fc.array(shapeArbitrary(3), { maxLength: 3 }),
});

function xmlOf(shape: Shape): string {
  const xmlns = shape.namespace === undefined ? "" : ` xmlns='${shape.namespace}'`;
  const attributes = shape.attributes.map(([name, value]) => ` ${name}='${escape(value)}'`).join("");
  // No mixed content (the suite has none): text only in childless elements.
  const body = shape.children.length > 0 ? shape.children.map(xmlOf).join("") : escape(shape.text);
  return body === "" ? `<${shape.name}${xmlns}${attributes}/>` : `<${shape.name}${xmlns}${attributes}>${body}</${shape.name}>`;
}

function stanzaText(stanza: { name: string; attributes: ReadonlyArray<readonly [string, string]>; children: readonly Shape[] }): string {
  return xmlOf({ ...stanza, namespace: undefined, text: "" });
}

describe("matching any stanza against itself", () => {
  it("matches the received form of the very text a block holds, and prints both the same", () => {
    fc.assert(fc.property(stanzaArbitrary, (stanza) => {
      const xml = stanzaText(stanza);
      const expected = expectedFromBlock(`\t${xml}`);
      const received = receivedFromXml(xml);
      const result = matchStanza(expected, received);
      assert.equal(result.matched, true, result.matched ? "" : `${xml}\n${result.difference}`);
      assert.equal(prettyStanza(expected), prettyStanza(received));
      assert.equal(compactStanza(expected), compactStanza(received));
    }), { numRuns: 300 });
  });

  it("matches the compact transcript form and the wire form built for sending", () => {
    fc.assert(fc.property(stanzaArbitrary, (stanza) => {
      const expected = expectedFromBlock(`\t${stanzaText(stanza)}`);
      for (const form of [compactStanza(expected), toLtxElement(expected).toString()]) {
        const result = matchStanza(expected, receivedFromXml(form));
        assert.equal(result.matched, true, result.matched ? "" : `${form}\n${result.difference}`);
      }
    }), { numRuns: 300 });
  });

  it("reports a top-level attribute removed from the received stanza as missing, by name", () => {
    fc.assert(fc.property(stanzaArbitrary.filter((s) => s.attributes.length > 0), (stanza) => {
      const expected = expectedFromBlock(`\t${stanzaText(stanza)}`);
      const [removed] = stanza.attributes[0]!;
      const received = receivedFromXml(stanzaText({ ...stanza, attributes: stanza.attributes.slice(1) }));
      const result = matchStanza(expected, received);
      assert.equal(result.matched, false);
      if (!result.matched) {
        assert.equal(result.kind, "attribute-missing");
        assert.equal(result.path, `${stanza.name}@${removed}`);
      }
    }), { numRuns: 200 });
  });
});
