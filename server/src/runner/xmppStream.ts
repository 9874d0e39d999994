// One connected scansion client: logs in, then only sends what it is given and queues
// every stanza it receives, in order, for the runner to match. It never answers, pings,
// reconnects or sends presence by itself.
import { randomUUID } from "node:crypto";
import type { Element } from "ltx";
import { jid as parseJid } from "@xmpp/client-core";
import { NS_JABBER_STREAMS, NS_STREAMS, createEntity, login } from "./xmppConnection";
import type { XmppEntity } from "./xmppConnection";
import { XmppStreamError, describeCondition, formatAddress } from "./xmppErrors";
import type { StreamEnd } from "./xmppErrors";

export { XmppStreamError, isXmppStreamError } from "./xmppErrors";
export type { StreamEnd, XmppErrorCode } from "./xmppErrors";

export interface StreamOptions {
  /** `user@domain` or `user@domain/resource`; the local part is the SASL username. A bare domain for an anonymous login. */
  readonly jid: string;
  /** Undefined: log in with SASL ANONYMOUS (the server assigns the JID). */
  readonly password: string | undefined;
  /** Resource to request when `jid` has none; otherwise the server assigns one. */
  readonly resource?: string;
  /** Where to connect (the JID's domain is still the stream's `to`). */
  readonly host: string;
  readonly port: number;
  /** Allow SASL PLAIN over an unencrypted stream to a peer that is not loopback. */
  readonly allowPlainOnNonLoopback?: boolean;
  /** Trust the server's certificate after STARTTLS even if it does not verify. */
  readonly acceptSelfSignedCertificate?: boolean;
  /** Limit for connecting, STARTTLS, SASL and binding together. */
  readonly connectTimeoutMs: number;
  /** Cancels the login: openStream rejects with code "aborted" and drops the connection. */
  readonly signal?: AbortSignal;
}

/** How long close() waits for the server to close its stream before dropping the socket. */
const CLOSE_TIMEOUT_MS = 2000;

/** Connects, authenticates and binds; resolves once the stream is ready (bound). */
export async function openStream(options: StreamOptions): Promise<XmppStream> {
  return XmppStream.open(options);
}

export class XmppStream {
  readonly #entity: XmppEntity;
  readonly #bindRequestId: string;
  readonly #queue: Element[] = [];
  readonly #changeWaiters = new Set<() => void>();
  readonly #stanzaListeners = new Set<(stanza: Element) => void>();
  readonly #endListeners = new Set<(end: StreamEnd) => void>();
  #fullJid = "";
  #arrivals = 0;
  #streamError: { condition: string | undefined; text: string | undefined } | undefined;
  #end: StreamEnd | undefined;
  #closeRequested = false;
  #closing: Promise<void> | undefined;
  #socketClosed = false;

  static async open(options: StreamOptions): Promise<XmppStream> {
    const anonymous = options.password === undefined;
    const address = parseAddress(options.jid, anonymous);
    const bindRequestId = `scansion-bind-${randomUUID()}`;
    const entity = createEntity({
      username: address.local,
      domain: address.domain,
      password: options.password ?? "",
      anonymous,
      resource: address.resource || options.resource || undefined,
      host: options.host,
      port: options.port,
      allowPlainOnNonLoopback: options.allowPlainOnNonLoopback ?? false,
      acceptSelfSignedCertificate: options.acceptSelfSignedCertificate ?? false,
      connectTimeoutMs: options.connectTimeoutMs,
      bindRequestId,
    });
    // Listen before login so that nothing the server sends right after binding is missed.
    const stream = new XmppStream(entity, bindRequestId);
    try {
      stream.#fullJid = await login(entity, options.signal);
    } catch (error) {
      throw withoutSecret(error, options.password ?? "");
    }
    entity.timeout = CLOSE_TIMEOUT_MS;
    return stream;
  }

