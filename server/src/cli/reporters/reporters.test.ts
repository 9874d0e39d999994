import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SaxesParser } from "saxes";
import { summarize, type SpecResult, type StepOutcome, type TranscriptEntry } from "../../runner/specResult";
import { renderJsonReport } from "./json";
import { renderJunitReport } from "./junit";
import { renderTapReport } from "./tap";
import { PrettyReporter } from "./pretty";

// ---- A fixed suite: one spec of each status ----

const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

function step(line: number, title: string, status: StepOutcome["status"]): StepOutcome {
  const client = title.split(" ")[0] ?? "";
  return { step: { index: 0, line, client, kind: "receives", title, range: nowhere }, status, durationMs: 3.4 };
}

const transcript: TranscriptEntry[] = [
  { direction: "note", client: "Romeo", atMs: 1.2, text: "connected as romeo@localhost/r1", line: 12 },
  { direction: "sent", client: "Romeo", atMs: 2.5, text: "<message to='juliet@localhost'><body>hi</body></message>", line: 14 },
  // A control character from the wire must not break the XML report.
  { direction: "received", client: "Juliet's phone", atMs: 3.9, text: "<message><body>bell \u0007 & co</body></message>", line: 14 },
];

const passed: SpecResult = {
  spec: { file: "specs/pass.scs", name: "Passes" },
  status: "passed",
  durationMs: 12.4,
  steps: [step(12, "Romeo connects", "passed")],
  transcript,
  captures: { server: "localhost" },
};

const expected = "<message type='chat'>\n\t<body>Hello</body>\n</message>";
const received = "<message type='chat' from='juliet@localhost/balcony'>\n\t<body>Goodbye</body>\n</message>";

const failed: SpecResult = {
  spec: { file: "specs/fail.scs", name: `Fails <on> "purpose" & #1 \\o/` },
  status: "failed",
  durationMs: 5012.6,
  failure: {
    kind: "timeout",
    line: 14,
    client: "Romeo",
    action: "Romeo receives",
    message: "Romeo waited 5000 ms for <message type='chat'>; 1 stanza arrived but none matched",
    difference: `message/body: expected text "Hello", received "Goodbye"`,
    mismatch: { kind: "text-different", stanzaIndex: 0, path: "message/body", expectedValue: "Hello", receivedValue: "Goodbye" },
    expected,
    received,
    queued: ["<presence from='juliet@localhost/balcony'/>"],
    range: nowhere,
  },
  steps: [step(12, "Romeo connects", "passed"), step(14, "Romeo receives:", "failed"), step(18, "Romeo disconnects", "not-reached")],
  transcript: [],
  captures: {},
};

const errored: SpecResult = {
  spec: { file: "specs/error.scs", name: "Cannot connect" },
  status: "error",
  durationMs: 8,
  failure: {
    kind: "connect", line: 18, client: "Romeo", action: "Romeo connects",
    message: "Romeo could not connect: connection refused by 127.0.0.1:1", queued: [], range: nowhere,
  },
  steps: [step(18, "Romeo connects", "failed")],
  transcript: [],
  captures: {},
};

const skipped: SpecResult = {
  spec: { file: "specs/skip.scs", name: "Skipped" },
  status: "skipped",
  durationMs: 0,
  steps: [],
  transcript: [],
  captures: {},
  skipReason: `tagged "slow" (--skip-tags)`,
};

const results = [passed, failed, errored, skipped];
const summary = summarize(results, 5033.7);

// ---- JSON ----

describe("the JSON report", () => {
  const report = JSON.parse(renderJsonReport(results, summary));

  it("carries its format version", () => {
    assert.equal(report.version, 1);
  });

  it("lists every spec in order with file, name, status and a whole-millisecond duration", () => {
    assert.deepEqual(
      report.specs.map((s: { file: string; name: string; status: string; durationMs: number }) => [s.file, s.name, s.status, s.durationMs]),
      [
        ["specs/pass.scs", "Passes", "passed", 12],
        ["specs/fail.scs", failed.spec.name, "failed", 5013],
        ["specs/error.scs", "Cannot connect", "error", 8],
        ["specs/skip.scs", "Skipped", "skipped", 0],
      ]);
  });

  it("gives a failure its kind, line, client, action, message, difference and its facts, both stanzas and the queue", () => {
    assert.deepEqual(report.specs[1].failure, {
      kind: "timeout",
      line: 14,
      client: "Romeo",
      action: "Romeo receives",
      message: failed.failure?.message,
      difference: failed.failure?.difference,
      mismatch: { kind: "text-different", stanzaIndex: 0, path: "message/body", expectedValue: "Hello", receivedValue: "Goodbye" },
      expected,
      received,
      queued: ["<presence from='juliet@localhost/balcony'/>"],
    });
  });

  it("writes null for stanzas an error does not have", () => {
    const failure = report.specs[2].failure;
    assert.equal(failure.line, 18);
    assert.equal(failure.message, errored.failure?.message);
    assert.equal(failure.difference, null);
    assert.equal(failure.mismatch, null);
    assert.equal(failure.expected, null);
    assert.equal(failure.received, null);
  });

  it("has no failure for a passed or skipped spec, and the skip reason for a skipped one", () => {
    assert.equal("failure" in report.specs[0], false);
    assert.equal("failure" in report.specs[3], false);
    assert.equal(report.specs[3].skipReason, `tagged "slow" (--skip-tags)`);
    assert.equal("skipReason" in report.specs[0], false);
  });

  it("lists the steps with line, action, status and duration", () => {
    assert.deepEqual(report.specs[1].steps, [
      { line: 12, action: "Romeo connects", status: "passed", durationMs: 3 },
      { line: 14, action: "Romeo receives:", status: "failed", durationMs: 3 },
      { line: 18, action: "Romeo disconnects", status: "not-reached", durationMs: 3 },
    ]);
  });

  it("keeps captures and the transcript", () => {
    assert.deepEqual(report.specs[0].captures, { server: "localhost" });
    assert.deepEqual(report.specs[0].transcript, transcript);
  });

  it("ends with the summary counts and a whole-millisecond duration", () => {
    assert.deepEqual(report.summary, { total: 4, passed: 1, failed: 1, errors: 1, skipped: 1, durationMs: 5034 });
  });
});

