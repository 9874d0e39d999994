/**
 * "Scansion: Record a spec" (issue #5): connects a spec's clients, performs
 * what the person asks (connect, send a stanza, disconnect) and turns each
 * step, with everything the clients received meanwhile, into scansion text
 * to append to the spec.
 *
 * Each step is written as scansion text first, parsed with `parseSpec` and
 * run by the runner's own `executeAction`, so what is appended is exactly
 * what was done, and replays the same way. After a step the recorder waits
 * until the traffic settles: a ping barrier on every connected client, then
 * the runner's quiet period, restarted by each stanza that arrives.
 *
 * No `vscode` here: the command (client/src/recording) is a thin prompt loop.
 */
import type { Element } from "ltx";
import { idsSentBy, printStanzaWithVariables } from "../writing/acceptReceived";
import { textStyleOf, type TextStyle } from "../writing/specStyle";
import { newSpecText, parseAction, sendActionText, stanzaInputProblem, type NewClient } from "../writing/specText";
import type { ClientJids } from "../language/jid";
import { parseSpec } from "../language/parser";
import type { Action, SpecDocument } from "../language/syntaxTree";
import { Cast, jidsOf, type ClientState } from "./clientState";
import { WaitFailure, type Connector } from "./connectionContract";
import type { RunSettings } from "./settings";
import { executeAction, type StepContext } from "./stepActions";
import { StepFailed } from "./stepFailure";
import { connectXmppStream } from "./xmppConnector";

export interface RecordedStep {
  /** Scansion text for the step: paragraphs separated by a blank line, ending with a newline. */
  readonly text: string;
  /** How many stanzas the clients received (each is a `receives` in the text). */
  readonly received: number;
  /** What happened besides the text (bound JIDs, streams the server closed), one line each, for the log. */
  readonly notes: readonly string[];
}

/** A step that could not be recorded; the message is one readable line. */
export class RecordingError extends Error {
  override readonly name = "RecordingError";
}

// What the command asks before and between steps, for its lazily loaded bundle.
export {
  clientDefinitionsText, clientNameProblem, definedClientNames, newClientJidProblem, newSpecText, stanzaInputProblem, textToAppend, type NewClient,
} from "../writing/specText";

export type RecordedVerb = "connects" | "sends" | "disconnects";

interface Arrival {
  readonly client: string;
  readonly stanza: Element;
}

export class SpecRecorder {
  private readonly cast: Cast;
  private readonly style: TextStyle;
  /** Ids of stanzas the spec sends: a received id equal to one is an answer's, kept as is. */
  private readonly sentIds: Set<string>;
  /** Received stanzas not written yet, in arrival order across clients. */
  private arrivals: Arrival[] = [];
  private readonly arrivalWaiters = new Set<() => void>();
  private stepNotes: string[] = [];
  private busy = false;
  private closed = false;
  private recordedAny = false;

  constructor(private readonly doc: SpecDocument, private readonly settings: RunSettings, private readonly connector: Connector = connectXmppStream) {
    this.cast = new Cast(doc);
    this.style = textStyleOf(doc);
    this.sentIds = idsSentBy(doc);
  }

  /** A recorder for a spec's text (an editor's buffer). */
  static fromText(specText: string, settings: RunSettings, connector?: Connector): SpecRecorder {
    return new SpecRecorder(parseSpec(specText), settings, connector);
  }

  /** A recorder for clients the person named (no spec yet). */
  static forClients(clients: readonly NewClient[], settings: RunSettings, connector?: Connector): SpecRecorder {
    return new SpecRecorder(parseSpec(newSpecText(clients)), settings, connector);
  }

  /** How many actions the spec already has: replaySpec runs them. */
  get existingActionCount(): number {
    return this.doc.actions.length;
  }

  get clientNames(): readonly string[] {
    return this.cast.all().map((client) => client.name);
  }

  isConnected(name: string): boolean {
    return this.cast.get(name)?.state === "connected";
  }

