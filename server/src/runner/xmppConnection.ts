// Builds an XMPP client stream from the parts of xmpp.js 0.14 (@xmpp/client-core, tcp,
// tls, sasl, …: each declared in package.json) and logs it in. The undocumented members
// it needs are reached only through xmppInternals.ts.
//
// @xmpp/client's ready-made `client()` also answers iqs by itself (ping, and
// service-unavailable for every other get/set), reconnects, enables stream management,
// negotiates SASL2/Bind2/FAST and follows see-other-host redirects. A scansion client must
// send nothing the spec did not write, so only these parts are assembled here: TCP
// transport, stream features, STARTTLS (with our certificate policy), SASL (SCRAM-SHA-1 or
// PLAIN under the loopback rule) and resource binding.
import type { Socket } from "node:net";
import { isIP } from "node:net";
import { xml } from "@xmpp/client-core";
import type { Element } from "@xmpp/xml";
import tcp from "@xmpp/tcp";
import createMiddleware from "@xmpp/middleware";
import createStreamFeatures from "@xmpp/stream-features";
import sasl from "@xmpp/sasl";
import type { CredentialsFactory } from "@xmpp/sasl";
import saslAnonymous from "@xmpp/sasl-anonymous";
import saslPlain from "@xmpp/sasl-plain";
import saslScramSha1 from "@xmpp/sasl-scram-sha-1";
import SASLFactory from "saslmechanisms";
import { attachTlsSocket, ContainedClient, markBound, tcpSocketOf, TlsSocketWrapper } from "./xmppInternals";
import { XmppStreamError, describeCondition, formatAddress } from "./xmppErrors";
import { isLoopbackAddress } from "../network/loopback";
import { RELAXED_SECURITY_HINTS } from "./settings";

export const NS_STREAMS = "urn:ietf:params:xml:ns:xmpp-streams";
const NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls";
const NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind";
const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
export const NS_JABBER_STREAMS = "http://etherx.jabber.org/streams";
const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

export interface LoginTarget {
  /** Local part of the JID: the SASL username ("" for an anonymous login). */
  readonly username: string;
  /** Domain of the JID: the stream's `to`. */
  readonly domain: string;
  readonly password: string;
  /** SASL ANONYMOUS (RFC 4505, XEP-0175): no username or password; the server assigns the JID. */
  readonly anonymous: boolean;
  /** Resource to request at bind; the server picks one when absent. */
  readonly resource: string | undefined;
  readonly host: string;
  readonly port: number;
  readonly allowPlainOnNonLoopback: boolean;
  readonly acceptSelfSignedCertificate: boolean;
  readonly connectTimeoutMs: number;
  /** Id of the bind iq, so that its result can be kept out of the spec's queue. */
  readonly bindRequestId: string;
}

/** A client connection to exactly target.host:target.port, with no automatic behaviour. */
export class XmppEntity extends ContainedClient {
  readonly target: LoginTarget;
  /** SASL mechanisms in the server's latest stream features (for error messages). */
  offeredMechanisms: string[] = [];
  /** The TCP socket under the stream (and under TLS after STARTTLS). */
  tcpSocket: Socket | undefined;
  /** Settles when Node has released tcpSocket (its "close" event, after the handle is closed). */
  #socketReleased: Promise<void> = Promise.resolve();

  constructor(target: LoginTarget) {
    super({ service: `xmpp://${formatAddress(target.host, target.port)}`, domain: target.domain, timeout: target.connectTimeoutMs });
    this.target = target;
  }

  // Connect to the literal host and port (IPv6 literals included), without the URI round trip.
  override socketParameters(): { host: string; port: number } {
    return { host: this.target.host, port: this.target.port };
  }

  adoptSocket(socket: Socket): void {
    this.tcpSocket = socket;
    // Stanzas are small and a spec waits on each answer: Nagle's algorithm would hold a
    // second small write until the first is acknowledged (up to 40 ms with delayed ACKs).
    socket.setNoDelay(true);
    this.#socketReleased = new Promise((resolve) => socket.once("close", () => resolve()));
  }

