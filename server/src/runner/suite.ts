/**
 * Runs many specs: one after another against the server the settings name
 * (specs are stateful: they share it), or `jobs` at a time, each on a fresh
 * server of its own (`serverPerSpec`), which gives every spec the same clean
 * server whatever ran before it or beside it. Either way results and events
 * come in file order, as a sequential run gives them. Front ends reach it
 * through the run session (server/src/session), which owns the servers.
 */
import { readFile } from "node:fs/promises";
import { parseSpec } from "../language/parser";
import type { SpecDocument } from "../language/syntaxTree";
import { summarize, type RunListener, type SpecResult, type SuiteSummary } from "./specResult";
import { OrderedEvents } from "./orderedEvents";
import { holdServer } from "./serverHold";
import { filesOfShard, specName, tagSkipReason, type Shard, type TagFilter } from "./specFiles";
import { runSpec, type SpecRunOutcome } from "./specRunner";
import type { RunSettings } from "./settings";
import type { Connector } from "./connectionContract";
import { connectXmppStream } from "./xmppConnector";
import { ONE_ATTEMPT, runAttempts, type AttemptPlan } from "./attempts";
import type { JobPool } from "./jobPool";

/**
 * One spec's own server, for as long as the spec runs: the settings that reach it, and
 * release(), called once the spec is done with it (whoever started the server stops it then).
 */
export interface SpecServerLease {
  readonly settings: RunSettings;
  release(): Promise<void>;
  /** The server's log so far, read before release() may remove it: kept in the result of a spec that did not pass. */
  readLog?(): string | undefined;
}

/**
 * Gives `spec` a fresh server (told which spec it serves: its accounts are registered where the
 * server does not create them on login, its coverage is attributed to it); aborting the signal
 * stops its start; rejects with a one-line Error when it cannot.
 */
export type SpecServerFactory = (signal: AbortSignal, spec: SpecToServe) => Promise<SpecServerLease>;

/** The spec a fresh server is started for. */
export interface SpecToServe {
  readonly file: string;
  readonly document: SpecDocument;
}

export interface SuiteOptions {
  readonly settings: RunSettings;
  readonly tagFilter: TagFilter;
  readonly shard?: Shard;
  /** Stop after the first spec that fails. */
  readonly bail: boolean;
  /** How many specs run at the same time (default 1). */
  readonly jobs?: number;
  /**
   * Gives each spec a server of its own, before it, released after it; each spec then
   * runs with its lease's settings. Without it every spec uses the server the settings name.
   */
  readonly serverPerSpec?: SpecServerFactory;
  /** Runs a spec more than once (retries of a failed one, repeats); default: once. */
  readonly attempts?: AttemptPlan;
  /** Slots shared with other runs going on at the same time (a matrix's targets); each spec holds one while it runs. */
  readonly pool?: JobPool;
}

/**
 * How many specs run at once when the user did not say: every CPU when each spec gets a
 * server of its own (the results are the sequential run's anyway), else one (specs share
 * the server's accounts and data). Shared by the CLI's --jobs and the editor's scansion.jobs.
 */
export function jobsFor(requested: number | undefined, serverPerSpec: boolean, cpus: number): number {
  if (requested !== undefined && Number.isInteger(requested) && requested > 0) return requested;
  return serverPerSpec ? Math.max(1, cpus) : 1;
}

export interface SuiteOutcome {
  readonly results: readonly SpecResult[];
  readonly summary: SuiteSummary;
  /** Set when the run could not go on (e.g. the server is unreachable); one line. */
  readonly infrastructureError?: string;
}

export interface SpecSource {
  readonly file: string;
  /** Text to run instead of the file's content (unsaved editor buffers). */
  readonly text?: string;
}

/** What one spec's turn gave, and whether the run goes on after it. */
interface SpecTurn {
  readonly result: SpecResult;
  readonly infrastructureError?: string;
  /** A sequential run would stop after this spec. */
  readonly stopsRun: boolean;
}

function skippedResult(file: string, name: string, reason: string): SpecResult {
  return { spec: { file, name }, status: "skipped", durationMs: 0, steps: [], transcript: [], captures: {}, skipReason: reason };
}