  /** What `${name's JID}` / `${name's full JID}` stand for now (the full JID once the client connected). */
  jidsOf(name: string): ClientJids | undefined {
    const client = this.cast.get(name);
    return client && jidsOf(client);
  }

  /**
   * Runs the spec's own actions first, as the runner would (receives match),
   * so that recording continues where the file ends: clients it connected are
   * connected, the server is in the state it left. Returns notes for the log.
   * @throws RecordingError naming the line that failed.
   */
  async replaySpec(): Promise<readonly string[]> {
    if (this.recordedAny) throw new RecordingError("the spec replays only before the first recorded step");
    this.startStep();
    try {
      const syntaxError = this.doc.problems.find((problem) => problem.severity === "error");
      if (syntaxError) throw new RecordingError(`line ${syntaxError.range.start.line + 1}: ${syntaxError.message}`);
      for (const action of this.doc.actions) {
        try {
          await executeAction(action, this.context([]));
        } catch (error) {
          throw new RecordingError(`line ${action.lineRange.start.line + 1} (${action.client.text} ${action.verb.text}): ${stepMessage(error)}`);
        }
      }
      await this.settle();
      // What the spec did not expect stays unwritten, as the runner would skip it.
      this.arrivals = [];
      await this.drainQueues();
      return this.stepNotes;
    } finally {
      this.busy = false;
    }
  }

  connect(name: string): Promise<RecordedStep> {
    return this.record(name, "connects");
  }

  /** Sends one stanza typed by the person (`${X's JID}` variables allowed). */
  send(name: string, xml: string): Promise<RecordedStep> {
    return this.record(name, "sends", xml);
  }

  disconnect(name: string): Promise<RecordedStep> {
    return this.record(name, "disconnects");
  }

  /** Disconnects every client; the recorder cannot be used afterwards. Never throws. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.cast.all().map(async (client) => {
      const connection = client.connection;
      client.connection = undefined;
      client.state = "disconnected";
      await connection?.close().catch(() => undefined);
    }));
    for (const wake of [...this.arrivalWaiters]) wake();
  }

  private startStep(): void {
    if (this.closed) throw new RecordingError("the recording has ended");
    if (this.busy) throw new RecordingError("the previous step is still running");
    this.busy = true;
    this.stepNotes = [];
  }

  private async record(name: string, verb: RecordedVerb, xml?: string): Promise<RecordedStep> {
    this.startStep();
    this.recordedAny = true;
    try {
      const client = this.cast.get(name);
      if (!client) throw new RecordingError(`"${name}" is not a client of this spec (clients: ${this.clientNames.join(", ") || "none"})`);
      if (verb === "connects" && client.state === "connected") throw new RecordingError(`${name} is already connected`);
      if (verb !== "connects" && client.state !== "connected") throw new RecordingError(`${name} is not connected`);
      const action = actionFor(name, verb, xml ?? "");
      // Stanzas that came in between steps (while the person typed) are written before the action.
      const earlier = this.arrivals.length;
      const sent: Element[] = [];
      await executeAction(action, this.context(sent));
      await this.settle();
      const before = this.arrivals.slice(0, earlier);
      const after = this.arrivals.slice(earlier);
      this.arrivals = [];
      await this.drainQueues();
      for (const stanza of sent) if (typeof stanza.attrs.id === "string") this.sentIds.add(stanza.attrs.id);
      const paragraphs = [
        ...before.map((arrival) => this.receivedParagraph(arrival)),
        verb === "sends" ? this.paragraph(`${name} sends:`, sent, false) : `${name} ${verb}`,
        ...after.map((arrival) => this.receivedParagraph(arrival)),
      ];
      return { text: `${paragraphs.join("\n\n")}\n`, received: before.length + after.length, notes: this.stepNotes };
    } catch (error) {
      throw new RecordingError(stepMessage(error));
    } finally {
      this.busy = false;
    }
  }

  private context(sent: Element[]): StepContext {
    return {
      cast: this.cast,
      settings: this.settings,
      connector: this.connector,
      signal: undefined,
      note: (client, text) => this.stepNotes.push(`${client}: ${text}`),
      stanzaSent: (_client, stanza) => sent.push(stanza),
      stanzaArrived: (client, stanza) => {
        this.arrivals.push({ client, stanza });
        for (const wake of [...this.arrivalWaiters]) wake();
      },
      clientLost: (client, reason) => this.clientLost(client, reason),
      bindCaptures: () => undefined, // the recorder never matches
    };
  }

  private clientLost(client: ClientState, reason: string): void {
    // A stream the recorder itself is closing is not a loss.
    if (client.state !== "connected") return;
    const connection = client.connection;
    client.state = "disconnected";
    client.connection = undefined;
    connection?.destroy();
    this.stepNotes.push(`${client.name}: the server closed the stream: ${reason}`);
  }

  /** Waits until every connected client has all the server routed to it, and nothing more arrives for a quiet period. */
  private async settle(): Promise<void> {
    const { receiveTimeoutMs, quietPeriodMs } = this.settings;
    await Promise.all(this.connectedClients().map((client) => this.barrier(client, receiveTimeoutMs)));
    // Stanzas other connections cause can come a little after the pongs; each one restarts the quiet period.
    const deadline = performance.now() + receiveTimeoutMs;
    while (!this.closed && performance.now() < deadline) {
      const arrived = await this.nextArrival(Math.min(quietPeriodMs, deadline - performance.now()));
      if (!arrived) return;
    }
  }

