/**
 * `--coverage <file.lcov>`: what the CLI does with a run's coverage (servers/prosody/coverage):
 * the LCOV file of every spec's lines together, written whole or not at all, and one line per
 * run: the percentage of executable lines run per top folder, and what was lost.
 */
import path from "node:path";
import { coverageReport, type RunCoverage } from "../session/runCoverage";
import { formatFolderSummary, summarizeRun } from "../servers/prosody/coverage/lineCoverage";
import { renderLcov, writeFileAtomically } from "../servers/prosody/coverage/lcov";
import { findLuac } from "../servers/prosody/coverage/executableLines";

/** Writes the LCOV file; returns the lines to show (summary, warnings). Throws only when the file cannot be written. */
export async function writeRunCoverage(coverage: RunCoverage, lcovFile: string, interrupted: boolean): Promise<string[]> {
  await coverage.settled();
  const lines: string[] = [];
  for (const lost of coverage.lost) lines.push(`scansion-run: coverage of ${lost.spec} was lost: ${lost.reason}`);
  const files = await coverageReport(coverage.merged());
  if (files.length === 0) {
    lines.push(`scansion-run: no coverage was collected: ${lcovFile} was not written`);
    return lines;
  }
  writeFileAtomically(lcovFile, renderLcov(files));
  const specs = coverage.specs.length;
  const partial = interrupted ? " (interrupted: the specs that ran)" : "";
  lines.push(`Coverage of ${specs} spec${specs === 1 ? "" : "s"}${partial} in ${path.resolve(lcovFile)}: ${formatFolderSummary(summarizeRun(files))}`);
  if (findLuac() === undefined) lines.push("scansion-run: luac5.4 is not installed (Debian: apt-get install lua5.4): lines never run are not listed, so the percentages count run lines only");
  return lines;
}
