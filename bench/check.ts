/**
 * `scansion-run --check` as a pre-commit hook runs it (issue 18): the whole of Prosody 13's
 * suite, 50 specs, in a fresh `node dist/cli.js --check <folder>` process, Node's own start
 * included. Target: under 1 s (docs/PERFORMANCE.md). The 50 specs come from the built Prosody
 * 13.0.1 checkout scripts/ensure-prosody.mjs leaves under /var/cache/vscode-scansion-prosody/;
 * without it, from ../shared's conformance sets (30 specs), which the note then says.
 *
 * Also, for comparison: a bare `node -e 0` (what no script can go below on this machine) and
 * the same check through the run's bundle (main.ts), which loads the runner and the XMPP stack.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { prosodyCacheRoot } from "@server/servers/prosody/prosodyInstall";
import { figure, percentile, skipped, type BenchFigure } from "./figures";
import { REPOSITORY_ROOT } from "./specs";

const TARGET_MS = 1000;
const RUNS = 15;
const CLI = join(REPOSITORY_ROOT, "dist/cli.js");
const RUN_BUNDLE = join(REPOSITORY_ROOT, "dist/cliRun.js");

function countSpecs(folder: string): number {
  let count = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.isDirectory()) count += countSpecs(join(folder, entry.name));
    else if (entry.name.endsWith(".scs")) count++;
  }
  return count;
}

/** Prosody 13's suite (50 specs) from a built checkout, else the conformance specs of ../shared. */
function suite(): { folders: string[]; specs: number; label: string } | undefined {
  for (const root of [prosodyCacheRoot(), prosodyCacheRoot({}, true)]) {
    const folder = join(root, "13.0.1-checkout", "spec", "scansion");
    if (existsSync(folder)) return { folders: [folder], specs: countSpecs(folder), label: `Prosody 13.0.1's spec/scansion (${folder})` };
  }
  const conformance = join(REPOSITORY_ROOT, "../shared/conformance");
  if (existsSync(conformance)) return { folders: [conformance], specs: countSpecs(conformance), label: "../shared/conformance (the 13.0.1 checkout is missing)" };
  return undefined;
}

/** GNU time reports a child's CPU time (user + system), which waiting for a busy core does not inflate. */
const GNU_TIME = "/usr/bin/time";

interface ProcessTimes {
  readonly median: number;
  readonly p95: number;
  /** Median CPU time of the process (user + system), when GNU time is there. */
  readonly cpuMedian: number | undefined;
  readonly status: number | null;
}

/** Wall (and CPU) time of whole processes, spawned one after another. */
function processTimes(args: readonly string[]): ProcessTimes {
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  const timed = existsSync(GNU_TIME);
  let status: number | null = null;
  for (let i = 0; i < RUNS + 1; i++) {
    const started = performance.now();
    const result = timed
      ? spawnSync(GNU_TIME, ["-f", "%U %S", process.execPath, ...args], { cwd: REPOSITORY_ROOT, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" })
      : spawnSync(process.execPath, [...args], { cwd: REPOSITORY_ROOT, stdio: "ignore" });
    const wall = performance.now() - started;
    status = result.status;
    if (i === 0) continue; // the first one warms the file cache
    samples.push(wall);
    const cpu = /(\d+\.\d+) (\d+\.\d+)\s*$/.exec(typeof result.stderr === "string" ? result.stderr : "");
    if (cpu) cpuSamples.push((Number(cpu[1]) + Number(cpu[2])) * 1000);
  }
  return {
    median: percentile(samples, 50), p95: percentile(samples, 95), status,
    cpuMedian: cpuSamples.length > 0 ? percentile(cpuSamples, 50) : undefined,
  };
}

function cpuNote(times: ProcessTimes): string {
  return times.cpuMedian === undefined ? "" : `; CPU time median ${times.cpuMedian.toFixed(0)} ms`;
}

export async function benchmarks(): Promise<BenchFigure[]> {
  const specs = suite();
  const name = "scansion-run --check, Prosody 13's suite in a fresh process";
  if (!specs) return [skipped(`${name} (median)`, "ms", TARGET_MS, "no Prosody 13.0.1 checkout and no ../shared")];
  if (!existsSync(CLI)) return [skipped(`${name} (median)`, "ms", TARGET_MS, "dist/cli.js is missing (npm run build)")];
  const check = processTimes([CLI, "--check", ...specs.folders]);
  const node = processTimes(["-e", "0"]);
  const throughRun = processTimes([RUN_BUNDLE, "--check", ...specs.folders]);
  const note = `${specs.specs} specs of ${specs.label}; node dist/cli.js --check <folder>, ${RUNS} processes one after another, exit status ${check.status}${cpuNote(check)}`;
  return [
    figure(`${name} (median)`, check.median, "ms", TARGET_MS, note),
    figure(`${name} (p95)`, check.p95, "ms", TARGET_MS, note),
    ...(check.cpuMedian === undefined ? [] : [figure(`${name}, CPU time (median)`, check.cpuMedian, "ms", TARGET_MS,
      "user + system time of the process (GNU time): what the wall time is when no other work waits for the cores")]),
    figure("node -e 0, for comparison (median)", node.median, "ms", undefined, `Node's own start on this machine, ${RUNS} processes${cpuNote(node)}`),
    figure("the same check through the run's bundle dist/cliRun.js (median)", throughRun.median, "ms", undefined,
      `what --check would cost if dist/cli.js loaded the runner and the XMPP stack as well${cpuNote(throughRun)}`),
  ];
}
