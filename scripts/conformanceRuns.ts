/**
 * Runs the Prosody 13.0.1 conformance set (../shared/conformance/prosody-13.0.1/spec/scansion,
 * config unchanged) many whole runs in a row with a fresh server per spec, and prints the
 * count of runs that passed. `node --import tsx scripts/conformanceRuns.ts --jobs 2 --runs 20`
 */
import { chmodSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startProsody } from "../server/src/prosody/throwawayProsody";
import { DEFAULT_RUN_SETTINGS } from "../server/src/runner/settings";
import { runSuite } from "../server/src/runner/suite";

const ROOT = path.join(__dirname, "..");
const SPECS = path.join(ROOT, "..", "shared", "conformance", "prosody-13.0.1", "spec", "scansion");
const PROSODY_13 = process.env.SCANSION_PROSODY_13 ?? "/var/cache/vscode-scansion-prosody/13.0.1/usr/bin";

const { values } = parseArgs({ options: { jobs: { type: "string" }, runs: { type: "string" } } });
const jobs = Number(values.jobs ?? "1");
const runs = Number(values.runs ?? "20");

// Until `--prosody-config` lands: the checkout's config, unchanged, included by a wrapper that
// only sets loopback listeners and ports (the pitfalls.md recipe); `prosody` 13.0.1 first on PATH.
const wrapperDir = mkdtempSync(path.join(os.tmpdir(), "scansion-13-"));
chmodSync(wrapperDir, 0o755); // Prosody runs as the `prosody` user
const wrapper = path.join(wrapperDir, "wrapper.cfg.lua");
writeFileSync(wrapper, [
  `local function port(var) return tonumber(os.getenv(var)) end`,
  `interfaces = { "127.0.0.1" }; c2s_ports = { port("SCS_C2S_PORT") }; c2s_direct_tls_ports = {}`,
  `s2s_ports = {}; component_ports = {}; http_ports = { port("SCS_HTTP_PORT") }; http_interfaces = { "127.0.0.1" }; https_ports = {}`,
  `data_path = "."`,
  `Include ${JSON.stringify(path.join(SPECS, "prosody.cfg.lua"))}`,
].join("\n"));
process.env.PATH = `${PROSODY_13}${path.delimiter}${process.env.PATH ?? ""}`;

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
      serverPerSpec: async () => {
        const server = await startProsody({ configPath: wrapper });
        return { host: server.host, port: server.c2sPort, stop: () => server.stop() };
      },
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
