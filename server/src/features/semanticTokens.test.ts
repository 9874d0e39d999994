import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSpec } from "../language/parser";
import { semanticTokenList, semanticTokens, semanticTokensLegend } from "./semanticTokens";
import { sampleSpecs } from "@support/features/sampleSpecs";

const SPEC = `[Client] Romeo
	jid: romeo@localhost

[Client] Jüliet 🌹
	jid: juliet@localhost

-----

Romeo connects
Jüliet 🌹 sends:
	<message to="\${Romeo's full JID}" from="\${Jüliet 🌹's JID}"/>
`;

/** Decodes the LSP integer array back into readable "line:col text type+modifiers" strings. */
function decode(text: string, data: readonly number[]): string[] {
  const legend = semanticTokensLegend();
  const lines = text.split("\n");
  const tokens: string[] = [];
  let line = 0;
  let character = 0;
  for (let index = 0; index < data.length; index += 5) {
    const [deltaLine, deltaStart, length, type, modifiers] = data.slice(index, index + 5) as [number, number, number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    const names = legend.tokenModifiers.filter((_, bit) => modifiers & (1 << bit));
    const typeName = [legend.tokenTypes[type], ...names].join("+");
    tokens.push(`${line}:${character} ${lines[line]!.slice(character, character + length)} ${typeName}`);
  }
  return tokens;
}

describe("semanticTokens", () => {
  it("publishes a legend of standard token types and the declaration modifier", () => {
    assert.deepEqual(semanticTokensLegend(), { tokenTypes: ["variable", "enumMember", "keyword"], tokenModifiers: ["declaration"] });
  });

  it("marks client names (definitions as declarations), verbs and both parts of variables, in UTF-16 columns", () => {
    assert.deepEqual(decode(SPEC, semanticTokens(parseSpec(SPEC)).data), [
      "0:9 Romeo variable+declaration",
      "3:9 Jüliet 🌹 variable+declaration",
      "8:0 Romeo variable",
      "8:6 connects keyword",
      "9:0 Jüliet 🌹 variable",
      "9:10 sends keyword",
      "10:16 Romeo variable",
      "10:24 full JID enumMember",
      "10:43 Jüliet 🌹 variable",
      "10:55 JID enumMember",
    ]);
  });

  it("counts an emoji as two UTF-16 code units", () => {
    const name = semanticTokenList(parseSpec(SPEC)).find((token) => token.line === 3);
    assert.equal(name?.length, "Jüliet 🌹".length);
    assert.equal(name?.length, 9);
  });

  it("keeps only the tokens within a requested range", () => {
    const range = { start: { line: 9, character: 0 }, end: { line: 9, character: 20 } };
    assert.deepEqual(decode(SPEC, semanticTokens(parseSpec(SPEC), range).data), ["9:0 Jüliet 🌹 variable", "9:10 sends keyword"]);
  });

  it("gives no token to an unknown verb or an unknown variable kind", () => {
    const text = "[Client] Romeo\n-----\nRomeo flies\nRomeo sends:\n\t<presence to=\"${Romeo's address}\"/>\n";
    const decoded = decode(text, semanticTokens(parseSpec(text)).data);
    assert.ok(!decoded.some((token) => token.includes("flies") || token.includes("address")), decoded.join("\n"));
    assert.ok(decoded.includes("4:17 Romeo variable"), decoded.join("\n"));
  });

  it("encodes the sample specs as sorted, single-line tokens that point at client names, verbs and kinds", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const doc = parseSpec(sample.text);
      const names = new Set(doc.clients.map((client) => client.name.text));
      for (const token of decode(sample.text, semanticTokens(doc).data)) {
        const [, text, type] = /^\d+:\d+ (.*) (\S+)$/.exec(token) ?? [];
        if (type?.startsWith("variable")) assert.ok(names.has(text!), `${sample.name}: ${token}`);
        else if (type === "keyword") assert.match(text!, /^(connects|disconnects|sends|receives)$/);
        else assert.match(text!, /^(JID|full JID)$/, `${sample.name}: ${token}`);
      }
    }
  });
});
