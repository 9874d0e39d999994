/**
 * A spec as a conversation between its clients and the server, the one model
 * the sequence diagram draws: from a spec's text alone (the expected flow) or
 * from a run's result (the actual flow, the failure included).
 *
 * Pure: no I/O, no clock. The run's transcript carries stanzas as compact XML;
 * they are read back here to label and pretty-print them with `writing/`.
 */
import { parse, type Element } from "ltx";
import type { Action, SpecDocument, XmlElementNode } from "../language/syntaxTree";
import type { ClientJids } from "../language/jid";
import { scanVariables } from "../language/variables";
import { viewOfStanza, prettyStanza } from "../writing/stanzaText";
import type { SpecResult, SpecStatus, StepFailure, TranscriptEntry } from "../runner/specResult";
import { stanzaLabel } from "./stanzaLabel";

/** sent: client → server; received: server → client; missing: a receive that never came; note: something on one lifeline. */
export type ExchangeKind = "sent" | "received" | "missing" | "note";

/** A `${…}` of the stanza and, in an actual flow, what it stood for. */
export interface Substitution {
  readonly reference: string;
  readonly value?: string;
}

/** A `{scansion:capture:NAME}` of the stanza and, in an actual flow, the value it bound. */
export interface Capture {
  readonly name: string;
  readonly value?: string;
}

/** One row of the diagram. */
export interface Exchange {
  readonly kind: ExchangeKind;
  readonly client: string;
  /** Short form (`iq get jabber:iq:version`) or, for a note, its text. */
  readonly label: string;
  /** 1-based line of the spec's action. */
  readonly line?: number;
  /** Milliseconds since the spec started (actual flow). */
  readonly atMs?: number;
  /** The stanza, pretty-printed. */
  readonly xml?: string;
  /** What went wrong here: the one-line difference of a missing stanza, a failure's message. */
  readonly failure?: string;
  readonly substitutions: readonly Substitution[];
  readonly captures: readonly Capture[];
}

export interface Conversation {
  readonly title: string;
  /** expected: from the spec's text; actual: what a run saw. */
  readonly flow: "expected" | "actual";
  /** The run's verdict (actual flow). */
  readonly status?: SpecStatus;
  /** Lifelines, in the spec's order; the server has one of its own besides. */
  readonly clients: readonly string[];
  readonly exchanges: readonly Exchange[];
}

const CAPTURE = /\{scansion:capture:([^}]+)\}/g;

/** The conversation the spec's text describes, action by action. */
export function expectedConversation(doc: SpecDocument, fallbackTitle = "spec"): Conversation {
  const exchanges = doc.actions.flatMap((action) => expectedExchanges(action, doc));
  return { title: doc.header.title?.text.trim() || fallbackTitle, flow: "expected", clients: clientNames(doc, exchanges), exchanges };
}

function expectedExchanges(action: Action, doc: SpecDocument): Exchange[] {
  const client = action.client.text;
  const line = action.lineRange.start.line + 1;
  const note = (label: string): Exchange => ({ kind: "note", client, label, line, substitutions: [], captures: [] });
  switch (action.kind) {
    case "connects": return [note("connects")];
    case "disconnects": return [note("disconnects")];
    case "unknown": return [note(`${action.verb.text} (unknown verb)`)];
    case "sends":
    case "receives": {
      if (action.kind === "receives" && action.expectsNothing) return [note("receives nothing")];
      const elements = action.block?.elements ?? [];
      if (elements.length === 0) return [note(`${action.verb.text}: (no stanza)`)];
      const kind = action.kind === "sends" ? "sent" : "received";
      return elements.map((element) => {
        const xml = prettyStanza(element);
        return {
          kind, client, line, xml, label: stanzaLabel(viewOfStanza(element)),
          substitutions: referencesIn(sourceOf(element, doc)).map((reference) => ({ reference })),
          captures: capturesIn(xml).map((name) => ({ name })),
        };
      });
    }
  }
}

/** The element's text as written (pretty-printing would already have dropped nothing, but keeps `${…}` as typed). */
function sourceOf(element: XmlElementNode, doc: SpecDocument): string {
  const { start, end } = element.range;
  return doc.lines.slice(start.line, end.line + 1).join("\n");
}

function referencesIn(text: string): string[] {
  return unique(scanVariables(text).occurrences.map((found) => text.slice(found.start, found.end)));
}

