/**
 * The HTML report (`--reporter html --output report.html`, docs/REPORT-FORMAT.md): one
 * self-contained file, its style, script and diagrams inline, that opens from disk with no
 * network. Totals and durations, the slowest specs, a table of every spec (one result
 * column per target when a run has several), and per spec its title, tags, result and the
 * sequence diagram of what happened; a failed spec adds its expected/received diff and the
 * log of its own throwaway server.
 */
import type { SpecDocument } from "../../language/syntaxTree";
import type { SpecResult, SpecStatus, SuiteSummary } from "../../runner/specResult";
import { actualConversation } from "../../diagrams/conversation";
import { DIAGRAM_SCRIPT, DIAGRAM_STYLE } from "../../diagrams/diagramAssets";
import { escapeHtml, formatDuration } from "../../diagrams/htmlText";
import { renderSequenceDiagram } from "../../diagrams/sequenceDiagram";
import { lineDiff } from "./lineDiff";

/** One spec's result on one target. */
export interface HtmlReportEntry {
  readonly result: SpecResult;
  /** The target the spec ran on; absent when the run had one (a column per target otherwise). */
  readonly target?: string;
  readonly tags: readonly string[];
  /** The tree of the text that ran: the diagram then shows its `${…}` and captures. */
  readonly doc?: SpecDocument;
}

export interface HtmlReportInput {
  readonly entries: readonly HtmlReportEntry[];
  readonly summary: SuiteSummary;
  readonly generatedAt: Date;
}

const SLOWEST = 5;
const MARK: Readonly<Record<SpecStatus, string>> = { passed: "✓", failed: "✗", error: "!", skipped: "–" };

