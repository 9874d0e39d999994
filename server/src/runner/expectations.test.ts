import assert from "node:assert/strict";
import { describe, it } from "node:test";
import path from "node:path";
import { expectationKey, expectationsOf, judge, parseExpectations, type Expectations } from "./expectations";
import type { SpecResult } from "./specResult";

const folder = path.resolve("ci");
const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function result(file: string, target: string, status: SpecResult["status"], difference?: string): SpecResult {
  return {
    spec: { file: path.resolve(file), name: path.basename(file) }, status, durationMs: 1, steps: [], transcript: [], captures: {}, target,
    ...(status === "failed" ? { failure: { kind: "timeout", line: 9, client: "Romeo", action: "Romeo receives", message: `Romeo waited\nmore`, ...(difference ? { difference } : {}), queued: [], range: nowhere } } : {}),
  };
}

describe("expectations (known failures)", () => {
  it("key a spec by its path from the expectations file's folder, with / separators", () => {
    assert.equal(expectationKey(path.resolve("specs/version.scs"), folder), "../specs/version.scs");
    assert.equal(expectationKey(path.resolve("ci/specs/a.scs"), folder), "specs/a.scs");
  });

  it("--update-expectations writes each target's current failures with their one-line difference, sorted", () => {
    const text = expectationsOf([
      result("ci/b.scs", "ejabberd", "failed", 'name: expected text "Prosody", received "ejabberd"'),
      result("ci/a.scs", "ejabberd", "failed"),
      result("ci/a.scs", "prosody", "passed"),
    ], folder);
    assert.deepEqual(JSON.parse(text), { ejabberd: { "a.scs": "Romeo waited", "b.scs": 'name: expected text "Prosody", received "ejabberd"' } });
    assert.ok(text.endsWith("}\n"));
  });

  it("a known failure is marked and does not count as new; an unknown one does; a known one that passes is named", () => {
    const expectations = parseExpectations(JSON.stringify({ ejabberd: { "a.scs": "Romeo waited", "c.scs": "old" } }), "known.json") as Expectations;
    const judged = judge([
      result("ci/a.scs", "ejabberd", "failed"),
      result("ci/b.scs", "ejabberd", "failed", "new"),
      result("ci/c.scs", "ejabberd", "passed"),
      result("ci/a.scs", "prosody", "failed", "also new"),
    ], expectations, folder);
    assert.deepEqual(judged.results.map((one) => one.knownFailure), ["Romeo waited", undefined, undefined, undefined]);
    assert.deepEqual(judged.newFailures.map((one) => `${one.target} ${path.basename(one.spec.file)}`), ["ejabberd b.scs", "prosody a.scs"]);
    assert.deepEqual(judged.passingNow.map((one) => `${one.target} ${path.basename(one.spec.file)}`), ["ejabberd c.scs"]);
  });

  it("a file that is not the expected shape is one line saying where and what", () => {
    assert.match(parseExpectations("{", "known.json") as string, /^known\.json is not JSON: /);
    assert.equal(parseExpectations("[]", "known.json"), 'known.json: expected an object {"target": {"spec path": "difference"}}');
    assert.equal(parseExpectations('{"t": {"a.scs": 3}}', "known.json"), 'known.json: "t" → "a.scs" must be the failure\'s one-line difference (a string)');
  });
});
