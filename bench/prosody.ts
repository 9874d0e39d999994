/**
 * A throwaway Prosody from start to ready (pid file written AND the client port answers a
 * stream header), for the system's Prosody 0.12.3 with the 0.12.3 conformance config and
 * for the cached Prosody 13.0.1 with its own spec config, unchanged (through the wrapper).
 * Stop time is given for information. Target in docs/PERFORMANCE.md.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { cachedProsodyRelease, findExecutable } from "@server/servers/prosody/prosodyInstall";
import { startProsody } from "@server/servers/prosody/throwawayProsody";
import { figure, percentile, skipped, type BenchFigure } from "./figures";
import { REPOSITORY_ROOT } from "./specs";

const TARGET_READY_MS = 500;
const RUNS = 11;
const SHARED = join(REPOSITORY_ROOT, "..", "shared", "conformance");

interface Setup {
  readonly name: string;
  readonly config: string;
  readonly executable: string | undefined;
  readonly missing: string;
}

async function measure(setup: Setup): Promise<BenchFigure[]> {
  const ready = `throwaway Prosody ${setup.name}: start to ready (median of ${RUNS})`;
  const stopped = `throwaway Prosody ${setup.name}: stop to gone (median of ${RUNS})`;
  if (setup.executable === undefined || !existsSync(setup.config)) {
    return [skipped(ready, "ms", TARGET_READY_MS, setup.missing), skipped(stopped, "ms", undefined, setup.missing)];
  }
  const starts: number[] = [];
  const stops: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const server = await startProsody({ configPath: setup.config, executable: setup.executable });
    starts.push(performance.now() - started);
    const stopping = performance.now();
    await server.stop();
    stops.push(performance.now() - stopping);
  }
  const p95 = percentile(starts, 95);
  return [
    figure(ready, percentile(starts, 50), "ms", TARGET_READY_MS, `p95 ${p95.toFixed(0)} ms; config used unchanged through the generated wrapper; includes free ports, scratch folder, runuser as root`),
    figure(stopped, percentile(stops, 50), "ms", undefined, "SIGTERM to Prosody, until its process group is gone and the folder removed"),
  ];
}

export async function benchmarks(): Promise<BenchFigure[]> {
  const setups: Setup[] = [
    { name: "0.12.3", config: join(SHARED, "prosody-0.12.3", "prosody.cfg.lua"), executable: findExecutable("prosody"), missing: "Prosody is not installed or ../shared is missing" },
    { name: "13.0.1", config: join(SHARED, "prosody-13.0.1", "spec", "scansion", "prosody.cfg.lua"), executable: cachedProsodyRelease("13.0.1"), missing: "Prosody 13.0.1 is not unpacked (sudo node scripts/ensure-prosody.mjs) or ../shared is missing" },
  ];
  const figures: BenchFigure[] = [];
  for (const setup of setups) figures.push(...await measure(setup));
  return figures;
}