function capturesIn(text: string): string[] {
  return unique([...text.matchAll(CAPTURE)].map((match) => match[1]!));
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/**
 * What a run saw, in the order it happened: every stanza of the transcript, its notes, and
 * for a failed receive the expected stanza that never came, where the run stopped waiting.
 * With the spec's tree (the text that ran), stanzas show the `${…}` and captures of their action.
 */
export function actualConversation(result: SpecResult, doc?: SpecDocument): Conversation {
  const actionsByLine = new Map((doc?.actions ?? []).map((action) => [action.lineRange.start.line + 1, action]));
  const exchanges = result.transcript.map((entry) => actualExchange(entry, actionsByLine.get(entry.line ?? -1), result));
  const failure = result.failure;
  if (failure) exchanges.splice(failurePosition(result.transcript, failure), 0, failureExchange(failure, failedAtMs(result)));
  const clients = doc ? clientNames(doc, exchanges) : unique(exchanges.map((exchange) => exchange.client).filter((name) => name !== ""));
  return { title: result.spec.name, flow: "actual", status: result.status, clients, exchanges };
}

function actualExchange(entry: TranscriptEntry, action: Action | undefined, result: SpecResult): Exchange {
  const base = { client: entry.client, atMs: entry.atMs, ...(entry.line !== undefined ? { line: entry.line } : {}) };
  if (entry.direction === "note") return { ...base, kind: "note", label: entry.text, substitutions: [], captures: [] };
  const stanza = readStanza(entry.text);
  const xml = stanza ? prettyStanza(stanza) : entry.text;
  const label = stanza ? stanzaLabel(viewOfStanza(stanza)) : entry.text.slice(0, 40);
  const source = action && "block" in action && action.block ? action.block.lines.map((line) => line.text).join("\n") : "";
  const ownAction = action?.kind === (entry.direction === "sent" ? "sends" : "receives");
  return {
    ...base, kind: entry.direction, label, xml,
    substitutions: ownAction ? referencesIn(source).map((reference) => ({ reference, ...valueOf(reference, result.clients) })) : [],
    captures: ownAction ? capturesIn(source).map((name) => ({ name, ...(result.captures[name] !== undefined ? { value: result.captures[name] } : {}) })) : [],
  };
}

function valueOf(reference: string, clients: SpecResult["clients"]): { value?: string } {
  const found = scanVariables(reference).occurrences[0];
  const jids: ClientJids | undefined = found && clients ? clients[found.client] : undefined;
  const value = found?.knownKind === "JID" ? jids?.bare : found?.knownKind === "full JID" ? jids?.full : undefined;
  return value === undefined ? {} : { value };
}

function readStanza(text: string): Element | undefined {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

/** After the last entry of the failing action (or of the actions before it): where the run gave up. */
function failurePosition(transcript: readonly TranscriptEntry[], failure: StepFailure): number {
  for (let index = transcript.length - 1; index >= 0; index -= 1) {
    const line = transcript[index]!.line;
    if (line !== undefined && line <= failure.line) return index + 1;
  }
  return 0;
}

/** When the failing step gave up: the steps run one after another, so the sum of their durations up to it. */
function failedAtMs(result: SpecResult): number | undefined {
  const failed = result.steps.findIndex((outcome) => outcome.status === "failed");
  if (failed < 0) return undefined;
  return result.steps.slice(0, failed + 1).reduce((sum, outcome) => sum + outcome.durationMs, 0);
}

function failureExchange(failure: StepFailure, atMs: number | undefined): Exchange {
  const base = { client: failure.client, line: failure.line, ...(atMs !== undefined ? { atMs } : {}), substitutions: [], captures: [] };
  const expected = failure.expected !== undefined && failure.kind !== "unexpected-stanza" ? readStanza(failure.expected) : undefined;
  if (expected && failure.expected !== undefined) {
    return { ...base, kind: "missing", label: stanzaLabel(viewOfStanza(expected)), xml: failure.expected, failure: failure.difference ?? failure.message };
  }
  return { ...base, kind: "note", label: `${failure.action} failed`, failure: failure.message, ...(failure.received !== undefined ? { xml: failure.received } : {}) };
}

/** The spec's clients in the order they are defined, then any other name an action or entry uses. */
function clientNames(doc: SpecDocument, exchanges: readonly Exchange[]): string[] {
  return unique([...doc.clients.map((client) => client.name.text), ...exchanges.map((exchange) => exchange.client)].filter((name) => name !== ""));
}
