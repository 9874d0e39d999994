import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSpec } from "../language/parser";
import { blockOf } from "../language/locate";
import { clientOccurrences, referencesAt } from "./references";
import { textAt, withCursor } from "@support/features/cursor";
import { sampleSpecs } from "@support/features/sampleSpecs";
import { TWO_JULIETS_SPEC } from "@support/features/julietSpecs";

const URI = "file:///spec.scs";

const SPEC = TWO_JULIETS_SPEC;

/** "line:text" of each reference, to compare lists readably. */
function describeAll(text: string, ranges: readonly { range: { start: { line: number; character: number }; end: { line: number; character: number } } }[]): string[] {
  return ranges.map((item) => `${item.range.start.line}:${textAt(text, item.range)}`);
}

function referencesOf(find: string, marked: string, includeDeclaration: boolean) {
  const { text, position } = withCursor(SPEC.replace(find, () => marked));
  return describeAll(text, referencesAt(parseSpec(text), position, URI, includeDeclaration));
}

describe("referencesAt", () => {
  it("lists the definition, every action line and every variable naming the client, and nothing of a longer name", () => {
    assert.deepEqual(referencesOf("Juliet connects", "Jul|iet connects", true), [
      "0:Juliet",
      "10:Juliet",
      "14:Juliet",
      "15:Juliet",
      "20:Juliet",
    ]);
  });

  it("leaves the definition out when the declaration is not wanted", () => {
    assert.deepEqual(referencesOf("Juliet connects", "Jul|iet connects", false), ["10:Juliet", "14:Juliet", "15:Juliet", "20:Juliet"]);
  });

  it("answers the same from the definition's name and from a variable's client part", () => {
    const fromAction = referencesOf("Juliet's phone connects", "Juliet's ph|one connects", true);
    assert.deepEqual(fromAction, ["4:Juliet's phone", "12:Juliet's phone", "15:Juliet's phone", "19:Juliet's phone"]);
    assert.deepEqual(referencesOf("[Client] Juliet's phone", "[Client] |Juliet's phone", true), fromAction);
    assert.deepEqual(referencesOf("${Juliet's phone's", "${Juliet's phone|'s", true), fromAction);
  });

  it("gives every reference the document's uri", () => {
    const { text, position } = withCursor(SPEC.replace("Juliet connects", "|Juliet connects"));
    for (const location of referencesAt(parseSpec(text), position, URI, true)) assert.equal(location.uri, URI);
  });

  it("finds nothing away from client names", () => {
    assert.deepEqual(referencesOf("Juliet connects", "Juliet conn|ects", true), []);
    assert.deepEqual(referencesOf("<body>Juliet", "<body>Jul|iet", true), []);
  });

  it("still lists the action lines of a name nobody defines", () => {
    const text = `${SPEC}\nRomeo connects\n\nRomeo disconnects\n`;
    assert.deepEqual(describeAll(text, clientOccurrences(parseSpec(text), "Romeo")), ["22:Romeo", "24:Romeo"]);
  });

  it("finds, in the sample specs, exactly as many references as the client's name is written in definitions, action lines and variables", (context) => {
    const samples = sampleSpecs();
    if (samples.length === 0) return context.skip("no sample specs on this machine");
    for (const sample of samples) {
      const doc = parseSpec(sample.text);
      const blockText = doc.actions.flatMap((action) => blockOf(action)?.lines.map((line) => line.text) ?? []).join("\n");
      for (const client of doc.clients) {
        const name = client.name.text;
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        const written =
          (sample.text.match(new RegExp(`^\\[Client\\] ${escaped}$`, "gm")) ?? []).length +
          doc.actions.filter((action) => action.client.text === name).length +
          (blockText.match(new RegExp(`\\$\\{${escaped}'s (?:full )?JID\\}`, "g")) ?? []).length;
        const found = referencesAt(doc, client.name.range.start, URI, true);
        assert.equal(found.length, written, `${sample.name}: ${name}`);
      }
    }
  });
});
