/**
 * Runs one spec: its actions strictly in file order, one at a time (reference
 * §2.1). `SpecExecution` exposes the steps one by one so that the debugger
 * can pause between them; `runSpec` simply runs them all.
 *
 * Invariants: every client a spec connected is closed when the execution
 * ends, whatever happened; the first failing step ends the spec; events are
 * emitted in the order things happen.
 */
import type { Element } from "ltx";
import type { Action, SpecDocument } from "../language/syntaxTree";
import { Cast, jidsOf, type ClientState } from "./clientState";
import type { ClientJids } from "../language/jid";
import type { RunListener, SpecRef, SpecResult, StepFailure, StepOutcome, StepRef, TranscriptEntry } from "./specResult";
import { connectXmppStream } from "./xmppConnector";
import type { Connector } from "./connectionContract";
import type { RunSettings } from "./settings";
import { compactStanza } from "../writing/stanzaText";
import { executeAction, queuedPretty, type StepContext } from "./stepActions";
import { StepFailed } from "./stepFailure";

/** How long cancelling waits for a graceful stream close before dropping the socket. */
const CANCEL_CLOSE_DEADLINE_MS = 200;

export interface SpecRunOutcome {
  readonly result: SpecResult;
  /** Set when the environment failed (server unreachable): the rest of a suite cannot run either. */
  readonly infrastructureError?: string;
}

function stepOf(action: Action, index: number): StepRef {
  const verb = action.hasColon ? `${action.verb.text}:` : action.verb.text;
  const suffix = action.kind === "receives" && action.expectsNothing ? " nothing" : "";
  return {
    index,
    line: action.lineRange.start.line + 1,
    client: action.client.text,
    kind: action.kind,
    title: `${action.client.text} ${verb}${suffix}`,
    range: action.lineRange,
  };
}

export class SpecExecution {
  readonly steps: readonly StepRef[];
  /** The characters, their live connections and the `${...}` resolver (read by the debugger). */
  readonly cast: Cast;
  private readonly outcomes: StepOutcome[] = [];
  private readonly transcript: TranscriptEntry[] = [];
  private readonly started = performance.now();
  private currentLine: number | undefined;
  private failure: StepFailure | undefined;
  private infrastructureError: string | undefined;
  private nextIndex = 0;

  constructor(
    private readonly doc: SpecDocument,
    readonly spec: SpecRef,
    private readonly settings: RunSettings,
    private readonly listener: RunListener | undefined,
    private readonly signal: AbortSignal | undefined,
    private readonly connector: Connector = connectXmppStream,
  ) {
    this.cast = new Cast(doc);
    this.steps = doc.actions.map(stepOf);
    listener?.({ type: "spec-started", spec });
    const syntaxError = doc.problems.find((problem) => problem.severity === "error");
    if (syntaxError) {
      // A spec that does not parse is not run at all: nothing it says can be trusted.
      this.failure = {
        kind: "parse",
        line: syntaxError.range.start.line + 1,
        client: "",
        action: "parse",
        message: `line ${syntaxError.range.start.line + 1}: ${syntaxError.message}`,
        queued: [],
        range: syntaxError.range,
      };
    }
  }

  /** True once a step failed, the run was cancelled, or every step ran. */
  get done(): boolean {
    return this.failure !== undefined || this.signal?.aborted === true || this.nextIndex >= this.steps.length;
  }

  get nextStep(): StepRef | undefined {
    return this.done ? undefined : this.steps[this.nextIndex];
  }

  /** The characters and their live state (for the debugger's variables view). */
  clients(): readonly ClientState[] {
    return this.cast.all();
  }

  /** Values bound by captures so far (for the debugger's variables view). */
  capturedValues(): Readonly<Record<string, string>> {
    return this.cast.capturedValues();
  }

  /**
   * Sends stanzas as a connected client between steps, outside the script (the
   * debugger's console). They go to the transcript like a step's stanzas, with a
   * note saying where they came from; resolves once the server has read them.
   * @throws Error with one readable line when the client cannot send.
   */
  async sendOutOfScript(name: string, stanzas: readonly Element[], origin: string): Promise<void> {
    const client = this.cast.get(name);
    if (!client) throw new Error(`"${name}" is not a defined client`);
    const connection = client.connection;
    if (client.state !== "connected" || !connection) throw new Error(`${name} is not connected`);
    this.record(this.entry("note", name, `sending ${stanzas.length} stanza${stanzas.length === 1 ? "" : "s"} from ${origin} (not part of the spec)`));
    for (const stanza of stanzas) {
      await connection.send(stanza);
      this.record(this.entry("sent", name, compactStanza(stanza)));
    }
    await connection.barrier(this.settings.receiveTimeoutMs, this.signal);
  }

  /** Runs the next action; returns its outcome. */
  async runNextStep(): Promise<StepOutcome> {
    const step = this.steps[this.nextIndex]!;
    const action = this.doc.actions[this.nextIndex]!;
    this.nextIndex += 1;
    this.currentLine = step.line;
    const actor = this.cast.get(step.client);
    if (actor) actor.lastActionLine = step.line;
    this.listener?.({ type: "step-started", spec: this.spec, step });
    const stepStarted = performance.now();
    let outcome: StepOutcome;
    try {
      const verdict = await executeAction(action, this.context());
      outcome = { step, status: verdict, durationMs: performance.now() - stepStarted };
      this.listener?.({ type: "step-passed", spec: this.spec, step, durationMs: outcome.durationMs });
    } catch (error) {
      if (!(error instanceof StepFailed)) throw error;
      this.failure = {
        kind: error.details.kind ?? "spec",
        line: step.line,
        client: step.client,
        action: `${step.client} ${action.verb.text}`,
        message: error.details.message,
        ...(error.details.difference !== undefined ? { difference: error.details.difference } : {}),
        ...(error.details.mismatch !== undefined ? { mismatch: error.details.mismatch } : {}),
        ...(error.details.expected !== undefined ? { expected: error.details.expected } : {}),
        ...(error.details.received !== undefined ? { received: error.details.received } : {}),
        queued: actor ? queuedPretty(actor) : [],
        range: error.details.range ?? step.range,
      };
      if (error.details.infrastructure) this.infrastructureError = error.details.message;
      outcome = { step, status: "failed", durationMs: performance.now() - stepStarted };
      this.listener?.({ type: "step-failed", spec: this.spec, step, failure: this.failure });
    }
    this.outcomes.push(outcome);
    return outcome;
  }

