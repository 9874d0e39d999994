/** TAP version 14: one test point per spec, failures as YAML diagnostics. */
import type { SpecResult, SuiteSummary } from "../../runner/specResult";

function yamlBlock(text: string, indent: string): string {
  return text.split("\n").map((line) => `${indent}${line}`).join("\n");
}

/** TAP 14 escapes backslash and `#` in descriptions and directive reasons. */
function escapeTap(text: string): string {
  return text.replace(/[\\#]/g, (c) => `\\${c}`);
}

export function renderTapReport(results: readonly SpecResult[], _summary: SuiteSummary): string {
  const lines = ["TAP version 14", `1..${results.length}`];
  results.forEach((result, index) => {
    const number = index + 1;
    // In a run over named targets the target is part of the name: "basic login [ejabberd-23.01]".
    const name = escapeTap(result.target !== undefined ? `${result.spec.name} [${result.target}]` : result.spec.name);
    if (result.status === "skipped") {
      lines.push(`ok ${number} - ${name} # SKIP ${escapeTap(result.skipReason ?? "")}`.trimEnd());
      return;
    }
    // A known failure (--expectations) is what TAP's TODO directive means: not ok, and expected so.
    const todo = result.knownFailure !== undefined ? ` # TODO known failure: ${escapeTap(result.knownFailure)}` : "";
    lines.push(`${result.status === "passed" ? "ok" : "not ok"} ${number} - ${name}${todo}`);
    const failure = result.failure;
    const attempts = result.attempts !== undefined ? [`  attempts: ${result.attempts}`, ...(result.flaky ? ["  flaky: true"] : [])] : [];
    if (!failure && attempts.length > 0) lines.push("  ---", ...attempts, "  ...");
    if (failure) {
      lines.push("  ---", ...attempts);
      lines.push(`  message: ${JSON.stringify(failure.message)}`);
      lines.push(`  at: ${JSON.stringify(`${result.spec.file}:${failure.line}`)}`);
      lines.push(`  client: ${JSON.stringify(failure.client)}`);
      if (failure.difference) lines.push(`  difference: ${JSON.stringify(failure.difference)}`);
      if (failure.expected) lines.push("  expected: |", yamlBlock(failure.expected, "    "));
      if (failure.received) lines.push("  received: |", yamlBlock(failure.received, "    "));
      lines.push("  ...");
    }
  });
  return lines.join("\n") + "\n";
}