  /** Destroys the TCP socket (if still open) and resolves once it is released. */
  async destroySocket(): Promise<void> {
    this.tcpSocket?.destroy();
    await this.#socketReleased;
  }
}

/** SASL mechanism to use, or the reason none may be used. SCRAM-SHA-1 is preferred; an anonymous login takes ANONYMOUS only. */
export function chooseSaslMechanism(options: {
  offered: readonly string[];
  secure: boolean;
  peerIsLoopback: boolean;
  allowPlainOnNonLoopback: boolean;
  anonymous?: boolean;
}): { mechanism: string } | { refused: "insecure-plain-refused" | "no-sasl-mechanism" | "anonymous-not-offered" } {
  if (options.anonymous) return options.offered.includes("ANONYMOUS") ? { mechanism: "ANONYMOUS" } : { refused: "anonymous-not-offered" };
  if (options.offered.includes("SCRAM-SHA-1")) return { mechanism: "SCRAM-SHA-1" };
  if (!options.offered.includes("PLAIN")) return { refused: "no-sasl-mechanism" };
  const plainAllowed = options.secure || options.peerIsLoopback || options.allowPlainOnNonLoopback;
  return plainAllowed ? { mechanism: "PLAIN" } : { refused: "insecure-plain-refused" };
}

/** Creates the entity with its stream features; nothing is sent before login(). */
export function createEntity(target: LoginTarget): XmppEntity {
  const entity = new XmppEntity(target);
  tcp({ entity });
  const middleware = createMiddleware({ entity });
  const streamFeatures = createStreamFeatures({ middleware });
  const where = formatAddress(target.host, target.port);
  entity.on("nonza", (element: Element) => {
    const mechanisms = element.is("features", NS_JABBER_STREAMS) ? element.getChild("mechanisms", NS_SASL) : undefined;
    if (mechanisms) entity.offeredMechanisms = mechanisms.getChildren("mechanism").map((mechanism) => mechanism.text());
  });

  // Feature handlers run in this order when several are offered at once.
  streamFeatures.use("starttls", NS_TLS, async () => {
    await upgradeToTls(entity, where);
  });

  const saslFactory = new SASLFactory();
  saslScramSha1(saslFactory);
  saslPlain(saslFactory);
  saslAnonymous(saslFactory);
  sasl({ streamFeatures, saslFactory }, chooseAndAuthenticate(entity) as unknown as CredentialsFactory<XmppEntity>);

  streamFeatures.use("bind", NS_BIND, async () => {
    await bindResource(entity);
  });
  return entity;
}

type Authenticate = (credentials: { username: string; password: string } | Record<string, never>, mechanism: string) => Promise<void>;

function chooseAndAuthenticate(entity: XmppEntity) {
  return async (authenticate: Authenticate, offered: string[]): Promise<void> => {
    const { target } = entity;
    const choice = chooseSaslMechanism({
      offered,
      secure: entity.isSecure(),
      peerIsLoopback: isLoopbackAddress(entity.tcpSocket?.remoteAddress),
      allowPlainOnNonLoopback: target.allowPlainOnNonLoopback,
      anonymous: target.anonymous,
    });
    if ("refused" in choice) {
      const where = formatAddress(target.host, target.port);
      // The features' nonza event comes after this handler: the mechanisms we support are what is known here.
      if (choice.refused === "anonymous-not-offered") throw anonymousNotOffered(where, target.domain, entity.offeredMechanisms.length > 0 ? entity.offeredMechanisms : offered);
      throw choice.refused === "insecure-plain-refused"
        ? new XmppStreamError("insecure-plain-refused",
          `refusing to send the password of ${target.username}@${target.domain} with SASL PLAIN over an unencrypted connection to ${where}, which is not loopback; ${RELAXED_SECURITY_HINTS.allowPlainOnNonLoopback}`)
        : noSupportedMechanism(where, entity.offeredMechanisms);
    }
    await authenticate(target.anonymous ? {} : { username: target.username, password: target.password }, choice.mechanism);
  };
}

