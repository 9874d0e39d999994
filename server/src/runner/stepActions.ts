/**
 * What each verb does (docs/scansion-language.md §2.2–2.8). A handler either returns (the
 * step passed), returns "skipped", or throws StepFailed with one readable line.
 */
import type { Element } from "ltx";
import type { Action, ReceiveAction, SendAction, StanzaBlock, XmlElementNode } from "../language/syntaxTree";
import { domainOf, resourceOf } from "../language/jid";
import { logsInAnonymously, propertyValue, requestedResource } from "../language/semantics";
import type { Cast, ClientState } from "./clientState";
import { substituteVariables, toLtxElement, UnresolvedVariableError } from "./expectedStanza";
import { matchStanza, receivedLikeExpected, type MatchFailure } from "./matcher";
import { ConnectFailure, WaitFailure, type Connector, type ClientConnection } from "./connectionContract";
import type { RunSettings } from "./settings";
import { prettyStanza, prettyView, startTagText } from "../writing/stanzaText";
import { viewOfExpected, viewOfReceived } from "../stanzaModel/stanzaView";
import { fail, mismatchFacts, StepFailed } from "./stepFailure";

const DEFAULT_CLIENT_PORT = 5222;

export interface StepContext {
  readonly cast: Cast;
  readonly settings: RunSettings;
  readonly connector: Connector;
  readonly signal: AbortSignal | undefined;
  note(client: string, text: string): void;
  stanzaSent(client: string, stanza: Element): void;
  stanzaArrived(client: string, stanza: Element): void;
  clientLost(client: ClientState, reason: string): void;
  bindCaptures(captures: Readonly<Record<string, string>>): void;
}

export type StepVerdict = "passed" | "skipped";

export async function executeAction(action: Action, context: StepContext): Promise<StepVerdict> {
  const client = context.cast.get(action.client.text);
  if (!client) {
    const known = context.cast.all().map((c) => c.name).join(", ") || "none";
    fail(`"${action.client.text}" is not a defined client (defined: ${known})`);
  }
  switch (action.kind) {
    case "connects": return connect(client, context);
    case "disconnects": return disconnect(client, context);
    case "sends": return send(client, action, context);
    case "receives": return receive(client, action, context);
    case "unknown": fail(`"${action.verb.text}" is not a verb; use connects, disconnects, sends or receives`);
  }
}

async function connect(client: ClientState, context: StepContext): Promise<StepVerdict> {
  if (client.state === "connected") fail(`${client.name} is already connected; a client connects once (use a second client for a second connection)`);
  const jid = propertyValue(client.definition, "jid");
  const password = propertyValue(client.definition, "password");
  if (jid === undefined) fail(`${client.name} has no jid: property`);
  // A bare domain with no password logs in with SASL ANONYMOUS (password undefined).
  if (password === undefined && !logsInAnonymously(client.definition)) fail(`${client.name} has no password: property (only a client whose jid: is a bare domain logs in anonymously without one)`);
  const portText = propertyValue(client.definition, "connect_port");
  const host = context.settings.host ?? propertyValue(client.definition, "connect_host") ?? domainOf(jid);
  const port = context.settings.port ?? (portText !== undefined ? Number(portText) : DEFAULT_CLIENT_PORT);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`${client.name}'s connect_port "${portText}" is not a port number`);
  // The jid's own resource travels in the jid; `resource:` only applies when it has none.
  const resource = resourceOf(jid) === undefined ? requestedResource(client.definition) : undefined;
  try {
    client.connection = await context.connector({
      jid,
      password,
      ...(resource !== undefined ? { resource } : {}),
      host,
      port,
      allowPlainOnNonLoopback: context.settings.allowPlainOnNonLoopback,
      acceptSelfSignedCertificate: context.settings.acceptSelfSignedCertificate,
      connectTimeoutMs: context.settings.connectTimeoutMs,
      onStanza: (stanza) => context.stanzaArrived(client.name, stanza),
      onLost: (reason) => context.clientLost(client, reason),
    });
  } catch (error) {
    if (error instanceof ConnectFailure) {
      fail({ kind: "connect", message: `${client.name} could not connect: ${error.message}`, infrastructure: error.kind === "unreachable" });
    }
    throw error;
  }
  client.state = "connected";
  client.fullJid = client.connection.fullJid;
  client.unreportedLoss = undefined;
  context.note(client.name, `connected as ${client.fullJid}`);
  return "passed";
}

