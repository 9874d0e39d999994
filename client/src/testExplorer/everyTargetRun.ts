/**
 * "Run on every target": the chosen specs on each named target of `scansion.targets` at once,
 * one TestRun per target named after it, so the Test Results view lists the targets' results
 * side by side. The specs × targets pairs share `scansion.jobs` through one pool, each target
 * isolated as when it runs alone (session/matrixRun.ts's runOnTarget: the CLI's --targets rule).
 *
 * A failure's message says on which targets the spec failed and passed, so a failure is shown
 * once every target has run that spec (or has ended); a pass is shown at once. The outcome of
 * each action line then shows every target's.
 */
import { availableParallelism } from "node:os";
import * as vscode from "vscode";
import { JobPool } from "@server/runner/jobPool";
import type { SpecRef, SpecResult, TranscriptEntry } from "@server/runner/specResult";
import { runOnTarget } from "@server/session/matrixRun";
import type { RunSession } from "@server/session/runSession";
import { isServerStartError } from "@server/servers/serverStartError";
import { specSourceOf } from "../documents/specDocuments";
import type { RunServer } from "../targets/runServer";
import type { ServerTarget, TargetList } from "../targets/targets";
import { acrossTargets, type TargetResult } from "./acrossTargets";
import { markUnreached, suiteEnd } from "./suiteEnd";
import type { KnownFailures } from "./knownFailures";

export interface FinishNotes {
  /** The named target the result is of: its failure's message names it. */
  readonly target?: string;
  /** Where the spec failed and passed ("failed on …; passed on …"): a run on every target. */
  readonly acrossTargets?: string;
  /** The expectations file a known failure comes from. */
  readonly knownIn?: string;
  /** The lines' outcomes and quick fixes are shown for every target at once (showAcross), not per result. */
  readonly shownAcross?: true;
}

/** How results reach the Test Explorer (SpecRuns): one home for states, messages and outcomes. */
export interface RunReporting {
  started(run: vscode.TestRun, item: vscode.TestItem, spec: SpecRef): void;
  transcript(run: vscode.TestRun, item: vscode.TestItem, entry: TranscriptEntry, atLine?: boolean): void;
  judge(run: vscode.TestRun, result: SpecResult, target: string, known: KnownFailures): SpecResult;
  finish(run: vscode.TestRun, item: vscode.TestItem, result: SpecResult, signal: AbortSignal, ranVersion: number | undefined, notes: FinishNotes): void;
  showAcross(item: vscode.TestItem, results: readonly TargetResult[]): void;
}

export interface TargetRun {
  readonly target: ServerTarget;
  readonly run: vscode.TestRun;
}

export interface EveryTargetContext {
  readonly server: RunServer;
  readonly reporting: RunReporting;
  readonly targets: TargetList;
  readonly folder: vscode.Uri | undefined;
  /** scansion.jobs; undefined: the number of CPUs. */
  readonly jobs: number | undefined;
  readonly known: KnownFailures | undefined;
}