async function upgradeToTls(entity: XmppEntity, where: string): Promise<void> {
  const reply = await entity.sendReceive(xml("starttls", { xmlns: NS_TLS }));
  if (!reply.is("proceed", NS_TLS)) throw new XmppStreamError("tls-failed", `${where} refused STARTTLS`);
  const { domain, acceptSelfSignedCertificate } = entity.target;
  const tlsSocket = new TlsSocketWrapper();
  const handshake = new Promise<void>((resolve, reject) => {
    tlsSocket.once("connect", () => resolve());
    tlsSocket.once("error", reject);
  });
  tlsSocket.on("error", () => {}); // later errors reach the entity once attached
  tlsSocket.connect({
    socket: entity.tcpSocket,
    host: domain,
    ...(isIP(domain) === 0 ? { servername: domain } : {}),
    rejectUnauthorized: !acceptSelfSignedCertificate,
  });
  try {
    await handshake;
  } catch (error) {
    const hint = acceptSelfSignedCertificate ? "" : `; ${RELAXED_SECURITY_HINTS.acceptSelfSignedCertificate}`;
    throw new XmppStreamError("tls-failed", `TLS handshake with ${where} failed: ${errorText(error)}${hint}`);
  }
  attachTlsSocket(entity, tlsSocket);
  await entity.restart();
}

async function bindResource(entity: XmppEntity): Promise<void> {
  const { resource, bindRequestId } = entity.target;
  const request = xml("iq", { type: "set", id: bindRequestId },
    xml("bind", { xmlns: NS_BIND }, ...(resource ? [xml("resource", {}, resource)] : [])));
  const reply = await sendAndAwaitReply(entity, request);
  const boundJid = reply.getChild("bind", NS_BIND)?.getChildText("jid");
  if (reply.attrs.type !== "result" || !boundJid) {
    const error = reply.getChild("error");
    const condition = error?.getChildElements().find((child) => child.getNS() === NS_STANZAS && child.name !== "text")?.name;
    const text = error?.getChildText("text", NS_STANZAS) ?? undefined;
    throw new XmppStreamError("login-refused",
      `resource binding refused for ${accountOf(entity.target)}${resource ? `/${resource}` : ""}: ${describeCondition(condition, text)}`,
      condition === undefined ? {} : { condition });
  }
  markBound(entity, boundJid);
}

function sendAndAwaitReply(entity: XmppEntity, request: Element): Promise<Element> {
  return new Promise((resolve, reject) => {
    const onStanza = (stanza: Element): void => {
      if (stanza.name !== "iq" || stanza.attrs.id !== request.attrs.id) return;
      cleanup();
      resolve(stanza);
    };
    const onDisconnect = (): void => {
      cleanup();
      reject(new XmppStreamError("connection-failed", "the server closed the connection during resource binding"));
    };
    const cleanup = (): void => {
      entity.off("stanza", onStanza);
      entity.off("disconnect", onDisconnect);
    };
    entity.on("stanza", onStanza);
    entity.on("disconnect", onDisconnect);
    entity.send(request).catch((error: unknown) => {
      cleanup();
      reject(error);
    });
  });
}

/**
 * Opens the TCP connection and the stream, then negotiates until bound. Resolves with the
 * bound full JID; on any failure the socket is destroyed and a typed one-line error thrown.
 */
