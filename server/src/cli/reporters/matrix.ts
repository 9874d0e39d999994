/**
 * What a run over named targets adds to every report: which target a result is on, whether
 * it is flaky or a known failure, and the closing table, one row per spec and one column per
 * target. The pretty reporter and the GitHub step summary print the same table.
 */
import path from "node:path";
import type { SpecResult, SpecStatus } from "../../runner/specResult";

const MARKS: Record<SpecStatus, string> = { passed: "✓", failed: "✗", error: "!", skipped: "-" };

/** "✓", "✗ known", "✓ flaky", …: a result's cell, the status mark and what else a reader must know. */
export function resultMark(result: SpecResult): string {
  return [MARKS[result.status], ...(result.knownFailure !== undefined ? ["known"] : []), ...(result.flaky ? ["flaky"] : [])].join(" ");
}

/** " [ejabberd-23.01] flaky (2 attempts)": what follows a spec's name in a one-line report; "" for a plain run. */
export function resultTags(result: SpecResult): string {
  const tags = [
    ...(result.target !== undefined ? [`[${result.target}]`] : []),
    ...(result.knownFailure !== undefined ? ["known failure"] : []),
    ...(result.flaky ? ["flaky"] : []),
    ...(result.attempts !== undefined ? [`(${result.attempts} attempts)`] : []),
  ];
  return tags.length === 0 ? "" : ` ${tags.join(" ")}`;
}

export interface MatrixTable {
  readonly targets: readonly string[];
  /** One row per spec (in the order results came), a cell per target: undefined when it did not run there. */
  readonly rows: readonly { readonly spec: string; readonly file: string; readonly cells: readonly (SpecResult | undefined)[] }[];
}

/** The spec × target table of a run over named targets; undefined when no result names a target. */
export function matrixOf(results: readonly SpecResult[]): MatrixTable | undefined {
  const targets = [...new Set(results.flatMap((result) => (result.target !== undefined ? [result.target] : [])))];
  if (targets.length === 0) return undefined;
  const rows = new Map<string, { spec: string; file: string; cells: (SpecResult | undefined)[] }>();
  for (const result of results) {
    let row = rows.get(result.spec.file);
    if (!row) {
      // The file's name: short, and unique in a folder (titles can be a sentence long).
      row = { spec: path.basename(result.spec.file), file: result.spec.file, cells: targets.map(() => undefined) };
      rows.set(result.spec.file, row);
    }
    row.cells[targets.indexOf(result.target ?? "")] = result;
  }
  return { targets, rows: [...rows.values()] };
}

/** The table as aligned text for a terminal; `paint` colours a cell by its result. */
export function formatMatrixText(table: MatrixTable, paint: (result: SpecResult, text: string) => string = (_result, text) => text): string {
  const specWidth = Math.max(4, ...table.rows.map((row) => row.spec.length));
  const widths = table.targets.map((target, column) => Math.max(target.length, ...table.rows.map((row) => cellText(row.cells[column]).length)));
  const line = (first: string, cells: readonly string[]) => `${first.padEnd(specWidth)}  ${cells.join("  ")}`.trimEnd();
  const lines = [
    line("spec", table.targets.map((target, column) => target.padEnd(widths[column]!))),
    ...table.rows.map((row) => line(row.spec, row.cells.map((cell, column) => {
      const text = cellText(cell).padEnd(widths[column]!);
      return cell ? paint(cell, text) : text;
    }))),
  ];
  return lines.join("\n") + "\n";
}

/** The same table in GitHub-flavoured Markdown. */
export function formatMatrixMarkdown(table: MatrixTable): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|");
  return [
    `| spec | ${table.targets.map(escape).join(" | ")} |`,
    `| --- | ${table.targets.map(() => ":---:").join(" | ")} |`,
    ...table.rows.map((row) => `| ${escape(row.spec)} | ${row.cells.map((cell) => cellText(cell)).join(" | ")} |`),
  ].join("\n") + "\n";
}

function cellText(result: SpecResult | undefined): string {
  return result ? resultMark(result) : "";
}
