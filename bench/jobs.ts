/**
 * Parallel runs (issue 11): the Prosody 13.0.1 conformance set (its config unchanged), every
 * spec on a fresh Prosody of its own, with --jobs 1 and --jobs 2, interleaved rounds on the
 * same machine. Target: --jobs 2 wall time at most 0.6x --jobs 1 on 2 cores. Also the
 * per-spec cost of the isolation: starting the spec's server and opening the hold session
 * (both on the spec's path; the server's stop runs in the background).
 */
import { existsSync, readdirSync } from "node:fs";
import { cpus } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { cachedProsodyRelease } from "@server/servers/prosody/prosodyInstall";
import { withRunSession } from "@server/session/runSession";
import { DEFAULT_RUN_SETTINGS } from "@server/runner/settings";
import { figure, percentile, skipped, type BenchFigure } from "./figures";
import { REPOSITORY_ROOT } from "./specs";

const TARGET_RATIO = 0.6;
const ROUNDS = 7;
const SPECS = join(REPOSITORY_ROOT, "..", "shared", "conformance", "prosody-13.0.1", "spec", "scansion");

interface Round {
  readonly wallMs: number;
  readonly startsMs: readonly number[];
  /** The specs' own durations added up (from their first action to their last client closed). */
  readonly specsMs: number;
  readonly passed: number;
  readonly total: number;
}

async function runRound(files: readonly string[], executable: string, jobs: number): Promise<Round> {
  const startsMs: number[] = [];
  const started = performance.now();
  const target = { kind: "prosody", config: join(SPECS, "prosody.cfg.lua"), executable } as const;
  // Every server's start to ready, the first one's (the first spec's) included.
  const events = { serverStarted: (_server: unknown, start: { durationMs: number }) => startsMs.push(start.durationMs) };
  const outcome = await withRunSession(target, DEFAULT_RUN_SETTINGS, events, undefined, (session) =>
    session.run(files, { tagFilter: { onlyTags: [], skipTags: [] }, bail: false, jobs }));
  const specsMs = outcome.results.reduce((sum, result) => sum + result.durationMs, 0);
  return { wallMs: performance.now() - started, startsMs, specsMs, passed: outcome.summary.passed, total: outcome.summary.total };
}

export async function benchmarks(): Promise<BenchFigure[]> {
  const ratioName = `13.0.1 conformance set, --jobs 2 / --jobs 1 wall time (median of ${ROUNDS} back-to-back pairs)`;
  const executable = cachedProsodyRelease("13.0.1");
  if (executable === undefined || !existsSync(SPECS)) {
    return [skipped(ratioName, "x", TARGET_RATIO, "Prosody 13.0.1 is not unpacked (sudo node scripts/ensure-prosody.mjs) or ../shared is missing")];
  }
  const files = readdirSync(SPECS).filter((name) => name.endsWith(".scs")).sort().map((name) => join(SPECS, name));
  const rounds = new Map<number, Round[]>([[1, []], [2, []]]);
  await runRound(files, executable, 2); // warm-up: file cache, Lua bytecode, the runner's modules
  for (let round = 0; round < ROUNDS; round++) {
    for (const jobs of [1, 2]) rounds.get(jobs)!.push(await runRound(files, executable, jobs));
  }
  const wall = (jobs: number) => percentile(rounds.get(jobs)!.map((r) => r.wallMs), 50);
  const allPassed = [...rounds.values()].flat().every((r) => r.passed === r.total);
  const starts = rounds.get(1)!.flatMap((r) => r.startsMs);
  // Each round runs --jobs 1 then --jobs 2 back to back: the ratio within a round sees the same load
  // from the rest of the machine, so the median of the rounds' ratios is steadier than a ratio of medians.
  const ratios = rounds.get(1)!.map((one, round) => rounds.get(2)![round]!.wallMs / one.wallMs);
  const ratio = percentile(ratios, 50);
  const specs = files.length;
  // In a --jobs 1 run everything that is not a spec's own run is the isolation: server start, hold session, scheduling.
  const overheads = rounds.get(1)!.map((r) => (r.wallMs - r.specsMs) / r.total);
  return [
    figure(`13.0.1 conformance set (${specs} specs), --jobs 1 wall (median of ${ROUNDS})`, wall(1), "ms", undefined,
      `a fresh Prosody 13.0.1 per spec; every run passed: ${allPassed}`),
    figure(`13.0.1 conformance set (${specs} specs), --jobs 2 wall (median of ${ROUNDS})`, wall(2), "ms", undefined, `${cpus().length} CPUs`),
    figure(ratioName, ratio, "x", TARGET_RATIO, `pairs: ${ratios.map((r) => r.toFixed(2)).join(", ")}; medians ${(wall(2) / 1000).toFixed(2)} s / ${(wall(1) / 1000).toFixed(2)} s`),
    figure("isolation per spec: its own Prosody 13.0.1, start to ready inside a --jobs 1 run (median)", percentile(starts, 50), "ms", undefined,
      `p95 ${percentile(starts, 95).toFixed(0)} ms over ${starts.length} starts; the stop runs in the background`),
    figure("isolation per spec: --jobs 1 wall minus the specs' own durations, per spec (median of rounds)", percentile(overheads, 50), "ms", undefined,
      "server start + hold session + scheduling, on the spec's path"),
  ];
}
