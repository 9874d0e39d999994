/**
 * What the debugger's Variables view shows while a spec is paused, as plain
 * trees (the adapter gives them DAP handles):
 * - one node per client: connection state, bare and full JID, the stanzas
 *   queued and not consumed yet, the latest stanzas it sent and received;
 * - the values bound by captures;
 * - the text of a failure (exception details).
 *
 * Stanza values are pretty XML, the form a spec block takes: VS Code's
 * Variables view shows their first line (the start tag), hover and "Copy
 * Value" the whole stanza, ready to paste into a spec.
 */
import { parse, type Element } from "ltx";
import { propertyValue } from "../language/semantics";
import { jidsOf, type ClientState } from "../runner/clientState";
import type { StepFailure } from "../runner/specResult";
import { prettyStanza } from "../writing/stanzaText";
import type { TrafficLog } from "./trafficLog";

export interface VariableNode {
  readonly name: string;
  readonly value: string;
  readonly children?: readonly VariableNode[];
  /** What typed into the Debug Console shows this value again. */
  readonly evaluateName?: string;
}

export function clientVariables(clients: readonly ClientState[], traffic: TrafficLog): VariableNode[] {
  return clients.map((client) => clientNode(client, traffic));
}

function clientNode(client: ClientState, traffic: TrafficLog): VariableNode {
  const jid = propertyValue(client.definition, "jid");
  const queued = queuedStanzas(client);
  return {
    name: client.name,
    value: clientSummary(client, queued.length),
    children: [
      { name: "state", value: stateText(client) },
      { name: "JID", value: jid === undefined ? "(no jid: property)" : jidsOf(client).bare ?? `(assigned by the server when ${client.name} connects: anonymous login)`, evaluateName: `\${${client.name}'s JID}` },
      { name: "full JID", value: client.fullJid ?? `(known once ${client.name} connects)`, evaluateName: `\${${client.name}'s full JID}` },
      stanzaList("queued", queued.map((stanza) => prettyStanza(stanza)), `${client.name} queue`),
      stanzaList("last sent", traffic.sentBy(client.name).map(prettyFromTranscript)),
      stanzaList("last received", traffic.receivedBy(client.name).map(prettyFromTranscript)),
    ],
  };
}

/** One line about a client, for its node and for the console. */
export function clientSummary(client: ClientState, queuedCount = queuedStanzas(client).length): string {
  const queue = queuedCount === 0 ? "" : `; ${countOf(queuedCount, "stanza")} queued`;
  switch (client.state) {
    case "never-connected": return "not connected yet";
    case "connected": return `connected as ${client.fullJid ?? "?"}${queue}`;
    case "disconnected": return `disconnected (was ${client.fullJid ?? "?"})${queue}`;
  }
}

function stateText(client: ClientState): string {
  if (client.unreportedLoss !== undefined) return `the server closed the stream: ${client.unreportedLoss}`;
  switch (client.state) {
    case "never-connected": return "never connected";
    case "connected": return "connected";
    case "disconnected": return "disconnected";
  }
}

/** Received and not consumed yet, oldest first. */
export function queuedStanzas(client: ClientState): readonly Element[] {
  return client.connection?.queued() ?? [];
}

function stanzaList(name: string, stanzas: readonly string[], evaluateName?: string): VariableNode {
  return {
    name,
    value: stanzas.length === 0 ? "none" : countOf(stanzas.length, "stanza"),
    children: stanzas.map((stanza, index) => ({ name: `[${index + 1}]`, value: stanza })),
    ...(evaluateName !== undefined ? { evaluateName } : {}),
  };
}

/** Transcript stanzas are compact XML; shown pretty like the queue (as written when they cannot be read back). */
function prettyFromTranscript(compact: string): string {
  try {
    return prettyStanza(parse(compact));
  } catch {
    return compact;
  }
}

export function captureVariables(captures: Readonly<Record<string, string>>): VariableNode[] {
  return Object.entries(captures).map(([name, value]) => ({ name, value }));
}

/** The expected and received stanzas of a failure (and what was still queued), for the exception details. */
export function failureDetails(failure: StepFailure): string {
  const parts: string[] = [failure.message];
  if (failure.expected !== undefined) parts.push(`expected:\n${failure.expected}`);
  if (failure.received !== undefined) parts.push(`received:\n${failure.received}`);
  if (failure.queued.length > 0) parts.push(`still queued for ${failure.client}:\n${failure.queued.join("\n")}`);
  return parts.join("\n\n");
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
