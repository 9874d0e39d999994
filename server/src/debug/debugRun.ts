/**
 * One spec under the debugger: drives a steppable `SpecExecution` action by
 * action and decides where to stop (entry, breakpoint, step, pause, failure).
 * Knows nothing of DAP; the session turns its callbacks into protocol events.
 *
 * Invariants: at most one action runs at a time; nothing is sent between
 * actions except what the user sends from the console; `terminate` aborts the
 * action in flight, waits for it, and closes every connection (finish() is
 * called exactly once, whoever ends the run).
 */
import type { Element } from "ltx";
import type { SpecDocument } from "../language/syntaxTree";
import type { ClientState } from "../runner/clientState";
import type { RunEvent, SpecRef, SpecResult, StepFailure, StepRef, TranscriptEntry } from "../runner/specResult";
import type { Connector } from "../runner/connectionContract";
import type { RunSettings } from "../runner/settings";
import { SpecExecution } from "../runner/specRunner";
import { TrafficLog } from "./trafficLog";

export type StopReason = "entry" | "step" | "breakpoint" | "pause" | "exception";

export interface DebugRunListener {
  stopped(reason: StopReason): void;
  /** A transcript line (stanza or runner note). */
  transcript(entry: TranscriptEntry): void;
  /** The run is over and every connection is closed. */
  ended(result: SpecResult): void;
  /** Something went wrong in the debugger itself. */
  internalError(message: string): void;
}

type Mode = "continue" | "step";

export class DebugRun {
  readonly traffic = new TrafficLog();
  private readonly execution: SpecExecution;
  private readonly abort = new AbortController();
  private breakpoints = new Set<number>();
  private pauseRequested = false;
  /** Set synchronously before any stop or end is reported, so a request reacting to it sees the new phase. */
  private phase: "idle" | "running" | "ended" = "idle";
  private loop: Promise<void> | undefined;
  private consoleSend: Promise<void> = Promise.resolve();
  private ending: Promise<SpecResult> | undefined;
  private lastFailure: StepFailure | undefined;
  private failedStep: StepRef | undefined;

  constructor(doc: SpecDocument, spec: SpecRef, settings: RunSettings, private readonly listener: DebugRunListener, connector?: Connector) {
    this.execution = new SpecExecution(doc, spec, settings, (event) => this.onRunEvent(event), this.abort.signal, connector);
  }

  /** True while an action runs (the console cannot send then). */
  get running(): boolean {
    return this.phase === "running";
  }

  get ended(): boolean {
    return this.phase === "ended";
  }

  /** The failure the run stopped on, if it did. */
  get failure(): StepFailure | undefined {
    return this.lastFailure;
  }

  /**
   * Where the run stands: the action that failed, else the action that runs
   * next; undefined once every action ran.
   */
  get currentStep(): StepRef | undefined {
    return this.failedStep ?? this.execution.nextStep;
  }

  get cast() {
    return this.execution.cast;
  }

  clients(): readonly ClientState[] {
    return this.execution.clients();
  }

  captures(): Readonly<Record<string, string>> {
    return this.execution.capturedValues();
  }

  /** 1-based action lines to stop before; takes effect at the next action. */
  setBreakpoints(lines: ReadonlySet<number>): void {
    this.breakpoints = new Set(lines);
  }

  /** Starts the run: stops before the first action, or runs to the first stop. */
  start(stopOnEntry: boolean): void {
    if (stopOnEntry && !this.execution.done) {
      this.listener.stopped("entry");
      return;
    }
    this.launchLoop("continue", false);
  }

  /** Continue (to the next stop) or step (one action). Ignored while an action runs. */
  resume(mode: Mode): void {
    if (this.running || this.ended) return;
    this.launchLoop(mode, true);
  }

  /** Stops before the next action (the one running now finishes first). */
  pause(): void {
    if (this.running) this.pauseRequested = true;
  }

  /** Sends stanzas as a client between actions (the console's `X sends:`). */
  async sendAs(client: string, stanzas: readonly Element[]): Promise<void> {
    if (this.ended) throw new Error("The spec has ended; its connections are closed.");
    if (this.running) throw new Error("The spec is running: pause it first.");
    const sending = this.execution.sendOutOfScript(client, stanzas, "the Debug Console");
    this.consoleSend = sending.catch(() => {});
    await sending;
  }

  /** Aborts whatever runs, closes every connection, reports the result. Idempotent. */
  async terminate(): Promise<SpecResult> {
    this.abort.abort();
    await this.loop;
    return this.end();
  }

  private launchLoop(mode: Mode, leavingStop: boolean): void {
    this.phase = "running";
    // A console send still waiting for the server's confirmation finishes first: one thing at a time on each stream.
    this.loop = this.consoleSend.then(() => this.runLoop(mode, leavingStop)).catch(async (error: unknown) => {
      // A fault of the debugger itself ends the run; its connections are still closed.
      this.listener.internalError(error instanceof Error ? error.message : String(error));
      this.abort.abort();
      await this.end();
    });
  }

  private async runLoop(mode: Mode, leavingStop: boolean): Promise<void> {
    let first = true;
    for (;;) {
      if (this.abort.signal.aborted) return;
      const next = this.execution.nextStep;
      if (!next) {
        // Every action ran, or one failed and the user went on: the run is over.
        await this.end();
        return;
      }
      // Leaving a stop, the action stood on runs before anything can stop again.
      if (!(first && leavingStop)) {
        if (this.breakpoints.has(next.line)) return this.stop("breakpoint");
        if (this.pauseRequested) return this.stop("pause");
        if (mode === "step" && !first) return this.stop("step");
      }
      first = false;
      const outcome = await this.execution.runNextStep();
      if (this.abort.signal.aborted) return;
      if (outcome.status === "failed") {
        this.failedStep = outcome.step;
        return this.stop("exception");
      }
    }
  }

  private stop(reason: StopReason): void {
    this.phase = "idle";
    this.pauseRequested = false;
    this.listener.stopped(reason);
  }

  private end(): Promise<SpecResult> {
    this.phase = "ended";
    this.ending ??= this.execution.finish().then(({ result }) => {
      this.listener.ended(result);
      return result;
    });
    return this.ending;
  }

  private onRunEvent(event: RunEvent): void {
    if (event.type === "transcript") {
      this.traffic.record(event.entry);
      this.listener.transcript(event.entry);
    } else if (event.type === "step-failed") {
      this.lastFailure = event.failure;
    }
  }
}
