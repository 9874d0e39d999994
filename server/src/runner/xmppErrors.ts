// Typed, one-line errors of XMPP streams. Every message is built here from known parts
// (never from credentials), so a password cannot leak into a transcript or a log.

export type XmppErrorCode =
  /** The JID given to log in has no local part or no domain. */
  | "invalid-jid"
  /** Nothing listens on host:port. */
  | "connection-refused"
  /** The TCP connection could not be made or broke during login (DNS, reset, closed by the server). */
  | "connection-failed"
  /** STARTTLS was refused or the TLS handshake failed (for example an untrusted certificate). */
  | "tls-failed"
  /** The server refused the credentials or the resource binding. */
  | "login-refused"
  /** Only SASL PLAIN is possible, over an unencrypted stream to a host that is not loopback. */
  | "insecure-plain-refused"
  /** The server offers no SASL mechanism this client supports. */
  | "no-sasl-mechanism"
  /** connectTimeoutMs elapsed before the stream was bound. */
  | "connect-timeout"
  /** No stanza arrived within the wait's time limit. */
  | "stanza-timeout"
  /** The server ended the stream (stream error or closed connection) and no stanza is left. */
  | "session-ended"
  /** The stream was closed by this side; nothing can be sent or awaited any more. */
  | "session-closed"
  /** The wait was cancelled through its AbortSignal. */
  | "aborted";

/** How a stream ended, when it was not closed by this side. */
export interface StreamEnd {
  /** `stream-error`: the server sent `<stream:error>`; `connection-lost`: the stream or socket closed without one. */
  readonly reason: "stream-error" | "connection-lost";
  /** The stream error condition, e.g. `conflict`. */
  readonly condition?: string;
  /** The stream error's human-readable text, when the server gave one. */
  readonly text?: string;
  /** One line, e.g. `stream error from the server: conflict (Replaced by new connection)`. */
  readonly description: string;
}

export class XmppStreamError extends Error {
  override readonly name = "XmppStreamError";
  readonly code: XmppErrorCode;
  /** XMPP condition behind the error (SASL failure, stanza or stream error), when there is one. */
  readonly condition: string | undefined;
  /** Set for `session-ended`: how the server ended the stream. */
  readonly end: StreamEnd | undefined;

  constructor(code: XmppErrorCode, message: string, details: { condition?: string; end?: StreamEnd } = {}) {
    super(oneLine(message));
    this.code = code;
    this.condition = details.condition;
    this.end = details.end;
  }
}

export function isXmppStreamError(value: unknown, code?: XmppErrorCode): value is XmppStreamError {
  return value instanceof XmppStreamError && (code === undefined || value.code === code);
}

function oneLine(message: string): string {
  return message.replace(/\s+/g, " ").trim();
}

/** `host:port`, with brackets around IPv6 literals. */
export function formatAddress(host: string, port: number): string {
  return host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`;
}

/** `condition (text)`, or just the condition. */
export function describeCondition(condition: string | undefined, text: string | undefined): string {
  const name = condition ?? "undefined-condition";
  return text ? `${name} (${text})` : name;
}
