import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { SpecResult } from "../../runner/specResult";
import { PrettyReporter, progressLine } from "./pretty";

const result = (name: string, status: SpecResult["status"]): SpecResult => ({
  spec: { file: `${name}.scs`, name }, status, durationMs: 5, steps: [], transcript: [], captures: {},
});

describe("the live progress line", () => {
  it("says specs done of all, the time so far and the failures so far", () => {
    assert.equal(progressLine(12, 50, 8420, 0), "[12/50] 8.4 s");
    assert.equal(progressLine(13, 50, 9000, 1), "[13/50] 9.0 s, 1 failed");
  });

  it("stays below the results and is erased for the summary", () => {
    let out = "";
    const reporter = new PrettyReporter({ color: false, verbose: false, write: (text) => { out += text; } });
    let clock = 0;
    reporter.startProgress(2, () => clock);
    clock = 1500;
    reporter.onEvent({ type: "spec-ended", result: result("one", "failed") });
    reporter.endProgress();
    const screen = out.split("\r\x1b[2K");
    assert.deepEqual(screen.filter((part) => part !== ""), ["[0/2] 0.0 s", "✗ one (5 ms)\n", "[1/2] 1.5 s, 1 failed"]);
    assert.ok(out.endsWith("\r\x1b[2K"), "the line is erased at the end");
  });

  it("is never drawn unless started: plain lines when stdout is not a terminal or in CI", () => {
    let out = "";
    const reporter = new PrettyReporter({ color: false, verbose: false, write: (text) => { out += text; } });
    reporter.onEvent({ type: "spec-ended", result: result("one", "passed") });
    reporter.endProgress();
    assert.equal(out, "✓ one (5 ms)\n");
  });
});
