import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSpec } from "../language/parser";
import type { SpecDocument, StanzaBlock } from "../language/syntaxTree";
import { textStyleOf } from "./specStyle";

const HEADER = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\n";

function spec(...blocks: string[]): SpecDocument {
  return parseSpec(HEADER + blocks.map((block) => `Romeo sends:\n${block}\n`).join("\n"));
}

function firstBlock(doc: SpecDocument): StanzaBlock {
  const action = doc.actions.find((candidate) => candidate.kind === "sends");
  assert.ok(action?.kind === "sends" && action.block);
  return action.block;
}

describe("how a spec is written (one rule for accepted stanzas, recorded steps and directives)", () => {
  it("takes the quote mark most attributes use", () => {
    assert.equal(textStyleOf(spec(`\t<a x="1" y="2" z='3'/>`)).quote, '"');
    assert.equal(textStyleOf(spec(`\t<a x='1' y='2' z="3"/>`)).quote, "'");
  });

  it("breaks a tie with the quote mark written first, for a block and for a whole spec alike", () => {
    const doubleFirst = spec(`\t<a x="1" y='2'/>`);
    const singleFirst = spec(`\t<a x='1' y="2"/>`);
    assert.equal(textStyleOf(doubleFirst).quote, '"');
    assert.equal(textStyleOf(doubleFirst, firstBlock(doubleFirst)).quote, '"');
    assert.equal(textStyleOf(singleFirst).quote, "'");
    assert.equal(textStyleOf(singleFirst, firstBlock(singleFirst)).quote, "'");
    // Across blocks: two of each, the first block's double quote comes first.
    assert.equal(textStyleOf(spec(`\t<a x="1"/>`, `\t<b x='1'/>`, `\t<c x='1'/>`, `\t<d x="1"/>`)).quote, '"');
  });

  it("uses a single quote when no attribute says", () => {
    assert.equal(textStyleOf(spec("\t<presence/>")).quote, "'");
    assert.equal(textStyleOf(parseSpec(HEADER)).quote, "'");
  });

  it("takes the indentation one nesting level adds, else the block's own, else a tab", () => {
    assert.equal(textStyleOf(spec("\t<iq>\n\t  <query/>\n\t</iq>")).indent, "  ");
    assert.equal(textStyleOf(spec("    <presence/>")).indent, "    ");
    assert.equal(textStyleOf(spec("\t<presence/>")).indent, "\t");
    assert.equal(textStyleOf(spec("  \t<presence/>")).indent, "\t");
  });

  it("reads a spec without blocks from its client properties", () => {
    assert.equal(textStyleOf(parseSpec("[Client] R\n    jid: r@h\n-----\nR connects\n")).indent, "    ");
    assert.equal(textStyleOf(parseSpec("# nothing indented\n")).indent, "\t");
  });
});
