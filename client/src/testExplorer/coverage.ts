/**
 * The Test Explorer's coverage (a Coverage run profile on Prosody targets): the Lua lines the
 * run's Prosody servers ran (a RunSession opened with `coverage`: session/runCoverage.ts), shown by VS Code's coverage
 * view beside the code, files outside the workspace (an installed Prosody) from where they are.
 * Each spec had a server of its own, so "coverage of this test" is exact: the lines that spec's
 * server ran beyond start-up (a server that only started and stopped), as covered, and the
 * executable lines its server never ran, as not covered. Lines only start-up ran are left out.
 */
import * as vscode from "vscode";
import type { RunCoverage } from "@server/session/runCoverage";

interface CoverageDetails {
  /** Every executable line of the file: times run by all the run's servers. */
  readonly all: ReadonlyMap<number, number>;
  /** Per spec whose own lines touch the file: its view. */
  readonly bySpec: ReadonlyMap<vscode.TestItem, ReadonlyMap<number, number>>;
}

const detailsOf = new WeakMap<vscode.FileCoverage, CoverageDetails>();

/**
 * Adds the run's coverage to `run`, once for all its sessions (a run on each spec's module has
 * one per module), every server awaited first; `items` by spec file. Returns one line per
 * server whose coverage was lost.
 */
export async function publishCoverage(run: vscode.TestRun, coverages: readonly RunCoverage[], items: ReadonlyMap<string, vscode.TestItem>): Promise<string[]> {
  await Promise.all(coverages.map((coverage) => coverage.settled()));
  const { coverageReport } = await import("@server/session/runCoverage");
  const { mergeHits } = await import("@server/servers/prosody/coverage/lineCoverage");
  const all = coverages.reduce((merged, coverage) => mergeHits(merged, coverage.merged()), new Map<string, Map<number, number>>());
  for (const file of await coverageReport(all)) {
    const bySpec = new Map<vscode.TestItem, ReadonlyMap<number, number>>();
    for (const coverage of coverages) for (const spec of coverage.specs) {
      const item = items.get(spec);
      const own = coverage.ownLines(spec).get(file.file);
      if (!item || !own) continue;
      const ran = coverage.hitsOf(spec).get(file.file);
      const lines = new Map<number, number>();
      for (const line of file.lines.keys()) if (!ran?.has(line)) lines.set(line, 0);
      for (const [line, count] of own) lines.set(line, count);
      bySpec.set(item, lines);
    }
    const hit = [...file.lines.values()].filter((count) => count > 0).length;
    const fileCoverage = new vscode.FileCoverage(vscode.Uri.file(file.file), new vscode.TestCoverageCount(hit, file.lines.size), undefined, undefined, [...bySpec.keys()]);
    detailsOf.set(fileCoverage, { all: file.lines, bySpec });
    run.addCoverage(fileCoverage);
  }
  return coverages.flatMap((coverage) => coverage.lost).map((lost) => `The coverage of ${lost.spec} was lost: ${lost.reason}.`);
}

/** The coverage profile's per-line details, for the whole run and for one spec. */
export function serveCoverageDetails(profile: vscode.TestRunProfile): void {
  profile.loadDetailedCoverage = async (_run, fileCoverage) => statements(detailsOf.get(fileCoverage)?.all);
  profile.loadDetailedCoverageForTest = async (_run, fileCoverage, item) => statements(detailsOf.get(fileCoverage)?.bySpec.get(item));
}

function statements(lines: ReadonlyMap<number, number> | undefined): vscode.StatementCoverage[] {
  return [...(lines ?? [])].sort(([a], [b]) => a - b).map(([line, count]) => new vscode.StatementCoverage(count, new vscode.Position(line - 1, 0)));
}
