/**
 * The JSON report (documented in docs/REPORT-FORMAT.md). Stable field names:
 * CI systems and scripts parse it.
 */
import type { SpecResult, StepFailure, SuiteSummary } from "../../runner/specResult";

export const JSON_REPORT_VERSION = 1;

export function renderJsonReport(results: readonly SpecResult[], summary: SuiteSummary): string {
  const report = {
    version: JSON_REPORT_VERSION,
    specs: results.map((result) => ({
      file: result.spec.file,
      name: result.spec.name,
      status: result.status,
      durationMs: Math.round(result.durationMs),
      ...(result.target !== undefined ? { target: result.target } : {}),
      ...(result.attempts !== undefined ? { attempts: result.attempts } : {}),
      ...(result.flaky ? { flaky: true } : {}),
      ...(result.earlierFailures ? { earlierFailures: result.earlierFailures.map(failureJson) } : {}),
      ...(result.knownFailure !== undefined ? { knownFailure: result.knownFailure } : {}),
      ...(result.skipReason ? { skipReason: result.skipReason } : {}),
      ...(result.failure ? { failure: failureJson(result.failure) } : {}),
      steps: result.steps.map((outcome) => ({
        line: outcome.step.line,
        action: outcome.step.title,
        status: outcome.status,
        durationMs: Math.round(outcome.durationMs),
      })),
      captures: result.captures,
      transcript: result.transcript.map((entry) => ({ ...entry, atMs: Math.round(entry.atMs * 10) / 10 })),
    })),
    summary: { ...summary, durationMs: Math.round(summary.durationMs) },
  };
  return JSON.stringify(report, null, 2) + "\n";
}

function failureJson(failure: StepFailure) {
  return {
    kind: failure.kind,
    line: failure.line,
    client: failure.client,
    action: failure.action,
    message: failure.message,
    difference: failure.difference ?? null,
    mismatch: failure.mismatch ?? null,
    expected: failure.expected ?? null,
    received: failure.received ?? null,
    queued: failure.queued,
  };
}
