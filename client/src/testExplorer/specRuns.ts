/**
 * Runs the specs of a Test Explorer request, one after another, with the
 * runner the CLI uses, and reports into the TestRun: pass/fail with
 * duration, failures as diffs at the failing action's line, the transcript
 * in the test output, and the outcome of every action in the editor.
 *
 * Runs are queued: specs share one server and are stateful, so two runs
 * never overlap. Within a run, specs run `scansion.jobs` at a time, on a fresh
 * Prosody each with a Prosody target; results arrive in file order. The run
 * session (server/src/session, through RunServer) starts and stops the servers.
 */
import * as vscode from "vscode";
import type { RunEvent, SpecRef, SpecResult, TranscriptEntry } from "@server/runner/specResult";
import type { RunSession } from "@server/session/runSession";
import type { RunCoverage } from "@server/session/runCoverage";
import { RunServer } from "../targets/runServer";
import { isTargetsEntry, runParts, targetAddress, type ServerTarget, type TargetList } from "../targets/targets";
import { isServerStartError } from "@server/servers/serverStartError";
import type { InlineOutcomes } from "./inlineOutcomes";
import { failureReport, lineOutcomes, specBanner, specSummary, transcriptLine } from "./resultReport";
import { failureMessage, specTextOf } from "./failureMessage";
import { failureLine, outcomesAcrossTargets, type TargetResult } from "./acrossTargets";
import { executeOnEveryTarget, type FinishNotes, type RunReporting } from "./everyTargetRun";
import { readKnownFailures, type KnownFailures } from "./knownFailures";
import type { SpecTree } from "./specTree";
import { debugSpecInTestRun } from "../debugging/debugSpecRun";
import { specSourceOf } from "../documents/specDocuments";
import { markUnreached, suiteEnd } from "./suiteEnd";
import type { FailureFixes } from "../fixes/codeActions";
import { readSetting } from "../settings/settings";

type RunMode = "run" | "debug" | "coverage";

const RESTRICTED_MODE_MESSAGE =
  "Running specs is off in Restricted Mode: a run connects to XMPP servers and may start one (scansion.server.startCommand). Trust this workspace to run specs; editing works either way.";

export class SpecRuns implements RunReporting {
  private queue: Promise<void> = Promise.resolve();
  /** The previous run's runner while it finishes closing clients after a cancel. */
  private settling: Promise<unknown> = Promise.resolve();

  /** The version of each spec's open document when its run took the text (what the failure's positions refer to). */
  private readonly ranVersions = new Map<string, number>();

  constructor(
    private readonly controller: vscode.TestController,
    private readonly tree: SpecTree,
    private readonly inline: InlineOutcomes,
    private readonly server: RunServer,
    private readonly fixes: FailureFixes,
  ) {}

  /** The handler of a Run profile bound to a target. */
  run(request: vscode.TestRunRequest, token: vscode.CancellationToken, target: ServerTarget, targets: TargetList): Promise<void> {
    return this.start(request, token, target, targets, "run");
  }

  /** The handler of a Debug profile: each spec in a debug session of its own, one after another. */
  debug(request: vscode.TestRunRequest, token: vscode.CancellationToken, target: ServerTarget, targets: TargetList): Promise<void> {
    return this.start(request, token, target, targets, "debug");
  }

  /** The handler of a Coverage profile (Prosody targets): a run whose servers count the Lua lines they run (coverage.ts). */
  coverage(request: vscode.TestRunRequest, token: vscode.CancellationToken, target: ServerTarget, targets: TargetList): Promise<void> {
    return this.start(request, token, target, targets, "coverage");
  }

  /**
   * The handler of "Run on every target": the specs on each of `everyTarget` at once, one TestRun
   * per target named after it (everyTargetRun.ts).
   */
  runOnEveryTarget(request: vscode.TestRunRequest, token: vscode.CancellationToken, everyTarget: readonly ServerTarget[], targets: TargetList): Promise<void> {
    return this.enqueue(request, token, () => everyTarget.map((target) => this.controller.createTestRun(request, target.name)), async (runs, specs) => {
      const folder = vscode.workspace.getWorkspaceFolder(specs[0]!.uri!)?.uri;
      this.takeRanVersions(specs);
      const suites = executeOnEveryTarget(everyTarget.map((target, index) => ({ target, run: runs[index]! })), specs, {
        server: this.server, reporting: this, targets, folder, jobs: readSetting(vscode.workspace, "jobs") ?? undefined, known: this.knownFailuresFor(runs, folder),
      }, token);
      // A failure here must not hold up the next run (it waits for `settling`).
      this.settling = Promise.all([this.settling, suites.then((outcome) => outcome.closed).catch(() => undefined)]);
      await suites;
    });
  }