async function disconnect(client: ClientState, context: StepContext): Promise<StepVerdict> {
  if (client.state !== "connected" || !client.connection) {
    context.note(client.name, `already disconnected; nothing to do`);
    return "passed";
  }
  if (client.unreportedLoss !== undefined) {
    // The script meant to end this stream anyway (e.g. after deleting the account).
    context.note(client.name, `the server had already closed the stream: ${client.unreportedLoss}`);
    client.unreportedLoss = undefined;
  }
  const connection = client.connection;
  client.state = "disconnected";
  client.connection = undefined;
  await connection.close();
  context.note(client.name, "disconnected");
  return "passed";
}

function connectionOf(client: ClientState, verb: string) {
  if (client.state === "never-connected" || !client.connection) fail(`${client.name} ${verb} before ${client.name} connects`);
  if (client.unreportedLoss !== undefined) {
    const reason = client.unreportedLoss;
    client.unreportedLoss = undefined;
    fail({ kind: "stream-closed", message: `${client.name}'s stream was closed by the server: ${reason}` });
  }
  return client.connection;
}

function resolvedElements(block: StanzaBlock | undefined, context: StepContext, verb: string): XmlElementNode[] {
  if (!block || block.elements.length === 0) fail(`${verb} needs an indented stanza below the action line`);
  try {
    return block.elements.map((element) => substituteVariables(element, context.cast.resolve, context.cast.captured));
  } catch (error) {
    if (error instanceof UnresolvedVariableError) {
      const explained = error.reason === "unresolvable" && (error.kind === "JID" || error.kind === "full JID")
        ? context.cast.explainUnresolved(error.client, error.kind)
        : error.message;
      fail({ message: explained, range: error.range });
    }
    throw error;
  }
}

async function send(client: ClientState, action: SendAction, context: StepContext): Promise<StepVerdict> {
  if (client.state === "disconnected") {
    context.note(client.name, `not sent: ${client.name} has disconnected (line ${action.lineRange.start.line + 1})`);
    return "skipped";
  }
  const connection = connectionOf(client, "sends");
  for (const element of resolvedElements(action.block, context, "sends")) {
    const stanza = toLtxElement(element);
    await connection.send(stanza);
    context.stanzaSent(client.name, stanza);
  }
  // Wait until the server has read what was sent, so that the next action (often another
  // client's) reaches the server after it: cross-client order is the file's order.
  try {
    await connection.barrier(context.settings.receiveTimeoutMs, context.signal);
  } catch (error) {
    if (error instanceof WaitFailure && error.kind === "lost") return "passed"; // reported by the client's next step
    if (error instanceof WaitFailure && error.kind === "timeout") fail({ kind: "no-answer", message: `the server did not confirm ${client.name}'s stanza (no answer to a ping within ${context.settings.receiveTimeoutMs} ms)` });
    throw waitProblem(client, error);
  }
  return "passed";
}

async function receive(client: ClientState, action: ReceiveAction, context: StepContext): Promise<StepVerdict> {
  if (client.state === "disconnected" && client.connection === undefined) fail(`${client.name} receives after ${client.name} disconnected`);
  // Queued stanzas are consumed even after the server closed the stream; a loss fails only when more is needed.
  if (client.state === "never-connected" || !client.connection) fail(`${client.name} receives before ${client.name} connects`);
  if (action.expectsNothing) return receiveNothing(client, client.connection, context);
  const expectedStanzas = resolvedElements(action.block, context, "receives");
  for (const [stanzaIndex, expected] of expectedStanzas.entries()) {
    await receiveOne(client, client.connection, expected, stanzaIndex, context);
  }
  return "passed";
}

/** The stanzas still queued for a client, pretty-printed, for failure reports. */
export function queuedPretty(client: ClientState): string[] {
  return (client.connection?.queued() ?? []).map((stanza) => prettyStanza(stanza));
}

/** Receives the `stanzaIndex`th stanza the action expects. */
async function receiveOne(client: ClientState, connection: ClientConnection, expected: XmlElementNode, stanzaIndex: number, context: StepContext): Promise<void> {
  const deadline = performance.now() + context.settings.receiveTimeoutMs;
  const skipped: { stanza: Element; failure: MatchFailure }[] = [];
  for (;;) {
    let stanza: Element;
    try {
      stanza = await connection.nextStanza(Math.max(0, deadline - performance.now()), context.signal);
    } catch (error) {
      if (error instanceof WaitFailure) throw waitFailed(client, expected, stanzaIndex, error, skipped, context);
      throw error;
    }
    const result = matchStanza(expected, stanza);
    if (result.matched) {
      context.bindCaptures(result.captures);
      return;
    }
    if (context.settings.mismatchPolicy === "strict-sequence") {
      throw new StepFailed({
        kind: "mismatch",
        message: `${client.name} received a stanza that does not match: ${result.difference}`,
        difference: result.difference,
        mismatch: mismatchFacts(result, stanzaIndex),
        expected: prettyStanza(expected),
        received: prettyReceivedFor(expected, stanza),
        range: result.range,
      });
    }
    context.note(client.name, `skipped a non-matching stanza (${result.difference})`);
    skipped.push({ stanza, failure: result });
  }
}

