/**
 * Runs the Prosody 13.0.1 conformance set (../shared/conformance/prosody-13.0.1/spec/scansion,
 * config unchanged) many whole runs in a row with a fresh server per spec, and prints the
 * count of runs that passed. `node --import tsx scripts/conformanceRuns.ts --jobs 2 --runs 20`
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CONFORMANCE_13 as SPECS, prosody13Servers } from "../server/src/prosody/checkoutConfigBridge";
import { DEFAULT_RUN_SETTINGS } from "../server/src/runner/settings";
import { runSuite } from "../server/src/runner/suite";

const { values } = parseArgs({ options: { jobs: { type: "string" }, runs: { type: "string" } } });
const jobs = Number(values.jobs ?? "1");
const runs = Number(values.runs ?? "20");

async function main(): Promise<void> {
  const files = readdirSync(SPECS).filter((name) => name.endsWith(".scs")).sort().map((name) => path.join(SPECS, name));
  let passedRuns = 0;
  const failures = new Map<string, number>();
  for (let run = 1; run <= runs; run += 1) {
    const outcome = await runSuite(files, {
      settings: DEFAULT_RUN_SETTINGS,
      tagFilter: { onlyTags: [], skipTags: [] },
      bail: false,
      jobs,
      serverPerSpec: prosody13Servers(path.join(SPECS, "prosody.cfg.lua")),
    });
    const failed = outcome.results.filter((result) => result.status !== "passed");
    for (const result of failed) failures.set(result.spec.name, (failures.get(result.spec.name) ?? 0) + 1);
    if (failed.length === 0 && outcome.results.length === files.length) passedRuns += 1;
    console.log(`run ${run}: ${outcome.summary.passed}/${files.length} passed in ${(outcome.summary.durationMs / 1000).toFixed(2)} s${failed.length ? ` — failed: ${failed.map((r) => `${path.basename(r.spec.file)} (${r.failure?.message ?? r.status})`).join("; ")}` : ""}`);
  }
  console.log(`--jobs ${jobs}: ${passedRuns} of ${runs} whole runs passed${failures.size ? `; failures: ${[...failures].map(([name, n]) => `${name} x${n}`).join(", ")}` : ""}`);
  process.exitCode = passedRuns === runs ? 0 : 1;
}

void main();
