/**
 * What `scansion-run` does with a run's outcome, whether it ran on one server or on several
 * targets: known failures judged (--expectations), the current ones written
 * (--update-expectations), the pretty summary and spec × target table, the chosen report,
 * GitHub annotations and step summary, and the exit status.
 */
import fs from "node:fs";
import path from "node:path";
import { expectationsOf, judge, parseExpectations, type Judgement } from "../runner/expectations";
import { summarize, type SpecResult, type SuiteSummary } from "../runner/specResult";
import type { CliOptions } from "./arguments";
import { renderGithubAnnotations, renderStepSummary } from "./reporters/github";
import { formatMatrixText, matrixOf } from "./reporters/matrix";
import { renderJsonReport } from "./reporters/json";
import { renderJunitReport } from "./reporters/junit";
import { renderTapReport } from "./reporters/tap";
import { renderHtmlReport } from "./reporters/html";
import { htmlReportEntries } from "./htmlEntries";
import type { PrettyReporter } from "./reporters/pretty";

export const EXIT_PASSED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE_OR_INFRASTRUCTURE = 2;

export interface RunOutcome {
  readonly results: readonly SpecResult[];
  readonly summary: SuiteSummary;
  readonly infrastructureError?: string | undefined;
}

/** Reads --expectations before the run, so that a bad file stops it before any server starts; a one-line problem otherwise. */
export function loadExpectations(options: CliOptions): Judge | string {
  const file = options.matrix.expectationsFile;
  if (file === undefined) return (results) => ({ results, newFailures: results.filter((one) => one.status === "failed" || one.status === "error"), passingNow: [] });
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return `cannot read --expectations ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`;
  }
  const expectations = parseExpectations(text, file);
  if (typeof expectations === "string") return expectations;
  return (results) => judge(results, expectations, path.dirname(path.resolve(file)));
}

export type Judge = (results: readonly SpecResult[]) => Judgement;

function renderReport(options: CliOptions, results: readonly SpecResult[], summary: SuiteSummary): string | undefined {
  switch (options.reporter) {
    case "json": return renderJsonReport(results, summary);
    case "junit": return renderJunitReport(results, summary);
    case "tap": return renderTapReport(results, summary);
    case "html": return renderHtmlReport({ entries: htmlReportEntries(results), summary, generatedAt: new Date() });
    case "pretty":
    case "github": return undefined;
  }
}

/** Writes everything after the run; returns the exit status (interruptions are the caller's). */
export function reportOutcome(
  options: CliOptions, outcome: RunOutcome, judgeResults: Judge, pretty: PrettyReporter, progressToStdout: boolean, interruptedExit: number | undefined,
): number {
  const judged = judgeResults(outcome.results);
  const results = judged.results;
  const summary = summarize(results, outcome.summary.durationMs);
  const say = (line: string) => (progressToStdout ? process.stdout : process.stderr).write(`${line}\n`);
  if (progressToStdout) {
    process.stdout.write(pretty.formatSummary(summary));
    const known = results.filter((result) => result.knownFailure !== undefined).length;
    if (known > 0) say(`${known} of the failures are known (${options.matrix.expectationsFile}): they do not fail the run`);
    const table = matrixOf(results);
    if (table) process.stdout.write(`\n${formatMatrixText(table)}`);
  }
  for (const result of judged.passingNow) say(`passes now on ${result.target ?? "this server"}: ${result.spec.file}: remove it from ${options.matrix.expectationsFile}`);
  const report = renderReport(options, results, summary);
  if (report !== undefined) {
    if (options.output !== undefined) fs.writeFileSync(options.output, report);
    else process.stdout.write(report);
  }
  if (options.reporter === "github") {
    const context = { workspace: process.env.GITHUB_WORKSPACE || process.cwd(), passingNow: judged.passingNow, expectationsFile: options.matrix.expectationsFile };
    process.stdout.write(renderGithubAnnotations(results, context));
    const summaryFile = process.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) fs.appendFileSync(summaryFile, renderStepSummary(results, summary, context));
  }
  const update = options.matrix.updateExpectationsFile;
  if (update !== undefined && interruptedExit === undefined) {
    fs.writeFileSync(update, expectationsOf(results, path.dirname(path.resolve(update))));
    say(`wrote the ${results.filter((result) => result.status === "failed" || result.status === "error").length} current failures to ${update}`);
  }
  if (interruptedExit !== undefined) {
    process.stderr.write("scansion-run: interrupted; every client was disconnected\n");
    return interruptedExit;
  }
  if (outcome.infrastructureError !== undefined) {
    process.stderr.write(`scansion-run: ${outcome.infrastructureError}\n`);
    return EXIT_USAGE_OR_INFRASTRUCTURE;
  }
  if (judged.newFailures.length > 0) return EXIT_FAILED;
  if (options.matrix.strictExpectations && judged.passingNow.length > 0) return EXIT_FAILED;
  return EXIT_PASSED;
}