// ---- JUnit ----

interface XmlNode {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

/** Parses with saxes, which throws on anything that is not well-formed XML. */
function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser();
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  parser.on("error", (error) => { throw error; });
  parser.on("opentag", (tag) => {
    const node: XmlNode = { name: tag.name, attributes: tag.attributes as Record<string, string>, children: [], text: "" };
    stack.at(-1)?.children.push(node);
    root ??= node;
    stack.push(node);
  });
  parser.on("text", (text) => {
    const current = stack.at(-1);
    if (current) current.text += text;
  });
  parser.on("closetag", () => { stack.pop(); });
  parser.write(xml).close();
  return root ?? assert.fail("no root element");
}

describe("the JUnit report", () => {
  const xml = renderJunitReport(results, summary);
  const root = parseXml(xml);
  const suite = root.children[0] ?? assert.fail("no testsuite");
  const cases = suite.children;

  it("is well-formed XML with an XML declaration", () => {
    assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n/);
    assert.equal(root.name, "testsuites");
    assert.equal(suite.name, "testsuite");
  });

  it("counts tests, failures, errors and skipped specs on both levels, with the time in seconds", () => {
    for (const element of [root, suite]) {
      assert.equal(element.attributes.tests, "4");
      assert.equal(element.attributes.failures, "1");
      assert.equal(element.attributes.errors, "1");
      assert.equal(element.attributes.skipped, "1");
      assert.equal(element.attributes.time, "5.034");
    }
  });

  it("has one testcase per spec, named after it, with its file", () => {
    assert.deepEqual(cases.map((c) => [c.name, c.attributes.name, c.attributes.file, c.attributes.time]), [
      ["testcase", "Passes", "specs/pass.scs", "0.012"],
      ["testcase", failed.spec.name, "specs/fail.scs", "5.013"],
      ["testcase", "Cannot connect", "specs/error.scs", "0.008"],
      ["testcase", "Skipped", "specs/skip.scs", "0.000"],
    ]);
  });

  it("reports a failed spec as <failure> with the message, the place and both stanzas", () => {
    const failure = cases[1]?.children.find((c) => c.name === "failure") ?? assert.fail("no <failure>");
    assert.equal(failure.attributes.message, failed.failure?.message);
    assert.ok(failure.text.startsWith("specs/fail.scs:14: Romeo receives"), failure.text);
    assert.ok(failure.text.includes(`difference: ${failed.failure?.difference}`));
    assert.ok(failure.text.includes(`expected:\n${expected}`));
    assert.ok(failure.text.includes(`received:\n${received}`));
  });

  it("reports an error as <error> and a skipped spec as <skipped> with the reason", () => {
    const error = cases[2]?.children.find((c) => c.name === "error") ?? assert.fail("no <error>");
    assert.equal(error.attributes.message, errored.failure?.message);
    const skip = cases[3]?.children.find((c) => c.name === "skipped") ?? assert.fail("no <skipped>");
    assert.equal(skip.attributes.message, `tagged "slow" (--skip-tags)`);
  });

  it("has neither <failure> nor <error> for a passed spec, and keeps its transcript in <system-out>", () => {
    const passing = cases[0] ?? assert.fail("no testcase");
    assert.deepEqual(passing.children.map((c) => c.name), ["system-out"]);
    const out = passing.children[0]?.text ?? "";
    assert.match(out, /\[3 ms\] Romeo sent: <message to='juliet@localhost'>/);
    assert.match(out, /Juliet's phone received: <message><body>bell  & co<\/body><\/message>/);
  });
});

// ---- TAP ----

