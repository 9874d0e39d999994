/**
 * One run over several targets: every spec on every target, the specs × targets pairs sharing
 * one pool of `jobs` (runner/jobPool.ts), each pair isolated as a run of that target alone
 * would isolate it (a fresh server per spec where the target starts its servers, one spec at
 * a time on a server someone else runs): one run session (runSession.ts) per target, which
 * starts and stops its servers. Results carry their target's name.
 */
import { JobPool } from "../runner/jobPool";
import { summarize, type RunEvent, type SpecResult, type SuiteSummary } from "../runner/specResult";
import type { Shard, TagFilter } from "../runner/specFiles";
import type { AttemptPlan } from "../runner/attempts";
import type { SpecSource } from "../runner/suite";
import type { RunSettings } from "../runner/settings";
import { RunSession, type SessionEvents } from "./runSession";
import type { RunTarget } from "./runTarget";

/** One target of the run: its name (in every result), what its session starts, its settings. */
export interface MatrixTarget {
  readonly name: string;
  readonly target: RunTarget;
  readonly settings: RunSettings;
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
  /** Each target's session events (its servers started, their output). */
  eventsOf: (target: string) => SessionEvents = () => ({}),
): Promise<MatrixOutcome> {
  const started = performance.now();
  const pool = new JobPool(options.jobs);
  const never = new AbortController().signal;
  const outcomes = await Promise.all(targets.map(async (target): Promise<TargetOutcome> => {
    const targetStarted = performance.now();
    let session: RunSession;
    try {
      session = await RunSession.open(target.target, target.settings, eventsOf(target.name), signal ?? never);
    } catch (error) {
      const message = `${target.name}: ${error instanceof Error ? error.message : String(error)}`;
      return { name: target.name, results: [], summary: summarize([], performance.now() - targetStarted), infrastructureError: message };
    }
    try {
      return await runOnTarget(session, target.name, specs, options, pool, listener, signal);
    } finally {
      await session.close();
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

/**
 * One target's share of a matrix, on its open session (the caller closes it): the specs with
 * the shared pool, each result tagged with the target. The editor's "Run on every target"
 * opens its sessions through its own RunServer and runs each through this too.
 */
export async function runOnTarget(
  session: RunSession, name: string, specs: readonly (string | SpecSource)[], options: MatrixOptions, pool: JobPool, listener?: MatrixListener, signal?: AbortSignal,
): Promise<TargetOutcome> {
  const tag = (result: SpecResult): SpecResult => ({ ...result, target: name });
  const outcome = await session.run(specs, {
    tagFilter: options.tagFilter,
    shard: options.shard,
    bail: options.bail,
    // One spec at a time on a server the specs share, as when the target runs alone.
    jobs: session.freshServerPerSpec ? options.jobs : 1,
    ...(options.attempts ? { attempts: options.attempts } : {}),
    pool,
  }, listener ? (event) => listener(name, event.type === "spec-ended" ? { ...event, result: tag(event.result) } : event) : undefined, signal);
  return {
    name,
    results: outcome.results.map(tag),
    summary: outcome.summary,
    ...(outcome.infrastructureError !== undefined ? { infrastructureError: `${name}: ${outcome.infrastructureError}` } : {}),
  };
}
