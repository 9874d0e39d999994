// Types for the parts of @xmpp/client 0.14 that ship none (all are dependencies of
// @xmpp/client itself, installed with it). Only what xmppConnection.ts uses is declared.

declare module "@xmpp/tcp" {
  import type { Client } from "@xmpp/client-core";
  /** Registers the plain TCP transport (`xmpp://host:port`) on the entity. */
  export default function tcp(parts: { entity: Client }): void;
}

declare module "@xmpp/sasl-plain" {
  import type SASLFactory from "saslmechanisms";
  export default function saslPlain(factory: SASLFactory): void;
}

declare module "@xmpp/sasl-scram-sha-1" {
  import type SASLFactory from "saslmechanisms";
  export default function saslScramSha1(factory: SASLFactory): void;
}

declare module "@xmpp/tls/lib/Socket.js" {
  import type { EventEmitter } from "node:events";
  import type { ConnectionOptions, TLSSocket } from "node:tls";
  /** Wraps a TLS socket; emits `connect` once the handshake succeeded, `error` otherwise. */
  export default class TlsSocketWrapper extends EventEmitter {
    readonly secure: true;
    socket: TLSSocket | null;
    connect(options: ConnectionOptions): void;
    end(): void;
    write(data: string, callback: (error?: Error) => void): void;
  }
}
