import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { DATA_FILE, DEFAULT_SOURCE_FOLDER, generateXmppData, serializeXmppData } from "../../scripts/xmpp-data/generate";
import { ELEMENT_OVERRIDES } from "../../scripts/xmpp-data/overrides";

describe("the committed XMPP data file (server/src/features/xmpp/xmppData.json)", () => {
  it("is what `npm run xmpp-data` makes from ../shared/xmpp-data and the overrides", (context) => {
    if (!existsSync(DEFAULT_SOURCE_FOLDER)) {
      context.skip(`${DEFAULT_SOURCE_FOLDER} is absent, so the committed file cannot be regenerated here`);
      return;
    }
    const committed = readFileSync(DATA_FILE, "utf8");
    const generated = serializeXmppData(generateXmppData(DEFAULT_SOURCE_FOLDER));
    // Compare line by line first, so a failure names the first line that differs.
    const committedLines = committed.split("\n");
    const generatedLines = generated.split("\n");
    const first = generatedLines.findIndex((line, index) => line !== committedLines[index]);
    assert.equal(first, committedLines.length === generatedLines.length ? -1 : first,
      `line ${first + 1} differs: run \`npm run xmpp-data\` and commit the result`);
    assert.equal(committed, generated, "run `npm run xmpp-data` and commit the result");
  });

  it("is valid JSON in one stable shape", () => {
    const data = JSON.parse(readFileSync(DATA_FILE, "utf8")) as Record<string, unknown>;
    assert.deepEqual(Object.keys(data), ["about", "documents", "namespaces", "mucStatusCodes", "conditions", "valueMeanings"]);
  });

  it("documents every override with its reason", () => {
    for (const override of ELEMENT_OVERRIDES) assert.match(override.why, /^(XEP-\d{4}|RFC \d+)\b/, `${override.element}: ${override.why}`);
  });
});
