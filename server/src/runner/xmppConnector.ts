/**
 * Adapts XmppStream (the transport) to the runner's ClientConnection
 * contract: typed connect failures, typed wait failures, and the ping
 * barrier that `receives: nothing` uses.
 */
import { randomUUID } from "node:crypto";
import { Element } from "ltx";
import { domainOf } from "../language/jid";
import { isXmppStreamError, openStream, type XmppStream, type XmppErrorCode } from "./xmppStream";
import { ConnectFailure, WaitFailure, type ConnectFailureKind, type Connector, type ClientConnection } from "./connectionContract";

const BARRIER_ID_PREFIX = "scansion-barrier-";

const CONNECT_FAILURE_KINDS: Partial<Record<XmppErrorCode, ConnectFailureKind>> = {
  "connection-refused": "unreachable",
  "connection-failed": "unreachable",
  "tls-failed": "tls",
  "login-refused": "login-refused",
  "insecure-plain-refused": "login-refused",
  "no-sasl-mechanism": "login-refused",
  "invalid-jid": "login-refused",
  "connect-timeout": "timeout",
};

function isBarrierReply(stanza: Element): boolean {
  return stanza.name === "iq" && typeof stanza.attrs.id === "string" && stanza.attrs.id.startsWith(BARRIER_ID_PREFIX);
}

function asWaitFailure(error: unknown): unknown {
  if (!isXmppStreamError(error)) return error;
  switch (error.code) {
    case "stanza-timeout": return new WaitFailure("timeout", error.message);
    case "aborted": return new WaitFailure("aborted", error.message);
    case "session-ended": return new WaitFailure("lost", error.end?.description ?? error.message);
    default: return new WaitFailure("lost", error.message);
  }
}

class RunnerConnection implements ClientConnection {
  constructor(private readonly stream: XmppStream, private readonly domain: string) {}

  get fullJid(): string {
    return this.stream.fullJid;
  }

  get lostReason(): string | undefined {
    return this.stream.ended?.description;
  }

  async send(stanza: Element): Promise<void> {
    try {
      await this.stream.send(stanza);
    } catch (error) {
      throw asWaitFailure(error);
    }
  }

  async nextStanza(timeoutMs: number, signal?: AbortSignal): Promise<Element> {
    try {
      return await this.stream.nextStanza(timeoutMs, signal);
    } catch (error) {
      throw asWaitFailure(error);
    }
  }

  queued(): readonly Element[] {
    return this.stream.queued();
  }

  async barrier(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const id = `${BARRIER_ID_PREFIX}${randomUUID()}`;
    const ping = new Element("iq", { type: "get", id, to: this.domain }).c("ping", { xmlns: "urn:xmpp:ping" }).up();
    const deadline = performance.now() + timeoutMs;
    try {
      await this.stream.send(ping);
      // The reply (result, or error from a server without XEP-0199) comes after everything queued before it.
      while (this.stream.take((stanza) => stanza.name === "iq" && stanza.attrs.id === id) === undefined) {
        await this.stream.waitForStanza(Math.max(0, deadline - performance.now()), signal);
      }
    } catch (error) {
      throw asWaitFailure(error);
    }
  }

  close(): Promise<void> {
    return this.stream.close();
  }

  destroy(): void {
    this.stream.destroy();
  }
}

export const connectXmppStream: Connector = async (request) => {
  let stream: XmppStream;
  try {
    stream = await openStream({
      jid: request.jid,
      password: request.password,
      ...(request.resource !== undefined ? { resource: request.resource } : {}),
      host: request.host,
      port: request.port,
      allowPlainOnNonLoopback: request.allowPlainOnNonLoopback,
      acceptSelfSignedCertificate: request.acceptSelfSignedCertificate,
      connectTimeoutMs: request.connectTimeoutMs,
    });
  } catch (error) {
    if (isXmppStreamError(error)) {
      // A stream error while logging in (host-unknown, policy-violation, ...) is the server refusing this client.
      const kind = error.condition !== undefined ? "login-refused" : CONNECT_FAILURE_KINDS[error.code] ?? "protocol";
      throw new ConnectFailure(kind, error.message);
    }
    throw error;
  }
  const { onStanza, onLost } = request;
  if (onStanza) stream.onStanza((stanza) => { if (!isBarrierReply(stanza)) onStanza(stanza); });
  if (onLost) stream.onEnd((end) => onLost(end.description));
  return new RunnerConnection(stream, domainOf(stream.fullJid));
};