  private start(request: vscode.TestRunRequest, token: vscode.CancellationToken, target: ServerTarget, targets: TargetList, mode: RunMode): Promise<void> {
    const title = `Scansion: ${target.isDefault ? targetAddress(target) : target.name}`;
    return this.enqueue(request, token, () => [this.controller.createTestRun(request, title)], (runs, specs) => this.execute(runs[0]!, specs, token, target, targets, mode));
  }

  /** Queues a request's runs behind the previous ones (specs are stateful: runs never overlap); Restricted Mode runs nothing. */
  private async enqueue(
    request: vscode.TestRunRequest, token: vscode.CancellationToken, createRuns: () => vscode.TestRun[],
    execute: (runs: readonly vscode.TestRun[], specs: readonly vscode.TestItem[]) => Promise<void>,
  ): Promise<void> {
    if (!request.include) await this.tree.discoverAll();
    const specs = this.tree.specsOf(request.include, request.exclude);
    const runs = createRuns();
    if (!vscode.workspace.isTrusted) {
      for (const run of runs) {
        for (const item of specs) run.errored(item, new vscode.TestMessage(RESTRICTED_MODE_MESSAGE));
        run.end();
      }
      void explainRestrictedMode();
      return;
    }
    for (const run of runs) for (const item of specs) run.enqueued(item);
    const turn = this.queue.then(async () => {
      try {
        await this.settling;
        if (token.isCancellationRequested || runs.some((run) => run.token.isCancellationRequested)) {
          for (const run of runs) for (const item of specs) run.skipped(item); // Cancelled while waiting for the previous run.
        } else if (specs.length > 0) {
          await execute(runs, specs);
        }
      } finally {
        for (const run of runs) run.end();
      }
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** The version of each open document of `specs` as the run takes its text (what failures' positions refer to). */
  private takeRanVersions(specs: readonly vscode.TestItem[]): void {
    const files = new Set(specs.map((item) => item.uri!.fsPath));
    this.ranVersions.clear();
    for (const document of vscode.workspace.textDocuments) {
      if (document.uri.scheme === "file" && files.has(document.uri.fsPath)) this.ranVersions.set(document.uri.toString(), document.version);
    }
  }

  /** scansion.expectations for this run, its problem said in the runs' output. */
  private knownFailuresFor(runs: readonly vscode.TestRun[], folder: vscode.Uri | undefined): KnownFailures | undefined {
    const known = readKnownFailures(folder);
    if (typeof known !== "string") return known;
    for (const run of runs) run.appendOutput(`${known}; known failures are not marked in this run.\r\n`);
    return undefined;
  }

  private async execute(run: vscode.TestRun, specs: readonly vscode.TestItem[], token: vscode.CancellationToken, target: ServerTarget, targets: TargetList, mode: RunMode): Promise<void> {
    const abort = new AbortController();
    // The UI cancels through the profile's token, or through the run's own one for runs started by a command.
    const cancellations = [token.onCancellationRequested(() => abort.abort()), run.token.onCancellationRequested(() => abort.abort())];
    const byFile = new Map(specs.map((item) => [item.uri!.fsPath, item]));
    this.takeRanVersions(specs);
    // Known failures are kept per named target (scansion.targets), as the CLI's --expectations.
    const named = isTargetsEntry(target) ? target.name : undefined;
    const known = named !== undefined && mode !== "debug" ? this.knownFailuresFor([run], vscode.workspace.getWorkspaceFolder(specs[0]!.uri!)?.uri) : undefined;
    const judging = named !== undefined && known ? { target: named, known } : undefined;
    try {
      // One session per part: a run on each spec's module is one run per module (runParts).
      const coverages: RunCoverage[] = [];
      for (const part of runParts(targets, target, specs.map((item) => item.uri!.fsPath))) {
        const coverage = await this.executePart(run, part.specFiles.map((file) => byFile.get(file)!), byFile, part.target, targets, mode, abort.signal, judging);
        if (coverage) coverages.push(coverage);
      }
      if (coverages.length > 0) {
        const { publishCoverage } = await import("./coverage");
        for (const line of await publishCoverage(run, coverages, byFile)) run.appendOutput(`${line}\r\n`);
      }
    } finally {
      for (const cancellation of cancellations) cancellation.dispose();
    }
  }

  /** Runs the specs of one session: its server started first when the target has one, stopped after; a coverage run's lines. */
  private async executePart(
    run: vscode.TestRun, specs: readonly vscode.TestItem[], byFile: ReadonlyMap<string, vscode.TestItem>,
    target: ServerTarget, targets: TargetList, mode: RunMode, signal: AbortSignal, judging: Judging | undefined,
  ): Promise<RunCoverage | undefined> {
    const reported = new Set<vscode.TestItem>();
    let session: RunSession | undefined;
    try {
      if (signal.aborted) {
        for (const item of specs) run.skipped(item);
        return;
      }
      try {
        session = await this.server.openSession(target, targets, vscode.workspace.getWorkspaceFolder(specs[0]!.uri!)?.uri, specs.map((item) => item.uri!.fsPath), signal, mode === "coverage");
      } catch (error) {
        if (signal.aborted) {
          for (const item of specs) run.skipped(item);
          return;
        }
        const why = `The server for the run did not start: ${error instanceof Error ? error.message : String(error)}${isServerStartError(error) ? ' (see the "Scansion Server" output)' : ""}.`;
        for (const item of specs) run.errored(item, new vscode.TestMessage(why));
        return;
      }
      if (session.firstServer) run.appendOutput(`A server was started for this run (pid ${session.firstServer.pid ?? "unknown"}).\r\n`);
      if (mode === "debug") {
        // Each spec is debugged on the run's server: where the session sends clients.
        const { host, port } = session.settings;
        await this.debugEach(run, specs, { ...target, host, port }, targets, signal);
        return;
      }
      let ended = false;
      const listener = (event: RunEvent) => {
        if (!ended) this.report(run, event, byFile, reported, signal, judging);
      };
      // scansion.jobs: a Prosody target gives each spec a fresh server, so specs can run at once with the sequential results.
      const jobs = session.jobs(readSetting(vscode.workspace, "jobs") ?? undefined);
      if (jobs > 1) run.appendOutput(`${jobs} specs at a time${session.freshServerPerSpec ? ", each on a fresh server of its own" : " on one server (they share its accounts)"}.\r\n`);
      const suite = session.run(specs.map((item) => specSourceOf(item.uri!.fsPath)), { tagFilter: { onlyTags: [], skipTags: [] }, bail: false, jobs }, listener, signal);
      const running = session;
      session = undefined;
      // The servers go once the runner has closed every client, even when the run ended before that.
      const previous = this.settling;
      this.settling = Promise.all([previous, suite.catch(() => undefined).finally(() => this.server.closeSession(running))]);
      const why = await suiteEnd(suite, signal);
      ended = true;
      markUnreached(run, specs, reported, why, signal);
      return running.coverage;
    } finally {
      if (session) this.server.closeSession(session);
    }
  }

  private async debugEach(run: vscode.TestRun, specs: readonly vscode.TestItem[], target: ServerTarget, targets: TargetList, signal: AbortSignal): Promise<void> {
    for (const item of specs) {
      if (signal.aborted) {
        run.skipped(item);
        continue;
      }
      this.inline.clear(item.uri!);
      run.started(item);
      const debugged = await debugSpecInTestRun(item, run, target, targets, signal);
      if (debugged.kind === "ended") {
        run.appendOutput(specBanner(debugged.result.spec), undefined, item);
        for (const entry of debugged.result.transcript) run.appendOutput(transcriptLine(entry), undefined, item);
        this.finish(run, item, debugged.result, signal, debugged.ranVersion);
      } else if (debugged.kind === "stopped" || signal.aborted) {
        run.skipped(item); // Stopped from the debug toolbar: not finished, not failed.
      } else {
        run.errored(item, new vscode.TestMessage(`Not debugged: ${debugged.why}.`));
      }
    }
  }

  private report(run: vscode.TestRun, event: RunEvent, byFile: ReadonlyMap<string, vscode.TestItem>, reported: Set<vscode.TestItem>, signal: AbortSignal, judging: Judging | undefined): void {
    const file = event.type === "spec-ended" ? event.result.spec.file : event.spec.file;
    const item = byFile.get(file);
    if (!item?.uri) return;
    switch (event.type) {
      case "spec-started":
        this.started(run, item, event.spec);
        return;
      case "transcript":
        this.transcript(run, item, event.entry);
        return;
      case "spec-ended": {
        reported.add(item);
        const judged = judging ? this.judge(run, event.result, judging.target, judging.known) : event.result;
        this.finish(run, item, judged, signal, undefined, judging ? { target: judging.target, knownIn: judging.known.file } : {});
        return;
      }
      default:
        return;
    }
  }

  /** A spec began on `run`: its state, its banner in the output, no outcomes of an earlier run on its lines. */
  started(run: vscode.TestRun, item: vscode.TestItem, spec: SpecRef): void {
    this.inline.clear(item.uri!);
    run.started(item);
    run.appendOutput(specBanner(spec), undefined, item);
  }

  /** `atLine`: VS Code also shows the line inline at its action; a run on every target leaves that to the outcomes of every target. */
  transcript(run: vscode.TestRun, item: vscode.TestItem, entry: TranscriptEntry, atLine = true): void {
    const location = atLine && entry.line !== undefined ? new vscode.Location(item.uri!, new vscode.Position(entry.line - 1, 0)) : undefined;
    run.appendOutput(transcriptLine(entry), location, item);
  }

  /** The result with its known failure marked; a known failure that passes now is said in the output. */
  judge(run: vscode.TestRun, result: SpecResult, target: string, known: KnownFailures): SpecResult {
    const judged = known.judge(result, target);
    if (judged.passesNow) run.appendOutput(`passes now on ${target}: ${result.spec.file}: remove it from ${known.file}\r\n`);
    return judged.result;
  }

  /**
   * A spec's result on `run`: its state, its message, its summary line; the outcome of its lines
   * and its quick fixes, unless a run on every target shows those for every target at once
   * (showAcross). `ranVersion`: the document version whose text ran, when a debug session read it
   * (a run's is taken at its start).
   */
  finish(run: vscode.TestRun, item: vscode.TestItem, result: SpecResult, signal: AbortSignal, ranVersion = this.ranVersions.get(item.uri!.toString()), notes: FinishNotes = {}): void {
    const uri = item.uri!;
    run.appendOutput(specSummary(result), undefined, item);
    if (!notes.shownAcross) {
      if (result.steps.length > 0) this.inline.show(uri, lineOutcomes(result));
      this.fixes.rememberFile(uri, result, ranVersion);
    }
    const report = failureReport(result);
    const noted = report && notes.target !== undefined ? { ...report, message: failureLine(report.message, result, notes.target, notes.acrossTargets, notes.knownIn) } : report;
    const message = noted && failureMessage(noted, uri, result, specTextOf(uri.fsPath));
    switch (result.status) {
      case "passed": return run.passed(item, result.durationMs);
      case "skipped": return run.skipped(item);
      case "failed": return run.failed(item, message ?? [], result.durationMs);
      case "error":
        // A spec cut short by cancelling (or by Stop in the debugger) did not fail; it was not finished.
        if (signal.aborted || result.cancelled) return run.skipped(item);
        return run.errored(item, message ?? [], result.durationMs);
    }
  }

  /** Every target has run the spec: the outcome of each line on every target, the quick fixes of a failure. */
  showAcross(item: vscode.TestItem, results: readonly TargetResult[]): void {
    const uri = item.uri!;
    const outcomes = results.filter(({ result }) => result.steps.length > 0).map(({ target, result }) => ({ target, outcomes: lineOutcomes(result) }));
    if (outcomes.length > 0) this.inline.show(uri, outcomesAcrossTargets(outcomes));
    const shown = results.find(({ result }) => result.status === "failed" && result.knownFailure === undefined) ?? results.find(({ result }) => result.status === "failed") ?? results[0];
    if (shown) this.fixes.rememberFile(uri, shown.result, this.ranVersions.get(uri.toString()));
  }
}

/** A run on a named target with known failures set (scansion.expectations). */
interface Judging {
  readonly target: string;
  readonly known: KnownFailures;
}


async function explainRestrictedMode(): Promise<void> {
  const manage = "Manage Workspace Trust";
  const choice = await vscode.window.showWarningMessage(RESTRICTED_MODE_MESSAGE, manage);
  if (choice === manage) await vscode.commands.executeCommand("workbench.trust.manage");
}