export async function login(entity: XmppEntity, signal?: AbortSignal): Promise<string> {
  const { target } = entity;
  const where = formatAddress(target.host, target.port);
  const account = accountOf(target);
  let fail: (error: unknown) => void = () => {};
  const failures = new Promise<never>((_, reject) => { fail = reject; });
  const timer = setTimeout(() => fail(new XmppStreamError("connect-timeout",
    `timed out after ${target.connectTimeoutMs} ms connecting to ${where} as ${account} (${describeStage(entity.status)})`)),
  target.connectTimeoutMs);
  const onDisconnect = (): void => fail(new XmppStreamError("connection-failed", `${where} closed the connection while ${account} was logging in`));
  const onError = (error: unknown): void => fail(error);
  const onAbort = (): void => fail(new XmppStreamError("aborted", `connecting to ${where} as ${account} was cancelled`));
  entity.on("disconnect", onDisconnect);
  entity.on("error", onError);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  // Connection.start() leaves its own "online" promise unhandled when opening fails; these
  // steps are the same without that.
  const online = new Promise<void>((resolve) => entity.once("online", () => resolve()));
  const steps = (async () => {
    const connecting = entity.connect(`xmpp://${where}`);
    entity.adoptSocket(tcpSocketOf(entity));
    await connecting;
    await entity.open({ domain: target.domain });
    await online;
  })();
  steps.catch(() => {}); // a failure here is also reported through "error", "disconnect" or the deadline
  try {
    await Promise.race([steps, failures]);
    if (!entity.jid) throw new XmppStreamError("login-refused", `${where} bound no JID for ${account}`);
    return entity.jid.toString();
  } catch (error) {
    await entity.destroySocket();
    throw toStreamError(error, entity);
  } finally {
    clearTimeout(timer);
    entity.off("disconnect", onDisconnect);
    entity.off("error", onError);
    signal?.removeEventListener("abort", onAbort);
  }
}

function anonymousNotOffered(where: string, domain: string, offered: readonly string[]): XmppStreamError {
  return new XmppStreamError("no-sasl-mechanism",
    `${where} does not offer SASL ANONYMOUS on ${domain} (offered: ${offered.join(", ") || "none"}); an anonymous client needs a host that allows it (Prosody: authentication = "anonymous" on that VirtualHost)`);
}

/** How messages name the account logging in. */
function accountOf(target: LoginTarget): string {
  return target.anonymous ? `an anonymous client of ${target.domain}` : `${target.username}@${target.domain}`;
}

function noSupportedMechanism(where: string, offered: readonly string[]): XmppStreamError {
  return new XmppStreamError("no-sasl-mechanism", `${where} offers no supported SASL mechanism (offered: ${offered.join(", ") || "none"})`);
}

function describeStage(status: string): string {
  switch (status) {
    case "connecting": return "no TCP connection yet";
    case "connect":
    case "opening": return "no stream header from the server yet";
    default: return "stream negotiation did not finish";
  }
}

interface ErrorShape {
  name?: string;
  code?: string;
  condition?: string;
  text?: string;
  message?: string;
}

function toStreamError(error: unknown, entity: XmppEntity): XmppStreamError {
  if (error instanceof XmppStreamError) return error;
  const where = formatAddress(entity.target.host, entity.target.port);
  const account = accountOf(entity.target);
  const shape: ErrorShape = typeof error === "object" && error !== null ? error : {};
  const condition = shape.condition ? { condition: shape.condition } : {};
  if (shape.code === "ECONNREFUSED") return new XmppStreamError("connection-refused", `connection refused by ${where}`);
  if (shape.name === "SASLError" && shape.condition?.includes("No compatible mechanism")) {
    return noSupportedMechanism(where, entity.offeredMechanisms);
  }
  if (shape.name === "SASLError") {
    return new XmppStreamError("login-refused", `login refused for ${account}: ${describeCondition(shape.condition, shape.text)}`, condition);
  }
  if (shape.name === "StreamError") {
    return new XmppStreamError("connection-failed",
      `${where} ended the stream while ${account} was logging in: ${describeCondition(shape.condition, shape.text)}`, condition);
  }
  if (shape.name === "TimeoutError") {
    return new XmppStreamError("connect-timeout", `timed out connecting to ${where} as ${account}`);
  }
  return new XmppStreamError("connection-failed", `cannot connect to ${where} as ${account}: ${errorText(error)}`);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
