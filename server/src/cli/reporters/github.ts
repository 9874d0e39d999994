/**
 * `--reporter github`: GitHub Actions workflow commands, so that a failure shows on the spec's
 * line in the pull request and cannot hide in the log. One `::error` per failed step (its
 * one-line difference), `::warning` for a flaky spec and for a known failure that passes now,
 * `::notice` for a known failure; and a Markdown summary for $GITHUB_STEP_SUMMARY: totals,
 * the spec × target table, each failure with its difference.
 * https://docs.github.com/actions/reference/workflow-commands-for-github-actions
 */
import path from "node:path";
import { oneLineFailure } from "../../runner/expectations";
import type { SpecResult, SuiteSummary } from "../../runner/specResult";
import { formatMatrixMarkdown, matrixOf } from "./matrix";

export interface GithubReportContext {
  /** Paths in annotations are relative to it: $GITHUB_WORKSPACE, else the working directory. */
  readonly workspace: string;
  /** Known failures that pass now, and the expectations file they are in. */
  readonly passingNow?: readonly SpecResult[];
  readonly expectationsFile?: string | undefined;
}

/** A workflow command's message: %, CR and LF escaped. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A workflow command's property value: also `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

function command(kind: "error" | "warning" | "notice", properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${kind} ${props}::${escapeData(message)}`;
}

function title(result: SpecResult): string {
  return result.target !== undefined ? `${result.spec.name} on ${result.target}` : result.spec.name;
}

function relative(file: string, workspace: string): string {
  return path.relative(workspace, path.resolve(file)).split(path.sep).join("/");
}

export function renderGithubAnnotations(results: readonly SpecResult[], context: GithubReportContext): string {
  const lines: string[] = [];
  for (const result of results) {
    const file = relative(result.spec.file, context.workspace);
    const failure = result.failure;
    if ((result.status === "failed" || result.status === "error") && failure) {
      if (result.knownFailure !== undefined) {
        lines.push(command("notice", { file, line: failure.line, title: `known failure: ${title(result)}` }, oneLineFailure(result)));
      } else {
        lines.push(command("error", { file, line: failure.line, title: title(result) }, oneLineFailure(result)));
      }
    }
    if (result.flaky) {
      const earlier = result.earlierFailures?.[0];
      const passes = result.status === "passed" ? `passed on attempt ${result.attempts ?? "?"}` : "failed in the end";
      lines.push(command("warning", { file, line: earlier?.line, title: `flaky: ${title(result)}` },
        `flaky (${result.attempts ?? "?"} attempts, ${passes})${earlier ? `; an earlier attempt failed: ${(earlier.difference ?? earlier.message).split("\n")[0]}` : ""}`));
    }
  }
  for (const result of context.passingNow ?? []) {
    lines.push(command("warning", { file: relative(result.spec.file, context.workspace), title: `passes now: ${title(result)}` },
      `passes now on ${result.target ?? "this server"}: remove it from ${context.expectationsFile ?? "the expectations file"}`));
  }
  return lines.length > 0 ? lines.join("\n") + "\n" : "";
}

/** The Markdown appended to $GITHUB_STEP_SUMMARY. */
export function renderStepSummary(results: readonly SpecResult[], summary: SuiteSummary, context: GithubReportContext): string {
  const known = results.filter((result) => result.knownFailure !== undefined);
  const failures = results.filter((result) => (result.status === "failed" || result.status === "error") && result.knownFailure === undefined);
  const flaky = results.filter((result) => result.flaky);
  const totals = [
    `${summary.passed} passed`, `${failures.length} failed`,
    ...(known.length > 0 ? [`${known.length} known failures`] : []),
    ...(flaky.length > 0 ? [`${flaky.length} flaky`] : []),
    ...(summary.skipped > 0 ? [`${summary.skipped} skipped`] : []),
  ];
  const parts = [`## scansion-run: ${failures.length > 0 ? "❌" : "✅"} ${totals.join(", ")} in ${(summary.durationMs / 1000).toFixed(1)} s\n`];
  const table = matrixOf(results);
  if (table) parts.push(formatMatrixMarkdown(table));
  const item = (result: SpecResult, why: string) =>
    `- **${result.spec.name}**${result.target !== undefined ? ` on ${result.target}` : ""} (\`${relative(result.spec.file, context.workspace)}:${result.failure?.line ?? 1}\`): ${why.replace(/\n/g, " ")}`;
  const section = (heading: string, list: readonly string[]) => {
    if (list.length > 0) parts.push(`### ${heading}\n\n${list.join("\n")}\n`);
  };
  section("Failures", failures.map((result) => item(result, `\`${oneLineFailure(result)}\``)));
  section("Flaky", flaky.map((result) => item(result, `${result.attempts ?? "?"} attempts`)));
  section("Known failures", known.map((result) => item(result, `\`${oneLineFailure(result)}\``)));
  section("Passes now", (context.passingNow ?? []).map((result) =>
    `- **${result.spec.name}** passes now on ${result.target ?? "this server"}: remove it from ${context.expectationsFile ?? "the expectations file"}`));
  return parts.join("\n") + "\n";
}
