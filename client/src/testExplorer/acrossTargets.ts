/**
 * What a run on every target (the Test Explorer's "Run on every target") adds to one target's
 * results: on which targets a spec failed and passed, known failures (scansion.expectations),
 * and the outcome of each action line over every target. Pure (no `vscode`).
 */
import { oneLineFailure } from "@server/runner/expectations";
import type { SpecResult, StepStatus } from "@server/runner/specResult";
import type { LineOutcome } from "./resultReport";

/** One target's result of a spec, as the other targets' messages mention it. */
export interface TargetResult {
  readonly target: string;
  readonly result: SpecResult;
}

function failed(result: SpecResult): boolean {
  return result.status === "failed" || result.status === "error";
}

/**
 * "failed on ejabberd-23.01 (known failure), passed on prosody-0.12.3": the spec's result on every
 * target, failures first; targets that skipped it or did not get to it are named as such.
 */
export function acrossTargets(results: readonly TargetResult[]): string {
  const named = (which: readonly TargetResult[]) => which.map(({ target, result }) => `${target}${result.knownFailure !== undefined ? " (known failure)" : ""}`).join(", ");
  const groups: [string, readonly TargetResult[]][] = [
    ["failed on", results.filter(({ result }) => failed(result))],
    ["passed on", results.filter(({ result }) => result.status === "passed")],
    ["skipped on", results.filter(({ result }) => result.status === "skipped")],
  ];
  return groups.filter(([, which]) => which.length > 0).map(([verb, which]) => `${verb} ${named(which)}`).join("; ");
}

/**
 * The first line of a failure's message on one target of a run on several: its own line, then
 * where else it failed and passed. A known failure says so first, with the difference recorded
 * for it when that differs from today's.
 */
export function failureLine(message: string, result: SpecResult, target: string, across: string | undefined, expectationsFile: string | undefined): string {
  const known = result.knownFailure === undefined
    ? ""
    : `Known failure on ${target}${expectationsFile ? ` (${expectationsFile})` : ""}${result.knownFailure !== oneLineFailure(result) ? `, recorded as: ${result.knownFailure}` : ""}. `;
  return `${known}${message}${across ? ` — ${across}` : ""}`;
}

const SEVERITY: Readonly<Record<StepStatus, number>> = { failed: 3, "not-reached": 2, skipped: 1, passed: 0 };
/**
 * Short enough that VS Code's own failure message, drawn after the line's end, stays in view on
 * a common editor width (the full difference is in that message and in the peek).
 */
const MAX_TARGET_TEXT = 48;
const MAX_LINE_TEXT = 120;

function cut(text: string, most: number): string {
  return text.length <= most ? text : `${text.slice(0, most - 1)}…`;
}

/**
 * The outcome of each action line over every target: the worst status, and each target's own
 * outcome in the text ("prosody-0.12.3 ✓ 12 ms · ejabberd-23.01 ✗ expected … received …").
 */
export function outcomesAcrossTargets(perTarget: readonly { readonly target: string; readonly outcomes: readonly LineOutcome[] }[]): LineOutcome[] {
  const lines = new Map<number, { status: StepStatus; texts: string[] }>();
  for (const { target, outcomes } of perTarget) {
    for (const outcome of outcomes) {
      const line = lines.get(outcome.line) ?? { status: "passed" as StepStatus, texts: [] };
      if (SEVERITY[outcome.status] > SEVERITY[line.status]) line.status = outcome.status;
      line.texts.push(cut(`${target} ${outcome.text}`, MAX_TARGET_TEXT));
      lines.set(outcome.line, line);
    }
  }
  return [...lines.entries()].sort(([a], [b]) => a - b).map(([line, { status, texts }]) => {
    return { line, status, text: cut(texts.join(" · "), MAX_LINE_TEXT) };
  });
}