  private async barrier(client: ClientState, timeoutMs: number): Promise<void> {
    try {
      await client.connection?.barrier(timeoutMs);
    } catch (error) {
      if (!(error instanceof WaitFailure)) throw error;
      // A lost stream is noted by clientLost; a missing pong only makes the wait shorter.
      if (error.kind === "timeout") this.stepNotes.push(`${client.name}: the server did not answer a ping within ${timeoutMs} ms`);
    }
  }

  /** True when a stanza arrives within `timeoutMs`. */
  private nextArrival(timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.arrivalWaiters.delete(wake);
        resolve(true);
      };
      const timer = setTimeout(() => {
        this.arrivalWaiters.delete(wake);
        resolve(false);
      }, Math.max(0, timeoutMs));
      this.arrivalWaiters.add(wake);
    });
  }

  /** The connections' own queues hold the stanzas already written out; empty them so they do not pile up. */
  private async drainQueues(): Promise<void> {
    for (const client of this.connectedClients()) {
      const connection = client.connection!;
      for (let left = connection.queued().length; left > 0; left--) await connection.nextStanza(0);
    }
  }

  private connectedClients(): ClientState[] {
    return this.cast.all().filter((client) => client.state === "connected" && client.connection !== undefined);
  }

  private receivedParagraph(arrival: Arrival): string {
    return this.paragraph(`${arrival.client} receives:`, [arrival.stanza], true);
  }

  private paragraph(actionLine: string, stanzas: readonly Element[], received: boolean): string {
    const clientJids = new Map(this.cast.all().map((client) => [client.name, jidsOf(client)] as const));
    const options = { sentIds: this.sentIds, generatedValuesAsAny: received, indent: this.style.indent, quote: this.style.quote };
    const blocks = stanzas.map((stanza) => printStanzaWithVariables(stanza, clientJids, options).replace(/^/gm, this.style.indent));
    return [actionLine, ...blocks].join("\n");
  }
}

/** One line for whatever a step threw: the runner's own message when it failed as a step. */
function stepMessage(error: unknown): string {
  if (error instanceof StepFailed) return error.details.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0] ?? message;
}

/** The action a step performs, parsed as the runner would read it from the spec. */
function actionFor(name: string, verb: RecordedVerb, xml: string): Action {
  const actionText = verb === "sends" ? sendActionText(name, xml) : `${name} ${verb}`;
  const { action, problem } = parseAction(name, actionText);
  const inputProblem = verb === "sends" ? stanzaInputProblem(xml) : undefined;
  if (!action || problem !== undefined || inputProblem !== undefined) throw new RecordingError(inputProblem ?? problem ?? `"${actionText}" is not an action`);
  return action;
}
