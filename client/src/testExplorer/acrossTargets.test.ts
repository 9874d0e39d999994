import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SpecResult } from "@server/runner/specResult";
import { acrossTargets, failureLine, outcomesAcrossTargets } from "./acrossTargets";

const spec = { file: "/w/version.scs", name: "Server version" };

function result(status: SpecResult["status"], knownFailure?: string): SpecResult {
  return { spec, status, durationMs: 10, steps: [], transcript: [], captures: {}, ...(knownFailure !== undefined ? { knownFailure } : {}) };
}

const DIFFERENCE = 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "ejabberd"';

describe("a spec's results on every target", () => {
  it("names the targets it failed on first, then those it passed and was skipped on", () => {
    assert.equal(acrossTargets([
      { target: "prosody-0.12", result: result("passed") },
      { target: "ejabberd-23.01", result: result("failed") },
      { target: "prosody-13", result: result("error") },
      { target: "staging", result: result("skipped") },
    ]), "failed on ejabberd-23.01, prosody-13; passed on prosody-0.12; skipped on staging");
  });

  it("marks a known failure among them", () => {
    assert.equal(acrossTargets([{ target: "prosody", result: result("passed") }, { target: "ejabberd", result: result("failed", DIFFERENCE) }]),
      "failed on ejabberd (known failure); passed on prosody");
  });

  it("a failure's line keeps its own difference first and adds where else it failed and passed", () => {
    assert.equal(failureLine(DIFFERENCE, result("failed"), "ejabberd", "failed on ejabberd; passed on prosody", undefined),
      `${DIFFERENCE} — failed on ejabberd; passed on prosody`);
  });

  it("a known failure says so first, with the recorded difference only when today's differs", () => {
    const failure = { kind: "timeout" as const, line: 20, client: "Romeo", action: "Romeo receives", message: "Romeo waited 2000 ms", difference: DIFFERENCE, queued: [],
      range: { start: { line: 19, character: 0 }, end: { line: 19, character: 14 } } };
    const today = { ...result("failed", DIFFERENCE), failure };
    assert.equal(failureLine(`${DIFFERENCE} (Romeo waited 2000 ms)`, today, "ejabberd", undefined, "ci/known.json"),
      `Known failure on ejabberd (ci/known.json). ${DIFFERENCE} (Romeo waited 2000 ms)`);
    const other = { ...today, failure: { ...failure, difference: "iq@type: expected \"result\", received \"error\"" } };
    assert.equal(failureLine("iq@type: expected \"result\", received \"error\"", other, "ejabberd", undefined, "ci/known.json"),
      `Known failure on ejabberd (ci/known.json), recorded as: ${DIFFERENCE}. iq@type: expected "result", received "error"`);
  });

  it("each action line shows every target's outcome, with the worst status", () => {
    const outcomes = outcomesAcrossTargets([
      { target: "prosody", outcomes: [{ line: 4, status: "passed", text: "✓ 12 ms" }, { line: 7, status: "passed", text: "✓ 3 ms" }] },
      { target: "ejabberd", outcomes: [{ line: 4, status: "passed", text: "✓ 40 ms" }, { line: 7, status: "failed", text: "✗ expected text" }] },
    ]);
    assert.deepEqual(outcomes, [
      { line: 4, status: "passed", text: "prosody ✓ 12 ms · ejabberd ✓ 40 ms" },
      { line: 7, status: "failed", text: "prosody ✓ 3 ms · ejabberd ✗ expected text" },
    ]);
  });

  it("cuts each target's text, and the line's, so that VS Code's own message after the line stays in view", () => {
    const long = `✗ ${"x".repeat(200)}`;
    const [outcome] = outcomesAcrossTargets([1, 2, 3].map((n) => ({ target: `target-${n}`, outcomes: [{ line: 1, status: "failed" as const, text: long }] })));
    const parts = outcome!.text.split(" · ");
    assert.equal(parts[0]!.length, 48);
    assert.ok(parts[0]!.startsWith("target-1 ✗ xxx") && parts[0]!.endsWith("…"));
    assert.equal(outcome!.text.length, 120);
  });
});
