// The one place that touches xmpp.js internals (@xmpp/* 0.14): the runner assembles a
// client from its parts (xmppConnection.ts) and needs a few members the packages do not
// document. Each is named here, with why; xmppInternals.test.ts checks every one of them
// against the installed packages, so an upgrade that renames or drops one fails there,
// by name, instead of somewhere in a login.
import type { Socket } from "node:net";
import { Client } from "@xmpp/client-core";
import TlsSocketWrapper from "@xmpp/tls/lib/Socket.js";

export { TlsSocketWrapper };

/** The @xmpp/* version line these internals were read from (the test compares the installed one). */
export const XMPP_JS_VERSION_LINE = "0.14.";

/** Members of `Connection` (@xmpp/connection) that the composed features need. */
interface ConnectionInternals {
  /** Puts a new socket (the TLS one after STARTTLS) under the stream. */
  _attachSocket(socket: TlsSocketWrapper): void;
  /** Sets `jid` (what @xmpp/resource-binding does after bind). */
  _jid(address: string): unknown;
  /** Emits "online" (what @xmpp/resource-binding does after bind). */
  _ready(resumed: boolean): void;
}

/**
 * A `Client` with two of `Connection`'s behaviours changed: socket data after the stream
 * ended is ignored (Connection feeds it to a detached parser, an uncaught TypeError), and
 * see-other-host redirects are not followed (a scansion run must not).
 */
export class ContainedClient extends Client {
  _onData(data: Buffer): void {
    if (this.parser) (Client.prototype as unknown as { _onData(data: Buffer): void })._onData.call(this, data);
  }

  _onSeeOtherHost(): void {}
}

function internalsOf(entity: Client): ConnectionInternals {
  return entity as unknown as ConnectionInternals;
}

/** After STARTTLS: the stream continues over `tlsSocket`. */
export function attachTlsSocket(entity: Client, tlsSocket: TlsSocketWrapper): void {
  internalsOf(entity)._attachSocket(tlsSocket);
}

/** After resource binding: the entity's `jid` is `boundJid` and it goes "online". */
export function markBound(entity: Client, boundJid: string): void {
  const internals = internalsOf(entity);
  internals._jid(boundJid);
  internals._ready(false);
}

/** The TCP socket @xmpp/tcp opened (typed as its own Socket wrapper in @xmpp's typings). */
export function tcpSocketOf(entity: Client): Socket {
  return entity.socket as unknown as Socket;
}
