/** JUnit XML, the format most CI systems show as test results. One testcase per spec. */
import type { SpecResult, SuiteSummary } from "../../runner/specResult";

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", "'": "&apos;", '"': "&quot;" })[c] ?? c)
    // Control characters other than tab/newline are not allowed in XML 1.0.
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

export function renderJunitReport(results: readonly SpecResult[], summary: SuiteSummary): string {
  const cases = results.map((result) => {
    const attributes = `classname="scansion" name="${escapeXml(result.spec.name)}" file="${escapeXml(result.spec.file)}" time="${seconds(result.durationMs)}"`;
    const failure = result.failure;
    let body = "";
    if (result.status === "skipped") body = `<skipped message="${escapeXml(result.skipReason ?? "skipped")}"/>`;
    else if (failure) {
      const element = result.status === "error" ? "error" : "failure";
      const details = [
        `${result.spec.file}:${failure.line}: ${failure.action}`,
        failure.difference ? `difference: ${failure.difference}` : "",
        failure.expected ? `expected:\n${failure.expected}` : "",
        failure.received ? `received:\n${failure.received}` : "",
      ].filter(Boolean).join("\n");
      body = `<${element} message="${escapeXml(failure.message)}">${escapeXml(details)}</${element}>`;
    }
    const transcript = result.transcript.map((e) => `[${e.atMs.toFixed(0)} ms] ${e.client} ${e.direction}: ${e.text}`).join("\n");
    const out = transcript ? `<system-out>${escapeXml(transcript)}</system-out>` : "";
    return `    <testcase ${attributes}>${body}${out}</testcase>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites tests="${summary.total}" failures="${summary.failed}" errors="${summary.errors}" skipped="${summary.skipped}" time="${seconds(summary.durationMs)}">`,
    `  <testsuite name="scansion" tests="${summary.total}" failures="${summary.failed}" errors="${summary.errors}" skipped="${summary.skipped}" time="${seconds(summary.durationMs)}">`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
    "",
  ].join("\n");
}