  /** Closes every client still open and reports the spec's result. Call exactly once. */
  async finish(): Promise<SpecRunOutcome> {
    const cancelled = this.signal?.aborted === true;
    await Promise.all(this.cast.all().map((client) => this.closeClient(client, cancelled)));
    if (!this.failure && !cancelled) this.reportUnobservedLoss();
    if (cancelled && !this.failure) {
      const line = this.currentLine ?? 1;
      this.failure = { kind: "cancelled", line, client: "", action: "run", message: "the run was cancelled", queued: [], range: this.steps.find((s) => s.line === line)?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
    }
    const reached = new Set(this.outcomes.map((o) => o.step.index));
    const steps = [
      ...this.outcomes,
      ...this.steps.filter((s) => !reached.has(s.index)).map((step): StepOutcome => ({ step, status: "not-reached", durationMs: 0 })),
    ];
    const status = this.failure === undefined ? "passed" : this.infrastructureError !== undefined || this.failure.action === "parse" || cancelled ? "error" : "failed";
    const result: SpecResult = {
      spec: this.spec,
      status,
      durationMs: performance.now() - this.started,
      ...(this.failure ? { failure: this.failure } : {}),
      steps,
      transcript: this.transcript,
      captures: this.cast.capturedValues(),
      clients: this.clientJids(),
      ...(cancelled ? { cancelled: true } : {}),
    };
    this.listener?.({ type: "spec-ended", result });
    return { result, ...(this.infrastructureError !== undefined ? { infrastructureError: this.infrastructureError } : {}) };
  }

  /** What `${X's JID}` and `${X's full JID}` stood for, per client (fixes turn values back into them). */
  private clientJids(): Record<string, ClientJids> {
    // fromEntries defines own properties: a client named "__proto__" stays a plain entry.
    return Object.fromEntries(this.cast.all().map((client): [string, ClientJids] => [client.name, jidsOf(client)]));
  }

  private async closeClient(client: ClientState, cancelled: boolean): Promise<void> {
    const connection = client.connection;
    if (!connection) return;
    client.connection = undefined;
    client.state = "disconnected";
    if (!cancelled) {
      await connection.close();
      return;
    }
    // Cancelling must be quick: a graceful close if the server answers at once, else drop the socket.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([connection.close(), new Promise<void>((resolve) => { timer = setTimeout(resolve, CANCEL_CLOSE_DEADLINE_MS); })]);
    clearTimeout(timer);
    connection.destroy();
  }

  /** A stream the server closed that no later step looked at still fails the spec (docs/scansion-language.md §2.8). */
  private reportUnobservedLoss(): void {
    const lost = this.cast.all().find((client) => client.unreportedLoss !== undefined);
    if (!lost) return;
    const line = lost.lastActionLine ?? this.steps.at(-1)?.line ?? 1;
    const step = this.steps.find((s) => s.line === line);
    this.failure = {
      kind: "stream-closed",
      line,
      client: lost.name,
      action: step ? step.title.replace(/:$/, "") : lost.name,
      message: `${lost.name}'s stream was closed by the server: ${lost.unreportedLoss}`,
      queued: [],
      range: step?.range ?? { start: { line: line - 1, character: 0 }, end: { line: line - 1, character: 0 } },
    };
  }

  private record(entry: TranscriptEntry): void {
    this.transcript.push(entry);
    this.listener?.({ type: "transcript", spec: this.spec, entry });
  }

  private entry(direction: TranscriptEntry["direction"], client: string, text: string): TranscriptEntry {
    return { direction, client, atMs: performance.now() - this.started, text, ...(this.currentLine !== undefined ? { line: this.currentLine } : {}) };
  }

  private context(): StepContext {
    return {
      cast: this.cast,
      settings: this.settings,
      connector: this.connector,
      signal: this.signal,
      note: (name, text) => this.record(this.entry("note", name, text)),
      stanzaSent: (name, stanza: Element) => this.record(this.entry("sent", name, compactStanza(stanza))),
      stanzaArrived: (name, stanza: Element) => this.record(this.entry("received", name, compactStanza(stanza))),
      clientLost: (lostClient, reason) => {
        // A stream the script itself is closing is not a loss.
        if (lostClient.state !== "connected") return;
        lostClient.unreportedLoss = reason;
        this.record(this.entry("note", lostClient.name, `the server closed the stream: ${reason}`));
      },
      bindCaptures: (captures) => this.cast.bindCaptures(captures),
    };
  }
}

/** Runs every step of a spec against the server the settings name. */
export async function runSpec(
  doc: SpecDocument,
  spec: SpecRef,
  settings: RunSettings,
  listener?: RunListener,
  signal?: AbortSignal,
  connector?: Connector,
): Promise<SpecRunOutcome> {
  const execution = new SpecExecution(doc, spec, settings, listener, signal, connector);
  while (!execution.done) await execution.runNextStep();
  return execution.finish();
}
