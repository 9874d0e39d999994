import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { SpecResult, StepFailure, StepOutcome, StepRef, TranscriptEntry } from "@server/runner/specResult";
import { failureReport, lineOutcomes, specSummary, transcriptLine, whatArrived } from "./resultReport";

const spec = { file: "/w/juliet.scs", name: "Juliet hears Romeo" };

function step(index: number, line: number, client: string, kind: StepRef["kind"], title: string): StepRef {
  const range = { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: title.length } };
  return { index, line, client, kind, title, range };
}

const steps = [
  step(0, 11, "Romeo", "connects", "Romeo connects"),
  step(1, 12, "Juliet", "connects", "Juliet connects"),
  step(2, 14, "Romeo", "sends", "Romeo sends:"),
  step(3, 18, "Juliet", "receives", "Juliet receives:"),
  step(4, 22, "Juliet", "disconnects", "Juliet disconnects"),
];

function failure(overrides: Partial<StepFailure>): StepFailure {
  return { kind: "mismatch", line: 18, client: "Juliet", action: "Juliet receives", message: "it failed", queued: [], range: steps[3]!.range, ...overrides };
}

function result(overrides: Partial<SpecResult>): SpecResult {
  const outcomes: StepOutcome[] = [
    { step: steps[0]!, status: "passed", durationMs: 12.4 },
    { step: steps[1]!, status: "passed", durationMs: 1500 },
    { step: steps[2]!, status: "skipped", durationMs: 0 },
    { step: steps[3]!, status: "failed", durationMs: 5000 },
    { step: steps[4]!, status: "not-reached", durationMs: 0 },
  ];
  return { spec, status: "failed", durationMs: 6600, steps: outcomes, transcript: [], captures: {}, ...overrides };
}

const expected = "<message type='chat'>\n\t<body>Hello</body>\n</message>";
const received = "<message type='normal'>\n\t<body>Hello</body>\n</message>";

describe("the failure message of a spec", () => {
  it("a stanza that did not match gives a diff whose message is the one-line difference, at the action's line", () => {
    const report = failureReport(result({ failure: failure({ message: "Juliet received a stanza that does not match: type: expected 'chat', received 'normal'", difference: "type: expected 'chat', received 'normal'", expected, received }) }));
    assert.deepEqual(report, { message: "type: expected 'chat', received 'normal'", expected, actual: received, line: 17 });
  });

  it("a timeout after non-matching stanzas names the stanza that never came and diffs against the last one that arrived", () => {
    const message = "Juliet waited 5000 ms for <message type='chat'>; 2 stanzas arrived but none matched (last: type: expected 'chat', received 'normal')";
    const report = failureReport(result({ failure: failure({ kind: "timeout", message, difference: "type: expected 'chat', received 'normal'", expected, received }) }));
    assert.deepEqual(report, { message, expected, actual: received, line: 17 });
  });

  it("a timeout with nothing that matched names the stanza that never came and lists what arrived meanwhile for any client", () => {
    const transcript: TranscriptEntry[] = [
      { direction: "received", client: "Juliet", atMs: 90, text: "<presence/>", line: 12 },
      { direction: "sent", client: "Romeo", atMs: 100, text: "<message/>", line: 14 },
      { direction: "received", client: "Romeo", atMs: 1203.6, text: "<iq type='result'/>", line: 18 },
    ];
    const timeout = failure({ kind: "timeout", message: "Juliet waited 5000 ms for <message type='chat'>; nothing arrived", expected });
    const report = failureReport(result({ failure: timeout, transcript }));
    assert.equal(report?.message, "Juliet waited 5000 ms for <message type='chat'>; nothing arrived");
    assert.equal(report?.expected, expected);
    assert.equal(report?.actual, "<!-- Romeo, at 1204 ms -->\n<iq type='result'/>", "only what arrived during the failing step");
  });

  it("a timeout with no arrivals says nothing arrived, for whom", () => {
    const timeout = failure({ kind: "timeout", message: "Juliet waited 5000 ms for <message>; nothing arrived", expected });
    assert.equal(whatArrived(result({ failure: timeout }), timeout), "(nothing arrived for Juliet)");
  });

  it("stanzas still queued for the client are listed too", () => {
    const lost = failure({ kind: "stream-closed", message: "Juliet's stream was closed by the server while waiting", expected, queued: ["<presence type='unavailable'/>"] });
    assert.equal(failureReport(result({ failure: lost }))?.actual, "<!-- still queued for Juliet -->\n<presence type='unavailable'/>");
  });

  it("`receives: nothing` that got a stanza diffs (nothing) against it", () => {
    const report = failureReport(result({ failure: failure({ kind: "unexpected-stanza", message: "Juliet was to receive nothing, but received <message>", received }) }));
    assert.equal(report?.expected, "(nothing)");
    assert.equal(report?.actual, received);
  });

  it("other failures are a plain message at their line", () => {
    const report = failureReport(result({ status: "error", failure: failure({ kind: "parse", line: 3, action: "parse", message: "line 3: a client definition reads '[Client] Name'" }) }));
    assert.deepEqual(report, { message: "line 3: a client definition reads '[Client] Name'", line: 2 });
  });

  it("a spec that passed has no failure message", () => {
    assert.equal(failureReport(result({ status: "passed" })), undefined);
  });
});

describe("inline outcomes of the action lines", () => {
  it("every action line gets its outcome, the failing one the difference", () => {
    const outcomes = lineOutcomes(result({ failure: failure({ difference: "type: expected 'chat', received 'normal'", expected, received }) }));
    assert.deepEqual(outcomes, [
      { line: 10, status: "passed", text: "✓ 12 ms" },
      { line: 11, status: "passed", text: "✓ 1.50 s" },
      { line: 13, status: "skipped", text: "– skipped" },
      { line: 17, status: "failed", text: "✗ type: expected 'chat', received 'normal'" },
      { line: 21, status: "not-reached", text: "○ not reached" },
    ]);
  });

  it("a long failure message is cut to one short line", () => {
    const outcomes = lineOutcomes(result({ failure: failure({ message: `waited\nfor ${"x".repeat(300)}` }) }));
    const failed = outcomes.find((o) => o.status === "failed")!;
    assert.ok(failed.text.length <= 122);
    assert.ok(!failed.text.includes("\n"));
    assert.ok(failed.text.endsWith("…"));
  });
});

describe("transcript lines for the test output", () => {
  it("end with CRLF, also inside multi-line text, and show time, client and direction", () => {
    const line = transcriptLine({ direction: "received", client: "Juliet", atMs: 42.2, text: "a\nb" });
    assert.ok(line.endsWith("\r\n"));
    assert.ok(!/[^\r]\n/.test(line), "every newline is preceded by CR");
    assert.match(line, /42 ms.* Juliet ← a\r\nb\r\n$/);
    assert.match(transcriptLine({ direction: "sent", client: "Romeo", atMs: 1, text: "<x/>" }), /Romeo → <x\/>/);
    assert.match(transcriptLine({ direction: "note", client: "", atMs: 1, text: "cancelled" }), /runner · cancelled/);
  });

  it("the summary of a failed spec names the line and the message", () => {
    const summary = specSummary(result({ failure: failure({ message: "it broke" }) }));
    assert.match(summary, /failed in 6\.60 s: line 18: it broke/);
    assert.ok(summary.endsWith("\r\n\r\n"));
  });
});
