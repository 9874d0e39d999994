import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { summarize, type SpecResult } from "../../runner/specResult";
import { renderHtmlReport, type HtmlReportEntry } from "./html";
import { lineDiff } from "./lineDiff";

const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

const passed: SpecResult = {
  spec: { file: "specs/pass.scs", name: "Passes" },
  status: "passed",
  durationMs: 212,
  steps: [],
  transcript: [
    { direction: "sent", client: "Romeo", atMs: 2.5, text: "<message type='chat' to='juliet@localhost'><body>hi</body></message>", line: 14 },
    { direction: "received", client: "Juliet", atMs: 3.9, text: "<message type='chat'><body>hi</body></message>", line: 14 },
  ],
  captures: {},
};

const failed: SpecResult = {
  spec: { file: "specs/fail.scs", name: "Fails <on> purpose" },
  status: "failed",
  durationMs: 5012,
  failure: {
    kind: "timeout", line: 14, client: "Romeo", action: "Romeo receives", message: "Romeo waited 5000 ms",
    difference: `message/body: expected text "Hello", received "Goodbye"`,
    expected: "<message type='chat'>\n\t<body>Hello</body>\n</message>",
    received: "<message type='chat'>\n\t<body>Goodbye</body>\n</message>",
    queued: [], range: nowhere,
  },
  steps: [],
  transcript: [],
  captures: {},
};

const results = [passed, failed];
const entries: HtmlReportEntry[] = [
  { result: passed, tags: ["basic"] },
  { result: { ...failed, serverLog: "Dec 07 13:00:00 c2s1 info\tClient connected\nDec 07 13:00:05 c2s1 info\tClient disconnected" }, tags: [] },
];
const html = renderHtmlReport({ entries, summary: summarize(results, 5300), generatedAt: new Date("2026-01-02T03:04:05Z") });

describe("the HTML report", () => {
  it("is one page with its style and script inline and no outside reference", () => {
    assert.match(html, /^<!DOCTYPE html>/);
    assert.match(html, /<style>[^]*\.sd-x[^]*<\/style>/);
    assert.match(html, /<script>[^]*sd-select[^]*<\/script>/);
    assert.doesNotMatch(html, /\b(src|href)="(?!#)/, "only links inside the page");
    assert.doesNotMatch(html, /https?:\/\//);
  });

  it("gives totals, the slowest specs and a row per spec", () => {
    assert.match(html, /<b>1<\/b> passed/);
    assert.match(html, /<b>1<\/b> failed/);
    assert.match(html, /<h2>Slowest specs<\/h2><ol class="slowest"><li><a href="#spec-2">Fails &lt;on&gt; purpose<\/a>/);
    assert.equal(html.match(/<tr><td><a href="#spec-\d">/g)?.length, 2);
  });

  it("draws a diagram per spec, and opens the failed one", () => {
    assert.equal(html.match(/<div class="sd" id="spec-\d-diagram"/g)?.length, 2);
    assert.match(html, /<details class="spec" id="spec-2" open>/);
    assert.match(html, /<details class="spec" id="spec-1">/);
  });

  it("shows a failure's expected/received diff and the log of its server", () => {
    assert.match(html, /<span class="diff-expected">-\s+&lt;body&gt;Hello/);
    assert.match(html, /<span class="diff-received">\+\s+&lt;body&gt;Goodbye/);
    assert.match(html, /Server log of this spec \(2 lines\)[^]*Client disconnected/);
  });

  it("has a result column per target when the run had several", () => {
    const both = renderHtmlReport({
      entries: [{ result: passed, tags: [], target: "Prosody 13" }, { result: { ...passed, status: "failed" }, tags: [], target: "ejabberd" }],
      summary: summarize([passed, passed], 10),
      generatedAt: new Date(0),
    });
    assert.match(both, /<th>spec<\/th><th>tags<\/th><th>Prosody 13<\/th><th>ejabberd<\/th>/);
    assert.equal(both.match(/<tr><td>/g)?.length, 1, "one row for the spec's two results");
  });
});

describe("the line diff", () => {
  it("keeps common lines and marks the others by side", () => {
    assert.deepEqual(lineDiff("a\nb\nc", "a\nx\nc"), [
      { kind: "same", text: "a" }, { kind: "expected", text: "b" }, { kind: "received", text: "x" }, { kind: "same", text: "c" },
    ]);
  });
});