function errorResult(file: string, name: string, action: string, message: string): SpecResult {
  const start = { line: 0, character: 0 };
  return {
    spec: { file, name },
    status: "error",
    durationMs: 0,
    failure: { kind: action === "read" ? "parse" : "connect", line: 1, client: "", action, message, queued: [], range: { start, end: start } },
    steps: [],
    transcript: [],
    captures: {},
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function runSuite(
  sources: readonly (string | SpecSource)[],
  options: SuiteOptions,
  listener?: RunListener,
  signal?: AbortSignal,
  connector?: Connector,
): Promise<SuiteOutcome> {
  const started = performance.now();
  const all = sources.map((source) => (typeof source === "string" ? { file: source } : source));
  const selected = options.shard ? filesOfShard(all, options.shard) : all;
  const jobs = Math.max(1, Math.min(Math.floor(options.jobs ?? 1), selected.length));
  const events = new OrderedEvents(listener);
  const turns: SpecTurn[] = [];
  const stopping: Promise<void>[] = [];
  // Specs from this index on do not count: a sequential run would have stopped before them.
  let limit = selected.length;
  /** Cancels a running spec that a stop has made pointless. */
  const cancelRunning = new Map<number, AbortController>();
  let next = 0;

  const worker = async (): Promise<void> => {
    for (;;) {
      const slot = await options.pool?.acquire();
      try {
        if (!(await takeNext())) return;
      } finally {
        slot?.();
      }
    }
  };

  /** Runs the next spec; false when there is none left to run. */
  const takeNext = async (): Promise<boolean> => {
    const index = next;
    if (signal?.aborted || index >= limit) return false;
    next += 1;
    const own = new AbortController();
    cancelRunning.set(index, own);
    const specSignal = signal ? AbortSignal.any([signal, own.signal]) : own.signal;
    let turn: SpecTurn;
    try {
      turn = await runTurn(selected[index]!, options, events.forSpec(index), specSignal, connector, stopping);
    } finally {
      cancelRunning.delete(index);
    }
    turns[index] = turn;
    if (turn.stopsRun && index + 1 < limit) {
      limit = index + 1;
      events.stopBefore(limit);
      for (const [running, controller] of cancelRunning) if (running >= limit) controller.abort();
    }
    events.ended(index);
    return true;
  };

  // Every worker ends before the servers are awaited, even when one of them failed (a bug of ours).
  const workers = await Promise.allSettled(Array.from({ length: jobs }, worker));
  await Promise.all(stopping);
  const crash = workers.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  if (crash) throw crash.reason;
  const counted = turns.slice(0, limit).filter((turn): turn is SpecTurn => turn !== undefined);
  const results = counted.map((turn) => turn.result);
  // The error that stopped the run, else the first unreadable spec's.
  const stopper = counted.at(-1);
  const infrastructureError = stopper?.stopsRun && stopper.infrastructureError !== undefined
    ? stopper.infrastructureError
    : counted.find((turn) => turn.infrastructureError !== undefined)?.infrastructureError;
  return { results, summary: summarize(results, performance.now() - started), infrastructureError };
}

/** Reads, filters and runs one spec (on its own server when the options say so). */
async function runTurn(
  source: SpecSource,
  options: SuiteOptions,
  listener: RunListener,
  signal: AbortSignal,
  connector: Connector | undefined,
  stopping: Promise<void>[],
): Promise<SpecTurn> {
  let doc: SpecDocument;
  try {
    doc = parseSpec(source.text ?? (await readFile(source.file, "utf8")));
  } catch (error) {
    const result = errorResult(source.file, source.file, "read", `cannot read ${source.file}: ${messageOf(error)}`);
    listener({ type: "spec-ended", result });
    // The other specs can still run; the run still ends as an infrastructure problem.
    return { result, infrastructureError: result.failure?.message, stopsRun: false };
  }
  const spec = { file: source.file, name: specName(doc, source.file) };
  const skipReason = tagSkipReason(doc, options.tagFilter);
  if (skipReason !== undefined) {
    const result = skippedResult(spec.file, spec.name, skipReason);
    listener({ type: "spec-ended", result });
    return { result, stopsRun: false };
  }
  // Each attempt on a fresh server of its own where the run gives each spec one.
  const outcome = await runAttempts(options.attempts ?? ONE_ATTEMPT, listener, (attemptListener) => options.serverPerSpec
    ? runOnOwnServer(doc, spec, attemptListener, signal, connector, options.serverPerSpec, stopping)
    : runSpec(doc, spec, options.settings, attemptListener, signal, connector));
  return {
    ...outcome,
    // Every following spec would fail the same way after an infrastructure error; say it once and stop.
    stopsRun: outcome.infrastructureError !== undefined || (options.bail && outcome.result.status !== "passed"),
  };
}

async function runOnOwnServer(
  doc: SpecDocument,
  spec: { file: string; name: string },
  listener: RunListener,
  signal: AbortSignal,
  connector: Connector | undefined,
  startServer: SpecServerFactory,
  stopping: Promise<void>[],
): Promise<SpecRunOutcome> {
  let server: SpecServerLease;
  try {
    server = await startTwice(startServer, signal, { file: spec.file, document: doc });
  } catch (error) {
    const message = `cannot start a server for ${spec.name}: ${messageOf(error)}`;
    const result = errorResult(spec.file, spec.name, "start server", message);
    listener({ type: "spec-ended", result });
    return { result, infrastructureError: message };
  }
  try {
    const settings = server.settings;
    const hold = signal.aborted ? "the run was cancelled" : await holdServer(doc, settings, connector ?? connectXmppStream);
    try {
      const outcome = await runSpec(doc, spec, settings, listener, signal, connector);
      const serverLog = outcome.result.status === "passed" ? undefined : server.readLog?.();
      return serverLog === undefined ? outcome : { ...outcome, result: { ...outcome.result, serverLog } };
    } finally {
      // Released (stopped) in the background (the next spec need not wait for this server's exit, the run does),
      // the hold dropped only once it has: the server never sees it go, so it never resets for
      // nothing (a server stopped with SIGTERM, which writes its coverage on the way out, would
      // otherwise reset every host before it handles the signal).
      stopping.push(server.release().finally(() => { if (typeof hold !== "string") hold(); }));
    }
  } catch (error) {
    stopping.push(server.release());
    throw error;
  }
}

/**
 * One start, and a second one if that fails: with many servers starting at once a start can
 * lose a race for a port it was given as free; a server that cannot start fails twice.
 */
async function startTwice(startServer: SpecServerFactory, signal: AbortSignal, spec: SpecToServe): Promise<SpecServerLease> {
  try {
    return await startServer(signal, spec);
  } catch (error) {
    if (signal.aborted) throw error;
    return startServer(signal, spec);
  }
}
