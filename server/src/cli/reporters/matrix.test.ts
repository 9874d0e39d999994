// The reports of a run over named targets: the target on every result (JSON, JUnit suites,
// TAP names), flaky specs and known failures in each format, the spec × target table, and
// the GitHub workflow commands and step summary.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import path from "node:path";
import { summarize, type SpecResult, type StepFailure } from "../../runner/specResult";
import { renderJsonReport } from "./json";
import { renderJunitReport } from "./junit";
import { renderTapReport } from "./tap";
import { formatMatrixMarkdown, formatMatrixText, matrixOf } from "./matrix";
import { renderGithubAnnotations, renderStepSummary } from "./github";
import { PrettyReporter } from "./pretty";

const nowhere = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
const mismatch: StepFailure = {
  kind: "timeout", line: 14, client: "Romeo", action: "Romeo receives", message: "Romeo waited 2000 ms for <iq>; 1 stanza arrived but none matched",
  difference: 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "ejabberd"', queued: [], range: nowhere,
};

function result(file: string, target: string, status: SpecResult["status"], extra: Partial<SpecResult> = {}): SpecResult {
  return {
    spec: { file, name: path.basename(file, ".scs") }, status, durationMs: 10, steps: [], transcript: [], captures: {}, target,
    ...(status === "failed" ? { failure: mismatch } : {}), ...extra,
  };
}

const results: SpecResult[] = [
  result("specs/basic.scs", "prosody-0.12", "passed"),
  result("specs/basic.scs", "ejabberd-23.01", "passed", { attempts: 2, flaky: true, earlierFailures: [{ ...mismatch, line: 12, difference: "first try" }] }),
  result("specs/version.scs", "prosody-0.12", "passed"),
  result("specs/version.scs", "ejabberd-23.01", "failed", { knownFailure: mismatch.difference! }),
  result("specs/muc.scs", "prosody-0.12", "passed"),
  result("specs/muc.scs", "ejabberd-23.01", "failed"),
];
const summary = summarize(results, 1234);

describe("reports of a run over named targets", () => {
  it("JSON: every spec result names its target; attempts, flaky and the known failure are fields", () => {
    const specs = JSON.parse(renderJsonReport(results, summary)).specs;
    assert.deepEqual(specs.map((spec: { target: string }) => spec.target), results.map((one) => one.target));
    assert.deepEqual([specs[1].attempts, specs[1].flaky, specs[1].earlierFailures[0].difference], [2, true, "first try"]);
    assert.equal(specs[3].knownFailure, mismatch.difference);
    assert.equal("flaky" in specs[0], false);
  });

  it("JUnit: one testsuite per target with its own counts; flakyFailure as Surefire writes it; a known failure is skipped", () => {
    const xml = renderJunitReport(results, summary);
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g)].map((m) => m.slice(1).join(" "));
    assert.deepEqual(suites, ["prosody-0.12 3 0 0 0", "ejabberd-23.01 3 1 0 1"]);
    assert.match(xml, /<testsuites tests="6" failures="1" errors="0" skipped="1"/);
    assert.match(xml, /<testcase classname="ejabberd-23.01" name="basic"[^>]*><flakyFailure message="[^"]+" type="timeout"><stackTrace>specs\/basic.scs:12: Romeo receives\ndifference: first try<\/stackTrace><\/flakyFailure><\/testcase>/);
    assert.match(xml, /<skipped type="known-failure" message="known failure: iq\/query\{jabber:iq:version\}\/name: expected text &quot;Prosody&quot;/);
  });

  it("TAP: the target in each test's name, a known failure as a TODO, a flaky pass with its attempts", () => {
    const lines = renderTapReport(results, summary).split("\n");
    assert.ok(lines.includes("ok 1 - basic [prosody-0.12]"));
    assert.ok(lines.includes(`not ok 4 - version [ejabberd-23.01] # TODO known failure: ${mismatch.difference}`));
    assert.ok(lines.includes("not ok 6 - muc [ejabberd-23.01]"));
    const flaky = lines.indexOf("ok 2 - basic [ejabberd-23.01]");
    assert.deepEqual(lines.slice(flaky + 1, flaky + 5), ["  ---", "  attempts: 2", "  flaky: true", "  ..."]);
  });

  it("pretty: a result line names its target, and the table has a row per spec and a column per target", () => {
    let out = "";
    const pretty = new PrettyReporter({ color: false, verbose: false, write: (text) => { out += text; } });
    for (const one of results) pretty.onEvent({ type: "spec-ended", result: one });
    assert.ok(out.includes("✓ basic [ejabberd-23.01] flaky (2 attempts) (10 ms)\n"), out);
    assert.ok(out.includes("✗ version [ejabberd-23.01] known failure (10 ms)\n"), out);
    assert.equal(formatMatrixText(matrixOf(results)!), [
      "spec         prosody-0.12  ejabberd-23.01",
      "basic.scs    ✓             ✓ flaky",
      "version.scs  ✓             ✗ known",
      "muc.scs      ✓             ✗",
      "",
    ].join("\n"));
    assert.equal(matrixOf([{ ...results[0]!, target: undefined }]), undefined, "no table without targets");
  });

  it("GitHub: ::error on the failed step's line, ::notice for a known failure, ::warning for flaky and passes-now, escaped", () => {
    const text = renderGithubAnnotations(results, { workspace: process.cwd(), passingNow: [results[2]!], expectationsFile: "ci/known.json" });
    assert.deepEqual(text.trimEnd().split("\n"), [
      "::warning file=specs/basic.scs,line=12,title=flaky%3A basic on ejabberd-23.01::flaky (2 attempts, passed on attempt 2); an earlier attempt failed: first try",
      `::notice file=specs/version.scs,line=14,title=known failure%3A version on ejabberd-23.01::${mismatch.difference}`,
      `::error file=specs/muc.scs,line=14,title=muc on ejabberd-23.01::${mismatch.difference}`,
      "::warning file=specs/version.scs,title=passes now%3A version on prosody-0.12::passes now on prosody-0.12: remove it from ci/known.json",
    ]);
    assert.equal(renderGithubAnnotations([result("a.scs", "t", "failed", { failure: { ...mismatch, difference: undefined, message: "50%\nof it" } })], { workspace: process.cwd() }),
      "::error file=a.scs,line=14,title=a on t::50%25\n");
  });

  it("GitHub step summary: totals, the table in Markdown, each failure with its difference", () => {
    const markdown = renderStepSummary(results, summary, { workspace: process.cwd() });
    assert.match(markdown, /^## scansion-run: ❌ 4 passed, 1 failed, 1 known failures, 1 flaky in 1\.2 s\n/);
    assert.ok(markdown.includes(formatMatrixMarkdown(matrixOf(results)!)));
    assert.ok(markdown.includes("| version.scs | ✓ | ✗ known |"));
    assert.ok(markdown.includes(`### Failures\n\n- **muc** on ejabberd-23.01 (\`specs/muc.scs:14\`): \`${mismatch.difference}\``));
  });
});
