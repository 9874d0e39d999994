/**
 * What every benchmark module hands to bench/run.ts, and the timing helpers
 * they share.
 *
 * A benchmark module is any bench/*.ts file exporting
 * `benchmarks(): Promise<BenchFigure[]>`; run.ts finds and runs it.
 */
import { performance } from "node:perf_hooks";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// One full collection before a measured series, so that it does not pay for the garbage of what ran before.
// (Not before every run: a forced collection shrinks the young generation and makes the next run slower.)
setFlagsFromString("--expose-gc");
export const collectGarbage = runInNewContext("gc") as () => void;

export interface BenchFigure {
  /** What was measured, e.g. "parse + diagnostics, 12,000-line spec (median)". */
  readonly name: string;
  /** The measured figure; undefined when the measurement was skipped. */
  readonly value: number | undefined;
  readonly unit: "ms" | "MB" | "items" | "lines" | "x";
  /** Upper bound the value must stay below; undefined for figures given for information. */
  readonly target: number | undefined;
  /** value < target; undefined when skipped or without target. */
  readonly pass: boolean | undefined;
  /** How it was measured, or why it was skipped. */
  readonly note: string;
}

export function figure(name: string, value: number, unit: BenchFigure["unit"], target: number | undefined, note: string): BenchFigure {
  return { name, value, unit, target, pass: target === undefined ? undefined : value < target, note };
}

export function skipped(name: string, unit: BenchFigure["unit"], target: number | undefined, why: string): BenchFigure {
  return { name, value: undefined, unit, target, pass: undefined, note: `skipped: ${why}` };
}

export interface Timing {
  readonly median: number;
  readonly p95: number;
  readonly runs: number;
  /**
   * Median CPU time of this process per run (all its threads), when measured:
   * on a busy machine wall time includes waiting for a core, CPU time does not.
   */
  readonly cpuMedian?: number;
}

/** Nearest-rank percentile (p in 0..100) of the samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error("no samples");
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(samples: readonly number[], cpuSamples?: readonly number[]): Timing {
  const timing = { median: percentile(samples, 50), p95: percentile(samples, 95), runs: samples.length };
  return cpuSamples && cpuSamples.length > 0 ? { ...timing, cpuMedian: percentile(cpuSamples, 50) } : timing;
}

/** Measures wall and CPU time (milliseconds) of one call of `work`. */
export async function measure(work: () => unknown): Promise<{ wall: number; cpu: number }> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await work();
  const wall = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { wall, cpu: (cpu.user + cpu.system) / 1000 };
}

/** Runs `work` `warmUp` times unmeasured, then `runs` times measured (milliseconds each). */
export async function time(work: () => unknown, runs: number, warmUp: number): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await work();
  const samples: number[] = [];
  const cpuSamples: number[] = [];
  collectGarbage();
  for (let i = 0; i < runs; i++) {
    const { wall, cpu } = await measure(work);
    samples.push(wall);
    cpuSamples.push(cpu);
  }
  return summarize(samples, cpuSamples);
}

/** Median and p95 as two figures sharing one target. */
export function timingFigures(name: string, timing: Timing, target: number, note: string): BenchFigure[] {
  const runs = `${timing.runs} runs${timing.cpuMedian === undefined ? "" : `, CPU time median ${timing.cpuMedian.toFixed(2)} ms`}`;
  return [
    figure(`${name} (median)`, timing.median, "ms", target, `${note}; ${runs}`),
    figure(`${name} (p95)`, timing.p95, "ms", target, `${note}; ${runs}`),
  ];
}