  private constructor(entity: XmppEntity, bindRequestId: string) {
    this.#entity = entity;
    this.#bindRequestId = bindRequestId;
    entity.on("stanza", (stanza: Element) => this.#onStanza(stanza));
    entity.on("nonza", (element: Element) => this.#onNonza(element));
    entity.on("close", () => this.#onStreamClosedByServer());
    entity.on("disconnect", () => this.#onSocketClosed());
    entity.on("error", () => {}); // socket and parser errors show up as a closed stream
  }

  /** The JID the server bound for this stream (user@domain/resource). */
  get fullJid(): string {
    return this.#fullJid;
  }

  /** Set once the server ended the stream (stream error or lost connection). */
  get ended(): StreamEnd | undefined {
    return this.#end;
  }

  /** True when the stream runs over TLS (after STARTTLS). */
  get encrypted(): boolean {
    return this.#entity.isSecure();
  }

  /** True until close() is called or the server ends the stream. */
  get isOpen(): boolean {
    return !this.#closeRequested && !this.#end;
  }

  /** Sends the element exactly as given (no id, from or namespace added). */
  async send(element: Element): Promise<void> {
    this.#assertUsable("send");
    try {
      await this.#entity.write(element.toString());
    } catch (error) {
      this.#assertUsable("send");
      throw new XmppStreamError("session-ended", `${this.#fullJid} could not send: ${String(error)}`);
    }
  }

  /** Removes and returns the oldest queued stanza, waiting up to timeoutMs for one. */
  async nextStanza(timeoutMs: number, signal?: AbortSignal): Promise<Element> {
    await this.#waitUntil(() => this.#queue.length > 0, timeoutMs, signal);
    return this.#queue.shift() as Element;
  }

  /** Snapshot of the stanzas received and not yet taken, oldest first. */
  queued(): readonly Element[] {
    return [...this.#queue];
  }

  /** Removes and returns the oldest queued stanza that satisfies the predicate. */
  take(predicate: (stanza: Element) => boolean): Element | undefined {
    const index = this.#queue.findIndex(predicate);
    return index < 0 ? undefined : this.#queue.splice(index, 1)[0];
  }

  /** Resolves when the next stanza is queued after this call (already queued ones do not count). */
  async waitForStanza(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const seen = this.#arrivals;
    await this.#waitUntil(() => this.#arrivals > seen, timeoutMs, signal);
  }

  /** Calls the listener for every stanza queued from now on; returns the unsubscribe function. */
  onStanza(listener: (stanza: Element) => void): () => void {
    this.#stanzaListeners.add(listener);
    return () => this.#stanzaListeners.delete(listener);
  }

  /** Calls the listener once if the server ends the stream; returns the unsubscribe function. */
  onEnd(listener: (end: StreamEnd) => void): () => void {
    this.#endListeners.add(listener);
    return () => this.#endListeners.delete(listener);
  }

  /** Closes the stream gracefully and resolves once the socket is closed. Idempotent. */
  close(): Promise<void> {
    this.#closeRequested = true;
    this.#closing ??= this.#closeNow();
    return this.#closing;
  }

  /** Drops the connection at once, without closing the stream (cancellation). close() then resolves when the socket is released. */
  destroy(): void {
    this.#closeRequested = true;
    this.#closing ??= this.#entity.destroySocket();
    this.#wakeWaiters();
  }

  async #closeNow(): Promise<void> {
    this.#wakeWaiters(); // pending waits fail with session-closed
    if (!this.#socketClosed) {
      await this.#entity.disconnect().catch(() => {});
    }
    await this.#entity.destroySocket();
  }

  #onStanza(stanza: Element): void {
    const isBindReply = stanza.name === "iq" && stanza.attrs.id === this.#bindRequestId;
    if (isBindReply || this.#closeRequested) return;
    this.#queue.push(stanza);
    this.#arrivals += 1;
    for (const listener of this.#stanzaListeners) callSafely(listener, stanza);
    this.#wakeWaiters();
  }

  #onNonza(element: Element): void {
    if (!element.is("error", NS_JABBER_STREAMS)) return;
    const condition = element.getChildElements().find((child) => child.getNS() === NS_STREAMS && child.name !== "text")?.name;
    const text = element.getChildText("text", NS_STREAMS) ?? undefined;
    this.#streamError = { condition, text };
    // Connection closes the stream itself after a stream error; the end is recorded on disconnect.
  }

  #onStreamClosedByServer(): void {
    if (this.#closeRequested || this.#streamError) return;
    this.#entity.disconnect().catch(() => {});
  }

  #onSocketClosed(): void {
    this.#socketClosed = true;
    if (this.#closeRequested || this.#end || !this.#fullJid) return;
    const where = formatAddress(this.#entity.target.host, this.#entity.target.port);
    const streamError = this.#streamError;
    this.#end = streamError
      ? {
        reason: "stream-error",
        ...(streamError.condition === undefined ? {} : { condition: streamError.condition }),
        ...(streamError.text === undefined ? {} : { text: streamError.text }),
        description: `stream error from the server: ${describeCondition(streamError.condition, streamError.text)}`,
      }
      : { reason: "connection-lost", description: `${where} closed the connection` };
    this.#entity.tcpSocket?.destroy();
    for (const listener of this.#endListeners) callSafely(listener, this.#end);
    this.#wakeWaiters();
  }

  #assertUsable(action: string): void {
    const error = this.#unusableError(action);
    if (error) throw error;
  }

  #unusableError(action: string): XmppStreamError | undefined {
    if (this.#closeRequested) {
      return new XmppStreamError("session-closed", `${this.#fullJid} cannot ${action}: the stream was closed`);
    }
    if (this.#end) {
      return new XmppStreamError("session-ended", `${this.#fullJid} cannot ${action}: ${this.#end.description}`, {
        end: this.#end,
        ...(this.#end.condition === undefined ? {} : { condition: this.#end.condition }),
      });
    }
    return undefined;
  }

  #wakeWaiters(): void {
    for (const wake of [...this.#changeWaiters]) wake();
  }

  /** Resolves when ready() holds; rejects on timeout, abort, close or end of the stream. */
  #waitUntil(ready: () => boolean, timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      if (ready()) return resolve();
      const unusable = this.#unusableError("receive");
      if (unusable) return reject(unusable);
      const cancelled = (): XmppStreamError =>
        new XmppStreamError("aborted", `waiting for a stanza for ${this.#fullJid} was cancelled`);
      if (signal?.aborted) return reject(cancelled());

      const finish = (error?: XmppStreamError): void => {
        this.#changeWaiters.delete(check);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (error) reject(error);
        else resolve();
      };
      const check = (): void => {
        if (ready()) return finish();
        const unusableNow = this.#unusableError("receive");
        if (unusableNow) finish(unusableNow);
      };
      const onAbort = (): void => finish(cancelled());
      const timer = setTimeout(() => finish(new XmppStreamError("stanza-timeout",
        `no stanza arrived for ${this.#fullJid} within ${timeoutMs} ms`)), timeoutMs);
      this.#changeWaiters.add(check);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}

function parseAddress(jid: string, anonymous: boolean): ReturnType<typeof parseJid> {
  let address: ReturnType<typeof parseJid> | undefined;
  try {
    address = parseJid(jid);
  } catch {
    // reported below
  }
  if (anonymous && address?.domain && !address.local && !address.resource) return address;
  if (anonymous) throw new XmppStreamError("invalid-jid", `cannot log in anonymously as "${jid}": an anonymous client's JID is a bare domain`);
  if (!address?.local || !address.domain) {
    throw new XmppStreamError("invalid-jid", `cannot log in as "${jid}": the JID needs a local part and a domain`);
  }
  return address;
}

function callSafely<T>(listener: (value: T) => void, value: T): void {
  try {
    listener(value);
  } catch {
    // A listener's failure must not break the stream's event handling.
  }
}

/** Defence in depth: no error leaving this module may carry the password. */
function withoutSecret(error: unknown, password: string): unknown {
  if (!(error instanceof XmppStreamError) || password.length < 3 || !error.message.includes(password)) return error;
  return new XmppStreamError(error.code, error.message.split(password).join("***"),
    error.condition === undefined ? {} : { condition: error.condition });
}
