/**
 * The JSON report (documented in docs/REPORT-FORMAT.md). Stable field names:
 * CI systems and scripts parse it.
 */
import type { SpecResult, SuiteSummary } from "../../runner/specResult";

export const JSON_REPORT_VERSION = 1;

export function renderJsonReport(results: readonly SpecResult[], summary: SuiteSummary): string {
  const report = {
    version: JSON_REPORT_VERSION,
    specs: results.map((result) => ({
      file: result.spec.file,
      name: result.spec.name,
      status: result.status,
      durationMs: Math.round(result.durationMs),
      ...(result.skipReason ? { skipReason: result.skipReason } : {}),
      ...(result.failure
        ? {
            failure: {
              kind: result.failure.kind,
              line: result.failure.line,
              client: result.failure.client,
              action: result.failure.action,
              message: result.failure.message,
              difference: result.failure.difference ?? null,
              mismatch: result.failure.mismatch ?? null,
              expected: result.failure.expected ?? null,
              received: result.failure.received ?? null,
              queued: result.failure.queued,
            },
          }
        : {}),
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
