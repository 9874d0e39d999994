/**
 * Turns the runner's results into what the editor shows: the failure message
 * (with expected/received for the diff view), an outcome per action line,
 * and transcript lines for the test output terminal. Pure (no `vscode`).
 */
import type { SpecRef, SpecResult, StepFailure, StepStatus, TranscriptEntry } from "@server/runner/specResult";

export interface FailureReport {
  /** One line: the difference when a stanza did not match, else why the spec failed. */
  readonly message: string;
  /** Pretty stanzas for a diff view; both set or both undefined. */
  readonly expected?: string;
  readonly actual?: string;
  /** 0-based line of the failing action (the line a test message is attached to). */
  readonly line: number;
}

/** What a failed or errored spec says; undefined for specs that passed or were skipped. */
export function failureReport(result: SpecResult): FailureReport | undefined {
  const failure = result.failure;
  if (!failure) return undefined;
  const line = Math.max(0, failure.line - 1);
  if (failure.expected !== undefined && failure.received !== undefined) {
    // A timeout's message names the stanza that never came and what arrived; a mismatch's difference says it all.
    return { message: failure.kind === "timeout" ? failure.message : failure.difference ?? failure.message, expected: failure.expected, actual: failure.received, line };
  }
  if (failure.expected !== undefined) {
    // The stanza never came (timeout, or the stream ended): show what did arrive instead.
    return { message: failure.message, expected: failure.expected, actual: whatArrived(result, failure), line };
  }
  if (failure.received !== undefined) {
    // `receives: nothing` that received something.
    return { message: failure.message, expected: NOTHING, actual: failure.received, line };
  }
  return { message: failure.message, line };
}

const NOTHING = "(nothing)";

/**
 * The stanzas that arrived, for any client, while the failing step waited,
 * plus what was still queued for the failing client; "(nothing arrived)"
 * when there were none. XML comments keep the listing readable as XML.
 */
export function whatArrived(result: SpecResult, failure: StepFailure): string {
  const arrivals = result.transcript.filter((entry) => entry.direction === "received" && entry.line === failure.line);
  const parts = arrivals.map((entry) => `<!-- ${entry.client}, at ${Math.round(entry.atMs)} ms -->\n${entry.text}`);
  if (failure.queued.length > 0) {
    parts.push(`<!-- still queued for ${failure.client} -->\n${failure.queued.join("\n")}`);
  }
  return parts.length > 0 ? parts.join("\n") : `(nothing arrived${failure.client ? ` for ${failure.client}` : ""})`;
}

export interface LineOutcome {
  /** 0-based line of the action. */
  readonly line: number;
  readonly status: StepStatus;
  /** Short text shown after the line. */
  readonly text: string;
}

const MAX_INLINE_TEXT = 120;

/** One outcome per action line, in the spec's order. */
export function lineOutcomes(result: SpecResult): LineOutcome[] {
  return result.steps.map(({ step, status, durationMs }) => ({
    line: step.line - 1,
    status,
    text: outcomeText(status, durationMs, result.failure?.line === step.line ? result.failure : undefined),
  }));
}

function outcomeText(status: StepStatus, durationMs: number, failure: StepFailure | undefined): string {
  switch (status) {
    case "passed": return `✓ ${formatDuration(durationMs)}`;
    case "skipped": return "– skipped";
    case "not-reached": return "○ not reached";
    case "failed": return `✗ ${shorten(failure ? failure.difference ?? failure.message : "failed")}`;
  }
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length <= MAX_INLINE_TEXT ? oneLine : `${oneLine.slice(0, MAX_INLINE_TEXT - 1)}…`;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

const ARROWS: Record<TranscriptEntry["direction"], string> = { sent: "→", received: "←", note: "·" };

/** One transcript entry as a line of the test output terminal (CRLF, as the terminal needs). */
export function transcriptLine(entry: TranscriptEntry): string {
  const time = `${Math.round(entry.atMs)}`.padStart(6);
  return crlf(`${DIM}${time} ms${RESET} ${entry.client || "runner"} ${ARROWS[entry.direction]} ${entry.text}`) + "\r\n";
}

export function specBanner(spec: SpecRef): string {
  return crlf(`${BOLD}▶ ${spec.name}${RESET} ${DIM}(${spec.file})${RESET}`) + "\r\n";
}

export function specSummary(result: SpecResult): string {
  const report = failureReport(result);
  const why = result.status === "skipped" ? `: ${result.skipReason ?? "skipped"}` : report ? `: line ${report.line + 1}: ${report.message}` : "";
  const colour = result.status === "passed" ? GREEN : result.status === "skipped" ? DIM : RED;
  return crlf(`${colour}${result.status} in ${formatDuration(result.durationMs)}${why}${RESET}`) + "\r\n\r\n";
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

const DIM = "\x1b[2m";
const BOLD = "\x1b[1m";
const GREEN = "\x1b[32m";
const RED = "\x1b[31m";
const RESET = "\x1b[0m";