export function renderHtmlReport(input: HtmlReportInput): string {
  const { entries, summary } = input;
  const anchors = new Map(entries.map((entry, index) => [entry, `spec-${index + 1}`]));
  const verdict = summary.failed + summary.errors > 0 ? "failed" : "passed";
  const title = `Scansion report: ${summary.passed} passed, ${summary.failed} failed${summary.errors > 0 ? `, ${summary.errors} errors` : ""}`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>${escapeHtml(title)}</title>
<style>${REPORT_STYLE}${DIAGRAM_STYLE}</style></head>
<body class="sd-page">
<header><h1 class="${verdict}">${escapeHtml(title)}</h1>
${renderTotals(summary, entries, input.generatedAt)}</header>
<main>
${renderSlowest(entries, anchors)}
${renderOverview(entries, anchors)}
<h2>Specs</h2>
${entries.map((entry) => renderSpec(entry, anchors.get(entry)!)).join("\n")}
</main>
<script>${DIAGRAM_SCRIPT}${REPORT_SCRIPT}</script>
</body></html>
`;
}

function renderTotals(summary: SuiteSummary, entries: readonly HtmlReportEntry[], generatedAt: Date): string {
  const specTime = entries.reduce((sum, entry) => sum + entry.result.durationMs, 0);
  const cells = [
    ["passed", summary.passed], ["failed", summary.failed], ["errors", summary.errors], ["skipped", summary.skipped], ["specs", summary.total],
  ].map(([name, count]) => `<div class="total t-${name}"><b>${count}</b> ${name}</div>`).join("");
  return `<div class="totals">${cells}</div>
<p class="muted">Run took ${formatDuration(summary.durationMs)} (specs together ${formatDuration(specTime)}) · ${escapeHtml(generatedAt.toISOString())}</p>`;
}

function renderSlowest(entries: readonly HtmlReportEntry[], anchors: ReadonlyMap<HtmlReportEntry, string>): string {
  const slowest = [...entries].filter((entry) => entry.result.status !== "skipped").sort((a, b) => b.result.durationMs - a.result.durationMs).slice(0, SLOWEST);
  if (slowest.length === 0) return "";
  const rows = slowest.map((entry) => `<li><a href="#${anchors.get(entry)}">${escapeHtml(entry.result.spec.name)}</a>${entry.target ? ` <span class="muted">(${escapeHtml(entry.target)})</span>` : ""} <span class="muted">${formatDuration(entry.result.durationMs)}</span></li>`);
  return `<h2>Slowest specs</h2><ol class="slowest">${rows.join("")}</ol>`;
}

/** A row per spec file, a result column per target. */
function renderOverview(entries: readonly HtmlReportEntry[], anchors: ReadonlyMap<HtmlReportEntry, string>): string {
  const targets = [...new Set(entries.map((entry) => entry.target))];
  const byFile = new Map<string, HtmlReportEntry[]>();
  for (const entry of entries) byFile.set(entry.result.spec.file, [...(byFile.get(entry.result.spec.file) ?? []), entry]);
  const head = targets.map((target) => `<th>${escapeHtml(target ?? "result")}</th>`).join("");
  const rows = [...byFile.values()].map((row) => {
    const first = row[0]!;
    const cells = targets.map((target) => {
      const entry = row.find((candidate) => candidate.target === target);
      if (!entry) return `<td class="muted">not run</td>`;
      const { status, durationMs } = entry.result;
      return `<td class="status-${status}"><a href="#${anchors.get(entry)}">${MARK[status]} ${status}</a> <span class="muted">${status === "skipped" ? "" : formatDuration(durationMs)}</span></td>`;
    }).join("");
    return `<tr><td><a href="#${anchors.get(first)}">${escapeHtml(first.result.spec.name)}</a><div class="muted file">${escapeHtml(first.result.spec.file)}</div></td><td>${renderTags(first.tags)}</td>${cells}</tr>`;
  });
  return `<h2>Results</h2><table class="overview"><thead><tr><th>spec</th><th>tags</th>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function renderTags(tags: readonly string[]): string {
  return tags.map((tag) => `<span class="tag">${escapeHtml(tag)}</span>`).join(" ");
}

function renderSpec(entry: HtmlReportEntry, anchor: string): string {
  const { result } = entry;
  const failed = result.status === "failed" || result.status === "error";
  const summary = `<summary><span class="mark status-${result.status}">${MARK[result.status]}</span> <b>${escapeHtml(result.spec.name)}</b>`
    + `${entry.target ? ` <span class="target">${escapeHtml(entry.target)}</span>` : ""}`
    + ` <span class="muted">${result.status}${result.status === "skipped" ? `: ${escapeHtml(result.skipReason ?? "")}` : ` in ${formatDuration(result.durationMs)}`}</span> ${renderTags(entry.tags)}`
    + `<div class="muted file">${escapeHtml(result.spec.file)}</div></summary>`;
  const body = result.status === "skipped"
    ? ""
    : `${failed ? renderFailure(entry) : ""}${renderSequenceDiagram(actualConversation(result, entry.doc), { id: `${anchor}-diagram` })}`;
  return `<details class="spec" id="${anchor}"${failed ? " open" : ""}>${summary}<div class="spec-body">${body}</div></details>`;
}

function renderFailure(entry: HtmlReportEntry): string {
  const failure = entry.result.failure;
  if (!failure) return "";
  const parts = [`<p class="failure"><b>${escapeHtml(`${failure.action}, line ${failure.line}`)}:</b> ${escapeHtml(failure.message)}</p>`];
  if (failure.difference) parts.push(`<p class="difference">${escapeHtml(failure.difference)}</p>`);
  if (failure.expected !== undefined && failure.received !== undefined) {
    const lines = lineDiff(failure.expected, failure.received).map((line) => {
      const sign = line.kind === "expected" ? "-" : line.kind === "received" ? "+" : " ";
      return `<span class="diff-${line.kind}">${sign} ${escapeHtml(line.text)}</span>`;
    });
    parts.push(`<h4>Expected (−) and received (+)</h4><pre class="diff">${lines.join("\n")}</pre>`);
  } else if (failure.expected !== undefined) {
    parts.push(`<h4>Expected</h4><pre class="diff">${escapeHtml(failure.expected)}</pre>`);
  } else if (failure.received !== undefined) {
    parts.push(`<h4>Received</h4><pre class="diff">${escapeHtml(failure.received)}</pre>`);
  }
  if (failure.queued.length > 0) parts.push(`<h4>Still queued for ${escapeHtml(failure.client)} (${failure.queued.length})</h4><pre class="diff">${escapeHtml(failure.queued.join("\n"))}</pre>`);
  const log = entry.result.serverLog;
  if (log !== undefined) {
    parts.push(`<details class="server-log" open><summary>Server log of this spec (${log.split("\n").filter((line) => line !== "").length} lines)</summary><pre>${escapeHtml(log)}</pre></details>`);
  }
  return `<div class="failure-box">${parts.join("")}</div>`;
}

/** A failed spec's server log opens at its end, where the failure is. */
const REPORT_SCRIPT = `
for (const log of document.querySelectorAll(".server-log pre")) log.scrollTop = log.scrollHeight;
`;

const REPORT_STYLE = `
body.sd-page { margin: 0; padding: 16px 24px; background: var(--sd-bg); color: var(--sd-fg); font: 14px/1.45 system-ui, sans-serif; }
h1 { font-size: 20px; margin: 0 0 8px; } h1.failed { color: var(--sd-fail); } h1.passed { color: var(--sd-pass); }
h2 { font-size: 16px; margin: 20px 0 8px; border-bottom: 1px solid var(--sd-line); padding-bottom: 4px; }
h4 { margin: 10px 0 4px; font-size: 13px; }
a { color: var(--sd-sent); }
.muted { color: var(--sd-muted); font-size: 12px; }
.totals { display: flex; gap: 10px; flex-wrap: wrap; }
.total { border: 1px solid var(--sd-line); border-radius: 6px; padding: 6px 12px; background: var(--sd-panel); }
.total b { font-size: 18px; } .t-passed b { color: var(--sd-pass); } .t-failed b, .t-errors b { color: var(--sd-fail); }
.overview { border-collapse: collapse; width: 100%; }
.overview th, .overview td { text-align: left; padding: 4px 8px; border-bottom: 1px solid var(--sd-line); vertical-align: top; }
.file { font-family: ui-monospace, monospace; }
.tag { display: inline-block; font-size: 11px; padding: 0 6px; border-radius: 9px; border: 1px solid var(--sd-line); color: var(--sd-muted); }
.target { font-size: 12px; padding: 0 6px; border-radius: 4px; background: var(--sd-panel); border: 1px solid var(--sd-line); }
.status-passed, .status-passed a { color: var(--sd-pass); } .status-failed, .status-failed a, .status-error, .status-error a { color: var(--sd-fail); }
.status-skipped, .status-skipped a { color: var(--sd-muted); }
details.spec { border: 1px solid var(--sd-line); border-radius: 6px; margin: 8px 0; background: var(--sd-bg); }
details.spec > summary { cursor: pointer; padding: 8px 12px; }
details.spec > summary:focus-visible { outline: 2px solid var(--sd-focus); }
.spec-body { padding: 0 12px 12px; overflow-x: auto; }
.mark { font-weight: 700; }
.failure-box { border-left: 4px solid var(--sd-fail); padding: 4px 12px; margin: 4px 0 12px; background: var(--sd-panel); }
.failure { color: var(--sd-fail); margin: 4px 0; } .difference { font-family: ui-monospace, monospace; margin: 4px 0; }
pre { font: 12px/1.45 ui-monospace, monospace; tab-size: 2; overflow: auto; max-height: 400px; padding: 8px; background: var(--sd-bg); border: 1px solid var(--sd-line); border-radius: 4px; }
.diff-expected { color: var(--sd-fail); } .diff-received { color: var(--sd-pass); }
.server-log summary { cursor: pointer; font-weight: 600; margin-top: 8px; }
`;
