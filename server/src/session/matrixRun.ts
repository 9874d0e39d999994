/**
 * One run over several targets: every spec on every target, the specs × targets pairs sharing
 * one pool of `jobs` (runner/jobPool.ts), each pair isolated as a run of that target alone
 * would isolate it (a fresh server per spec where the target starts its servers, one spec at
 * a time on a server someone else runs). Results carry their target's name. The CLI's
 * --targets and the Test Explorer's "Run on every target" both run through here.
 */
import { JobPool } from "../runner/jobPool";
import { summarize, type RunEvent, type RunListener, type SpecResult, type SuiteSummary } from "../runner/specResult";
import type { Shard, TagFilter } from "../runner/specFiles";
import type { AttemptPlan } from "../runner/attempts";
import type { SpecSource, SuiteOutcome } from "../runner/suite";

export interface TargetRunOptions {
  readonly tagFilter: TagFilter;
  readonly shard?: Shard | undefined;
  readonly bail: boolean;
  readonly jobs: number;
  readonly attempts?: AttemptPlan;
  readonly pool?: JobPool;
}

/** One target's side of a run, once its first server (if any) is up. */
export interface TargetRun {
  /** Whether each spec gets a fresh server (then its specs may run at once). */
  readonly freshServerPerSpec: boolean;
  run(specs: readonly (string | SpecSource)[], options: TargetRunOptions, listener: RunListener | undefined, signal: AbortSignal | undefined): Promise<SuiteOutcome>;
  /** Stops every server the target's run started (idempotent). */
  close(): Promise<void>;
}

export interface MatrixTarget {
  readonly name: string;
  /** Starts what the target needs before its first spec; rejects with a one-line Error. */
  open(signal: AbortSignal): Promise<TargetRun>;
}

export interface MatrixOptions {
  readonly tagFilter: TagFilter;
  readonly shard?: Shard | undefined;
  readonly bail: boolean;
  /** How many spec runs at once, over every target. */
  readonly jobs: number;
  readonly attempts?: AttemptPlan;
}

export interface TargetOutcome {
  readonly name: string;
  /** Its results, each naming the target; none when it could not start. */
  readonly results: readonly SpecResult[];
  readonly summary: SuiteSummary;
  /** Why the target's run stopped or could not start; one line. */
  readonly infrastructureError?: string;
}

export interface MatrixOutcome {
  readonly targets: readonly TargetOutcome[];
  /** Every result, target after target, each naming its target. */
  readonly results: readonly SpecResult[];
  readonly summary: SuiteSummary;
  /** The first target's infrastructure error, prefixed with its name. */
  readonly infrastructureError?: string;
}

/** Events of a matrix: each with the name of the target it happened on. */
export type MatrixListener = (target: string, event: RunEvent) => void;

export async function runMatrix(
  targets: readonly MatrixTarget[],
  specs: readonly (string | SpecSource)[],
  options: MatrixOptions,
  listener?: MatrixListener,
  signal?: AbortSignal,
): Promise<MatrixOutcome> {
  const started = performance.now();
  const pool = new JobPool(options.jobs);
  const never = new AbortController().signal;
  const outcomes = await Promise.all(targets.map(async (target): Promise<TargetOutcome> => {
    const targetStarted = performance.now();
    let run: TargetRun;
    try {
      run = await target.open(signal ?? never);
    } catch (error) {
      const message = `${target.name}: ${error instanceof Error ? error.message : String(error)}`;
      return { name: target.name, results: [], summary: summarize([], performance.now() - targetStarted), infrastructureError: message };
    }
    try {
      const tag = (result: SpecResult): SpecResult => ({ ...result, target: target.name });
      const outcome = await run.run(specs, {
        tagFilter: options.tagFilter,
        shard: options.shard,
        bail: options.bail,
        // One spec at a time on a server the specs share, as when the target runs alone.
        jobs: run.freshServerPerSpec ? options.jobs : 1,
        ...(options.attempts ? { attempts: options.attempts } : {}),
        pool,
      }, listener ? (event) => listener(target.name, event.type === "spec-ended" ? { ...event, result: tag(event.result) } : event) : undefined, signal);
      return {
        name: target.name,
        results: outcome.results.map(tag),
        summary: outcome.summary,
        ...(outcome.infrastructureError !== undefined ? { infrastructureError: `${target.name}: ${outcome.infrastructureError}` } : {}),
      };
    } finally {
      await run.close();
    }
  }));
  const results = outcomes.flatMap((outcome) => outcome.results);
  const stopped = outcomes.find((outcome) => outcome.infrastructureError !== undefined);
  return {
    targets: outcomes,
    results,
    summary: summarize(results, performance.now() - started),
    ...(stopped ? { infrastructureError: stopped.infrastructureError } : {}),
  };
}