function waitFailed(
  client: ClientState,
  expected: XmlElementNode,
  stanzaIndex: number,
  error: WaitFailure,
  skipped: readonly { stanza: Element; failure: MatchFailure }[],
  context: StepContext,
): StepFailed {
  if (error.kind === "lost") {
    client.unreportedLoss = undefined;
    return new StepFailed({ kind: "stream-closed", message: `${client.name}'s stream was closed by the server while waiting for ${startTagText(viewOfExpected(expected), "jabber:client")}: ${error.message}`, expected: prettyStanza(expected) });
  }
  if (error.kind === "aborted") return new StepFailed({ kind: "cancelled", message: "the run was cancelled" });
  const awaited = startTagText(viewOfExpected(expected), "jabber:client");
  const closest = closestMiss(skipped);
  if (!closest) {
    return new StepFailed({ kind: "timeout", message: `${client.name} waited ${context.settings.receiveTimeoutMs} ms for ${awaited}; nothing arrived`, expected: prettyStanza(expected) });
  }
  // The difference with the stanza that came closest says most; the wait is context.
  const count = `${skipped.length} stanza${skipped.length === 1 ? "" : "s"} arrived`;
  return new StepFailed({
    kind: "timeout",
    message: `${closest.failure.difference} (${client.name} waited ${context.settings.receiveTimeoutMs} ms for ${awaited}; ${count}, none matched)`,
    expected: prettyStanza(expected),
    received: prettyReceivedFor(expected, closest.stanza),
    difference: closest.failure.difference,
    mismatch: mismatchFacts(closest.failure, stanzaIndex),
    range: closest.failure.range,
  });
}

/** A received stanza printed in the expected one's order, so that a diff of the two marks only what differs. */
function prettyReceivedFor(expected: XmlElementNode, received: Element): string {
  return prettyView(receivedLikeExpected(expected, received));
}

/** The skipped stanza that came closest: same kind of stanza first, then the deepest difference, then the latest. */
function closestMiss(skipped: readonly { stanza: Element; failure: MatchFailure }[]): { stanza: Element; failure: MatchFailure } | undefined {
  const score = ({ failure }: { failure: MatchFailure }) => {
    const sameStanza = failure.kind !== "element-name" && failure.kind !== "element-namespace" || failure.path.includes("/");
    return (sameStanza ? 1000 : 0) + failure.path.split("/").length;
  };
  let best: { stanza: Element; failure: MatchFailure } | undefined;
  for (const candidate of skipped) if (!best || score(candidate) >= score(best)) best = candidate;
  return best;
}

async function receiveNothing(client: ClientState, connection: ClientConnection, context: StepContext): Promise<StepVerdict> {
  const unexpected = (stanza: Element): never =>
    fail({ kind: "unexpected-stanza", message: `${client.name} was to receive nothing, but received ${startTagText(viewOfReceived(stanza), "jabber:client")}`, received: prettyStanza(stanza) });
  if (connection.queued().length > 0) unexpected(await connection.nextStanza(0, context.signal));
  // Everything the server routed here before reading our ping is queued once the pong is back…
  try {
    await connection.barrier(context.settings.receiveTimeoutMs, context.signal);
  } catch (error) {
    if (error instanceof WaitFailure && error.kind === "timeout") fail({ kind: "no-answer", message: `the server did not answer ${client.name}'s ping within ${context.settings.receiveTimeoutMs} ms` });
    throw waitProblem(client, error);
  }
  if (connection.queued().length > 0) unexpected(await connection.nextStanza(0, context.signal));
  // …and the quiet period catches what other connections cause a little later.
  let late: Element;
  try {
    late = await connection.nextStanza(context.settings.quietPeriodMs, context.signal);
  } catch (error) {
    if (error instanceof WaitFailure && error.kind === "timeout") return "passed";
    throw waitProblem(client, error);
  }
  return unexpected(late);
}

function waitProblem(client: ClientState, error: unknown): unknown {
  if (!(error instanceof WaitFailure)) return error;
  if (error.kind === "lost") {
    client.unreportedLoss = undefined;
    return new StepFailed({ kind: "stream-closed", message: `${client.name}'s stream was closed by the server: ${error.message}` });
  }
  return new StepFailed({ kind: "cancelled", message: "the run was cancelled" });
}
