import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSpec } from "../language/parser";
import { definitionAt } from "./definition";
import { textAt, withCursor } from "@support/features/cursor";
import { TWO_JULIETS_HEADER } from "@support/features/julietSpecs";
import { sampleSpecs } from "@support/features/sampleSpecs";

const URI = "file:///spec.scs";

function definitionsAt(marked: string) {
  const { text, position } = withCursor(marked);
  return { text, links: definitionAt(parseSpec(text), position, URI) };
}

const HEADER = TWO_JULIETS_HEADER;

describe("definitionAt", () => {
  it("goes from an action's client name to the name on the [Client] line", () => {
    const { text, links } = definitionsAt(`${HEADER}\nJul|iet connects\n`);
    assert.equal(links.length, 1);
    const [link] = links;
    assert.equal(link!.targetUri, URI);
    assert.equal(link!.targetSelectionRange.start.line, 0);
    assert.equal(textAt(text, link!.targetSelectionRange), "Juliet");
    assert.equal(textAt(text, link!.originSelectionRange!), "Juliet");
  });

  it("treats a name containing 's and a space as one name, both at the origin and at the target", () => {
    const { text, links } = definitionsAt(`${HEADER}\nJuliet's pho|ne connects\n`);
    assert.equal(textAt(text, links[0]!.originSelectionRange!), "Juliet's phone");
    assert.equal(textAt(text, links[0]!.targetSelectionRange), "Juliet's phone");
    assert.equal(links[0]!.targetSelectionRange.start.line, 4);
  });

  it("goes from the client part of a ${...} variable to its definition", () => {
    const { text, links } = definitionsAt(`${HEADER}\nJuliet sends:\n\t<message to="\${Juliet's p|hone's full JID}"/>\n`);
    assert.equal(textAt(text, links[0]!.targetSelectionRange), "Juliet's phone");
    assert.equal(textAt(text, links[0]!.originSelectionRange!), "Juliet's phone");
  });

  it("covers the whole definition (header and properties) as the target range", () => {
    const { text, links } = definitionsAt(`${HEADER}\nJul|iet connects\n`);
    assert.equal(textAt(text, links[0]!.targetRange), "[Client] Juliet\n\tjid: juliet@localhost\n\tpassword: password");
  });

  it("answers the definition itself on a definition's name", () => {
    const { text, links } = definitionsAt(HEADER.replace("[Client] Juliet\n", "[Client] Ju|liet\n"));
    assert.equal(textAt(text, links[0]!.targetSelectionRange), "Juliet");
    assert.equal(links[0]!.targetSelectionRange.start.line, 0);
  });

  it("finds nothing for a client that is not defined, a verb, a variable's kind or an attribute", () => {
    assert.deepEqual(definitionsAt(`${HEADER}\nRom|eo connects\n`).links, []);
    assert.deepEqual(definitionsAt(`${HEADER}\nJuliet con|nects\n`).links, []);
    assert.deepEqual(definitionsAt(`${HEADER}\nJuliet sends:\n\t<message to="\${Juliet's full |JID}"/>\n`).links, []);
    assert.deepEqual(definitionsAt(`${HEADER}\nJuliet sends:\n\t<message ty|pe="chat"/>\n`).links, []);
  });

  it("resolves every action of the sample specs to the definition of the same name", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const doc = parseSpec(sample.text);
      for (const action of doc.actions) {
        const links = definitionAt(doc, action.client.range.start, URI);
        assert.equal(links.length, 1, `${sample.name}:${action.lineRange.start.line + 1} ${action.client.text}`);
        const target = doc.clients.find((client) => client.name.range === links[0]!.targetSelectionRange);
        assert.equal(target?.name.text, action.client.text);
      }
    }
  });
});
