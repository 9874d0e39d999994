// Types for the @xmpp 0.14 parts that ship none (each is declared in package.json). Only
// what xmppConnection.ts and xmppInternals.ts use is declared.

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

declare module "@xmpp/sasl-anonymous" {
  import type SASLFactory from "saslmechanisms";
  export default function saslAnonymous(factory: SASLFactory): void;
}