describe("the TAP report", () => {
  const lines = renderTapReport(results, summary).split("\n");

  it("starts with the version and the plan", () => {
    assert.deepEqual(lines.slice(0, 2), ["TAP version 14", "1..4"]);
  });

  it("has one test point per spec: ok, not ok, and ok with a SKIP directive", () => {
    const points = lines.filter((line) => /^(not )?ok /.test(line));
    assert.deepEqual(points, [
      "ok 1 - Passes",
      `not ok 2 - Fails <on> "purpose" & \\#1 \\\\o/`,
      "not ok 3 - Cannot connect",
      `ok 4 - Skipped # SKIP tagged "slow" (--skip-tags)`,
    ]);
  });

  it("follows a failing point with a YAML block: message, place, client, difference and both stanzas", () => {
    const start = lines.indexOf(`not ok 2 - Fails <on> "purpose" & \\#1 \\\\o/`) + 1;
    const end = lines.indexOf("  ...", start);
    assert.equal(lines[start], "  ---");
    const block = lines.slice(start + 1, end);
    const field = (key: string) => block.find((line) => line.startsWith(`  ${key}: `))?.slice(key.length + 4);
    assert.equal(JSON.parse(field("message") ?? "null"), failed.failure?.message);
    assert.equal(JSON.parse(field("at") ?? "null"), "specs/fail.scs:14");
    assert.equal(JSON.parse(field("client") ?? "null"), "Romeo");
    assert.equal(JSON.parse(field("difference") ?? "null"), failed.failure?.difference);
    const literal = (key: string) => {
      const from = block.indexOf(`  ${key}: |`) + 1;
      assert.ok(from > 0, `${key} is a literal block`);
      const body: string[] = [];
      for (const line of block.slice(from)) {
        if (!line.startsWith("    ")) break;
        body.push(line.slice(4));
      }
      return body.join("\n");
    };
    assert.equal(literal("expected"), expected);
    assert.equal(literal("received"), received);
  });

  it("gives an error a YAML block too, and passed or skipped points none", () => {
    assert.equal(lines[lines.indexOf("not ok 3 - Cannot connect") + 1], "  ---");
    assert.notEqual(lines[lines.indexOf("ok 1 - Passes") + 1], "  ---");
    assert.equal(lines.filter((line) => line === "  ---").length, 2);
  });
});

// ---- pretty ----

function renderPretty(color: boolean, verbose = false): string {
  let out = "";
  const reporter = new PrettyReporter({ color, verbose, write: (text) => { out += text; } });
  reporter.onEvent({ type: "spec-started", spec: passed.spec });
  for (const entry of transcript) reporter.onEvent({ type: "transcript", spec: passed.spec, entry });
  for (const result of results) reporter.onEvent({ type: "spec-ended", result });
  return out + reporter.formatSummary(summary);
}

const ESCAPE = "\u001b[";

describe("the pretty reporter", () => {
  const plain = renderPretty(false);

  it("writes no colour codes when colour is off", () => {
    assert.ok(!plain.includes(ESCAPE));
    assert.ok(!renderPretty(false, true).includes(ESCAPE));
  });

  it("colours when asked, even when stdout is not a terminal", () => {
    assert.ok(renderPretty(true).includes(ESCAPE));
  });

  it("writes a line per spec with its mark and duration", () => {
    const lines = plain.split("\n");
    assert.ok(lines.includes("✓ Passes (12 ms)"));
    assert.ok(lines.includes(`✗ ${failed.spec.name} (5013 ms)`));
    assert.ok(lines.includes("! Cannot connect (8 ms)"));
    assert.ok(lines.includes(`- Skipped skipped: tagged "slow" (--skip-tags)`));
  });

  it("shows the failure as `file:line action: message`, then both stanzas and the queue", () => {
    const lines = plain.split("\n");
    assert.ok(lines.includes(`    specs/fail.scs:14 Romeo receives: ${failed.failure?.message}`));
    assert.ok(lines.includes(`    specs/error.scs:18 Romeo connects: ${errored.failure?.message}`));
    assert.ok(plain.includes("    expected:\n      <message type='chat'>\n      \t<body>Hello</body>\n      </message>\n"));
    assert.ok(plain.includes("    received:\n      <message type='chat' from='juliet@localhost/balcony'>\n"));
    assert.ok(plain.includes("    still queued for Romeo (1):\n      <presence from='juliet@localhost/balcony'/>\n"));
  });

  it("ends with the summary line `N passed, N failed`, errors, skipped and the time", () => {
    assert.ok(plain.endsWith("\n1 passed, 1 failed, 1 errors, 1 skipped in 5.03 s\n"), plain);
  });

  it("prints the transcript with client names only when verbose", () => {
    assert.ok(!plain.includes("connected as romeo@localhost/r1"));
    const verbose = renderPretty(false, true);
    assert.ok(verbose.includes("▶ Passes  specs/pass.scs\n"));
    assert.match(verbose, /\n +1 ms · Romeo \(line 12\) connected as romeo@localhost\/r1\n/);
    assert.match(verbose, /\n +3 ms → Romeo \(line 14\) <message to='juliet@localhost'>/);
    assert.match(verbose, /\n +4 ms ← Juliet's phone \(line 14\) <message>/);
  });
});