/** `closed`: every session's servers stopped (after a cancel the runners may still be closing clients). */
export async function executeOnEveryTarget(
  runs: readonly TargetRun[], specs: readonly vscode.TestItem[], context: EveryTargetContext, token: vscode.CancellationToken,
): Promise<{ readonly closed: Promise<unknown> }> {
  const abort = new AbortController();
  const cancellations = [token, ...runs.map(({ run }) => run.token)].map((each) => each.onCancellationRequested(() => abort.abort()));
  const signal = abort.signal;
  const byFile = new Map(specs.map((item) => [item.uri!.fsPath, item]));
  const files = [...byFile.keys()];
  const waiting = new HeldFailures(runs.map(({ target }) => target.name), context.reporting, signal, context.known?.file);
  const pool = new JobPool(context.jobs ?? availableParallelism());
  const closing: Promise<unknown>[] = [];
  try {
    await Promise.all(runs.map(async ({ target, run }) => {
      const reported = new Set<vscode.TestItem>();
      let session: RunSession;
      try {
        session = await context.server.openSession(target, context.targets, context.folder, files, signal);
      } catch (error) {
        const why = `${target.name}: the server did not start: ${error instanceof Error ? error.message : String(error)}${isServerStartError(error) ? ' (see the "Scansion Server" output)' : ""}.`;
        for (const item of specs) {
          if (signal.aborted) run.skipped(item);
          else run.errored(item, new vscode.TestMessage(why));
        }
        waiting.targetEnded(target.name);
        return;
      }
      if (session.firstServer) run.appendOutput(`${target.name}: a server was started for this run (pid ${session.firstServer.pid ?? "unknown"}); each spec gets a fresh one.\r\n`);
      let ended = false;
      const suite = runOnTarget(session, target.name, specs.map((item) => specSourceOf(item.uri!.fsPath)), {
        tagFilter: { onlyTags: [], skipTags: [] }, bail: false, jobs: pool.size,
      }, pool, (_name, event) => {
        if (ended) return;
        const item = byFile.get(event.type === "spec-ended" ? event.result.spec.file : event.spec.file);
        if (!item) return;
        if (event.type === "spec-started") context.reporting.started(run, item, event.spec);
        // Two runs' transcripts inline at every action would bury the lines; the outcomes show every target's.
        else if (event.type === "transcript") context.reporting.transcript(run, item, event.entry, false);
        else if (event.type === "spec-ended") {
          reported.add(item);
          const result = context.known ? context.reporting.judge(run, event.result, target.name, context.known) : event.result;
          waiting.arrived(run, item, target.name, result);
        }
      }, signal);
      const running = session;
      closing.push(suite.catch(() => undefined).finally(() => context.server.closeSession(running)));
      const why = await suiteEnd(suite, signal);
      ended = true;
      markUnreached(run, specs, reported, why, signal);
      waiting.targetEnded(target.name);
    }));
  } finally {
    for (const cancellation of cancellations) cancellation.dispose();
  }
  return { closed: Promise.all(closing) };
}

/**
 * Each spec's results per target: a pass is shown at once, a failure once every target has run
 * the spec or ended (its message names them all); then the lines' outcomes of every target.
 */
class HeldFailures {
  private readonly results = new Map<string, Map<string, { run: vscode.TestRun; item: vscode.TestItem; result: SpecResult }>>();
  private readonly ended = new Set<string>();

  constructor(private readonly targets: readonly string[], private readonly reporting: RunReporting, private readonly signal: AbortSignal, private readonly knownIn: string | undefined) {}

  arrived(run: vscode.TestRun, item: vscode.TestItem, target: string, result: SpecResult): void {
    const file = item.uri!.fsPath;
    const ofSpec = this.results.get(file) ?? new Map();
    this.results.set(file, ofSpec);
    ofSpec.set(target, { run, item, result });
    const failed = result.status === "failed" || result.status === "error";
    if (!failed) this.reporting.finish(run, item, result, this.signal, undefined, { target, shownAcross: true });
    this.settle(file);
  }

  targetEnded(target: string): void {
    this.ended.add(target);
    for (const file of this.results.keys()) this.settle(file);
  }

  private settle(file: string): void {
    const ofSpec = this.results.get(file);
    if (!ofSpec || !this.targets.every((target) => ofSpec.has(target) || this.ended.has(target))) return;
    this.results.delete(file);
    const all = [...ofSpec.entries()].map(([target, { result }]) => ({ target, result }));
    const across = acrossTargets(all);
    for (const [target, { run, item, result }] of ofSpec) {
      if (result.status === "failed" || result.status === "error") this.reporting.finish(run, item, result, this.signal, undefined, { target, acrossTargets: across, shownAcross: true, ...(this.knownIn ? { knownIn: this.knownIn } : {}) });
    }
    const item = [...ofSpec.values()][0]!.item;
    this.reporting.showAcross(item, all);
  }
}
