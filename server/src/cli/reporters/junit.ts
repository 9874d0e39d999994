/**
 * JUnit XML, the format most CI systems show as test results. One testcase per spec; in a
 * run over named targets, one <testsuite> per target. Flaky specs as Maven Surefire writes
 * them (<flakyFailure> in a passed testcase, <rerunFailure> in a failed one); a known failure
 * (--expectations) as pytest writes an expected failure (<skipped type="known-failure">).
 */
import type { SpecResult, StepFailure, SuiteSummary } from "../../runner/specResult";

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c)
    // Control characters other than tab/newline are not allowed in XML 1.0.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function details(file: string, failure: StepFailure): string {
  return [
    `${file}:${failure.line}: ${failure.action}`,
    failure.difference ? `difference: ${failure.difference}` : "",
    failure.expected ? `expected:\n${failure.expected}` : "",
    failure.received ? `received:\n${failure.received}` : "",
  ].filter(Boolean).join("\n");
}

function testcase(result: SpecResult): string {
  const attributes = `classname="${escapeXml(result.target ?? "scansion")}" name="${escapeXml(result.spec.name)}" file="${escapeXml(result.spec.file)}" time="${seconds(result.durationMs)}"`;
  const failure = result.failure;
  let body = "";
  if (result.status === "skipped") body = `<skipped message="${escapeXml(result.skipReason ?? "skipped")}"/>`;
  else if (failure && result.knownFailure !== undefined) {
    body = `<skipped type="known-failure" message="${escapeXml(`known failure: ${result.knownFailure}`)}">${escapeXml(details(result.spec.file, failure))}</skipped>`;
  } else if (failure) {
    const element = result.status === "error" ? "error" : "failure";
    body = `<${element} message="${escapeXml(failure.message)}" type="${failure.kind}">${escapeXml(details(result.spec.file, failure))}</${element}>`;
  }
  // Surefire: the failures of earlier runs of a test that passed in the end are flaky, of one that failed reruns.
  const rerun = result.status === "passed" ? "flakyFailure" : "rerunFailure";
  for (const earlier of result.earlierFailures ?? []) {
    body += `<${rerun} message="${escapeXml(earlier.message)}" type="${earlier.kind}"><stackTrace>${escapeXml(details(result.spec.file, earlier))}</stackTrace></${rerun}>`;
  }
  const transcript = result.transcript.map((e) => `[${e.atMs.toFixed(0)} ms] ${e.client} ${e.direction}: ${e.text}`).join("\n");
  const out = transcript ? `<system-out>${escapeXml(transcript)}</system-out>` : "";
  return `    <testcase ${attributes}>${body}${out}</testcase>`;
}

/** tests/failures/errors/skipped as JUnit counts them: a known failure is skipped. */
function counts(results: readonly SpecResult[], durationMs: number): string {
  const known = (result: SpecResult) => result.knownFailure !== undefined;
  const failures = results.filter((result) => result.status === "failed" && !known(result)).length;
  const errors = results.filter((result) => result.status === "error" && !known(result)).length;
  const skipped = results.filter((result) => result.status === "skipped" || known(result)).length;
  return `tests="${results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(durationMs)}"`;
}

export function renderJunitReport(results: readonly SpecResult[], summary: SuiteSummary): string {
  const targets = [...new Set(results.map((result) => result.target))];
  const suites = targets.flatMap((target) => {
    const own = results.filter((result) => result.target === target);
    const time = target === undefined ? summary.durationMs : own.reduce((sum, result) => sum + result.durationMs, 0);
    return [`  <testsuite name="${escapeXml(target ?? "scansion")}" ${counts(own, time)}>`, ...own.map(testcase), `  </testsuite>`];
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites ${counts(results, summary.durationMs)}>`,
    ...(suites.length > 0 ? suites : [`  <testsuite name="scansion" ${counts([], summary.durationMs)}>`, `  </testsuite>`]),
    `</testsuites>`,
    "",
  ].join("\n");
}
