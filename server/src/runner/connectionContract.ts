/**
 * What the runner needs from one connected XMPP client. `xmppStream.ts`
 * implements it over @xmpp/client; keeping the contract here lets the step
 * logic read without the transport's details.
 */
import type { Element } from "ltx";

export interface ConnectRequest {
  readonly jid: string;
  /** Undefined: an anonymous login (SASL ANONYMOUS); `jid` is then a bare domain. */
  readonly password: string | undefined;
  /** Resource to request at bind when the jid carries none. */
  readonly resource?: string;
  readonly host: string;
  readonly port: number;
  readonly allowPlainOnNonLoopback: boolean;
  readonly acceptSelfSignedCertificate: boolean;
  readonly connectTimeoutMs: number;
  /** Called for every stanza as it arrives (before anyone consumes it), for the transcript. */
  readonly onStanza?: (stanza: Element) => void;
  /** Called once when the server ends the stream on its own (stream error, closed socket). */
  readonly onLost?: (reason: string) => void;
}

/** Why a connect failed; "unreachable" is an infrastructure problem, the others are the spec's. */
export type ConnectFailureKind = "unreachable" | "login-refused" | "timeout" | "tls" | "protocol";

export class ConnectFailure extends Error {
  constructor(readonly kind: ConnectFailureKind, message: string) {
    super(message);
  }
}

/** `nextStanza` gave up: the time ran out, the stream is gone, or the run was cancelled. */
export class WaitFailure extends Error {
  constructor(readonly kind: "timeout" | "lost" | "aborted", message: string) {
    super(message);
  }
}

export interface ClientConnection {
  /** The JID the server bound. */
  readonly fullJid: string;
  send(stanza: Element): Promise<void>;
  /** Takes the oldest queued stanza, waiting up to `timeoutMs` for one. Rejects with WaitFailure. */
  nextStanza(timeoutMs: number, signal?: AbortSignal): Promise<Element>;
  /** Stanzas received and not consumed yet, oldest first. */
  queued(): readonly Element[];
  /**
   * Resolves once the server has answered a ping sent now: every stanza the
   * server had routed to this client before reading the ping is then queued.
   */
  barrier(timeoutMs: number, signal?: AbortSignal): Promise<void>;
  /** Why the server ended the stream, if it did. */
  readonly lostReason: string | undefined;
  /** Closes the stream gracefully; idempotent; resolves when the socket is closed. */
  close(): Promise<void>;
  /** Drops the connection at once (cancellation). */
  destroy(): void;
}

export type Connector = (request: ConnectRequest) => Promise<ClientConnection>;
