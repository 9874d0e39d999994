/**
 * Prosody 13.0.1's suite (test/support/prosodySuite.ts: the 50 specs of the source tree built
 * in the cache, else ../shared's 15), its config unchanged, through `scansion-run
 * --prosody-config`, many whole runs in a row; prints each run and how many passed.
 *   node --import tsx scripts/conformanceRuns.ts --jobs 2 --runs 20
 * Exit status 0 when every run passed every spec.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { prosody13Suite } from "@support/prosodySuite";

const ROOT = path.join(__dirname, "..");
const { values } = parseArgs({ options: { jobs: { type: "string" }, runs: { type: "string" } } });
const jobs = values.jobs ?? "1";
const runs = Number(values.runs ?? "20");

interface Report { specs: { file: string; status: string; failure?: { line: number; message: string } }[]; summary: { total: number; passed: number; durationMs: number } }

function main(): number {
  const suite = prosody13Suite();
  if ("missing" in suite) {
    console.error(suite.missing);
    return 2;
  }
  console.log(`Prosody 13.0.1's suite from the ${suite.source}: ${suite.specs}`);
  const cli = path.join(ROOT, "dist", "cli.js");
  let passedRuns = 0;
  const failures = new Map<string, number>();
  for (let run = 1; run <= runs; run += 1) {
    const child = spawnSync(process.execPath, [cli, "--prosody-config", suite.config, "--prosody", suite.prosody,
      "--jobs", jobs, "--reporter", "json", suite.specs], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    let report: Report;
    try {
      report = JSON.parse(child.stdout) as Report;
    } catch {
      console.log(`run ${run}: exit ${child.status}, no report: ${child.stderr.trim()}`);
      continue;
    }
    const failed = report.specs.filter((spec) => spec.status !== "passed");
    for (const spec of failed) failures.set(path.basename(spec.file), (failures.get(path.basename(spec.file)) ?? 0) + 1);
    if (child.status === 0 && failed.length === 0) passedRuns += 1;
    console.log(`run ${run}: ${report.summary.passed}/${report.summary.total} passed in ${(report.summary.durationMs / 1000).toFixed(2)} s` +
      (failed.length ? ` — ${failed.map((spec) => `${path.basename(spec.file)}:${spec.failure?.line ?? "?"} ${spec.failure?.message ?? spec.status}`).join("; ")}` : ""));
  }
  console.log(`--jobs ${jobs}: ${passedRuns} of ${runs} whole runs passed${failures.size ? `; failed specs: ${[...failures].map(([file, n]) => `${file} x${n}`).join(", ")}` : ""}`);
  return passedRuns === runs ? 0 : 1;
}

process.exitCode = main();
