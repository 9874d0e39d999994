/**
 * A run over several targets (issue 19): Prosody 0.12.3's 15 shared specs on a throwaway
 * Prosody 0.12.3 and on a throwaway ejabberd 23.01 (each spec on a fresh server, its accounts
 * registered on ejabberd), in one matrix with --jobs 2, against the two targets run one after
 * the other (each alone, --jobs 1), in the same process on the same machine. Target: the
 * matrix costs at most 0.6 of the two runs. The throwaway ejabberd's start time is reported
 * apart: ejabberd (an Erlang VM) takes seconds to start, Prosody a tenth of one.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_RUN_SETTINGS } from "@server/runner/settings";
import { discoverSpecFiles } from "@server/runner/specFiles";
import { ejabberdUnavailable } from "@server/servers/ejabberd/throwawayEjabberd";
import { isProsodyInstalled } from "@server/servers/prosody/throwawayProsody";
import { runMatrix, type MatrixOutcome } from "@server/session/matrixRun";
import { matrixTargetOf } from "@server/session/targetRuns";
import type { TargetEntry } from "@server/session/targetEntries";
import { figure, percentile, skipped, type BenchFigure } from "./figures";
import { REPOSITORY_ROOT } from "./specs";

const TARGET_RATIO = 0.6;
const SET = join(REPOSITORY_ROOT, "..", "shared", "conformance", "prosody-0.12.3");
/** As in the measurement: ejabberd's failing specs each wait for their receive timeout. */
const SETTINGS = { ...DEFAULT_RUN_SETTINGS, receiveTimeoutMs: 2000 };
const ENTRIES: readonly TargetEntry[] = [
  { name: "prosody-0.12.3", server: { kind: "prosody", config: join(SET, "prosody.cfg.lua"), executable: "/usr/bin/prosody" }, timeoutMs: undefined },
  { name: "ejabberd-23.01", server: { kind: "ejabberd", config: undefined }, timeoutMs: undefined },
];

async function timed(entries: readonly TargetEntry[], files: readonly string[], jobs: number, ejabberdStarts: number[]): Promise<{ wallMs: number; outcome: MatrixOutcome }> {
  const started = performance.now();
  const targets = entries.map((entry) => matrixTargetOf(entry, SETTINGS));
  const outcome = await runMatrix(targets, files, { tagFilter: { onlyTags: [], skipTags: [] }, bail: false, jobs }, undefined, undefined, () => ({
    serverStarted: (server) => { if (server.identity.kind === "ejabberd") ejabberdStarts.push(server.identity.startupMs); },
  }));
  return { wallMs: performance.now() - started, outcome };
}

export async function benchmarks(): Promise<BenchFigure[]> {
  const ratioName = "matrix of 2 targets with --jobs 2 / the 2 targets one after the other (--jobs 1)";
  const why = !existsSync(SET) ? `${SET} is missing` : !isProsodyInstalled() ? "Prosody is not installed" : ejabberdUnavailable();
  if (why) return [skipped(ratioName, "x", TARGET_RATIO, why)];
  const files = discoverSpecFiles([join(SET, "specs")]);
  const starts: number[] = [];
  const prosody = await timed([ENTRIES[0]!], files, 1, starts);
  const ejabberd = await timed([ENTRIES[1]!], files, 1, starts);
  const matrix = await timed(ENTRIES, files, 2, starts);
  const count = (outcome: MatrixOutcome, target: string) => {
    const results = outcome.results.filter((result) => result.target === target);
    return `${results.filter((result) => result.status === "passed").length}/${results.length} passed, ${results.filter((result) => result.status === "error").length} errors`;
  };
  const sequential = prosody.wallMs + ejabberd.wallMs;
  return [
    figure(`Prosody 0.12.3 alone, ${files.length} specs, --jobs 1 wall`, prosody.wallMs, "ms", undefined, count(prosody.outcome, "prosody-0.12.3")),
    figure(`ejabberd 23.01 alone, ${files.length} specs, --jobs 1 wall`, ejabberd.wallMs, "ms", undefined, `${count(ejabberd.outcome, "ejabberd-23.01")} (receive timeout 2000 ms)`),
    figure("matrix of both, --jobs 2 wall", matrix.wallMs, "ms", undefined,
      `prosody ${count(matrix.outcome, "prosody-0.12.3")}; ejabberd ${count(matrix.outcome, "ejabberd-23.01")}`),
    figure(ratioName, matrix.wallMs / sequential, "x", TARGET_RATIO, `${(matrix.wallMs / 1000).toFixed(1)} s / ${(sequential / 1000).toFixed(1)} s`),
    figure("throwaway ejabberd 23.01: start to ready (median)", percentile(starts, 50), "ms", undefined, `p95 ${percentile(starts, 95).toFixed(0)} ms over ${starts.length} starts, one per spec`),
  ];
}
