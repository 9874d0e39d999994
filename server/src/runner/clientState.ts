/**
 * What the runner knows about each character of a spec while it runs: its
 * definition, its live connection, the full JID it was bound to. Also answers
 * `${...}` variables from that knowledge.
 */
import type { ClientDefinition, SpecDocument, VariableKind } from "../language/syntaxTree";
import type { ClientJids } from "../language/jid";
import { bareJidOf } from "../language/semantics";
import type { VariableResolver } from "../language/variables";
import type { ClientConnection } from "./connectionContract";

export type ConnectionState = "never-connected" | "connected" | "disconnected";

export interface ClientState {
  readonly name: string;
  readonly definition: ClientDefinition;
  state: ConnectionState;
  connection: ClientConnection | undefined;
  /** Bound at the latest connect; kept after disconnect (docs/scansion-language.md §1.8). */
  fullJid: string | undefined;
  /** Set when the server closed the stream and no step has reported it yet. */
  unreportedLoss: string | undefined;
  /** 1-based line of the client's latest action, to place a late failure. */
  lastActionLine: number | undefined;
}

/** What the client's variables stand for now (the full JID once it has connected). */
export function jidsOf(client: ClientState): ClientJids {
  const bare = bareJidOf(client.definition);
  return { ...(bare !== undefined ? { bare } : {}), ...(client.fullJid !== undefined ? { full: client.fullJid } : {}) };
}

export class Cast {
  private readonly clients = new Map<string, ClientState>();

  constructor(doc: SpecDocument) {
    for (const definition of doc.clients) {
      const name = definition.name.text;
      if (!this.clients.has(name)) {
        this.clients.set(name, { name, definition, state: "never-connected", connection: undefined, fullJid: undefined, unreportedLoss: undefined, lastActionLine: undefined });
      }
    }
  }

  get(name: string): ClientState | undefined {
    return this.clients.get(name);
  }

  all(): ClientState[] {
    return [...this.clients.values()];
  }

  /** The `${X's JID}` / `${X's full JID}` resolver for substitution; undefined = not known (yet). */
  readonly resolve: VariableResolver = (name: string, kind: VariableKind) => {
    const client = this.clients.get(name);
    if (!client) return undefined;
    return kind === "full JID" ? client.fullJid : bareJidOf(client.definition);
  };

  /** Why a variable could not be resolved, in words for the failure message. */
  explainUnresolved(name: string, kind: VariableKind): string {
    const client = this.clients.get(name);
    if (!client) return `\${${name}'s ${kind}} names no defined client`;
    if (kind === "full JID") return `\${${name}'s full JID} is not known before ${name} connects`;
    return `\${${name}'s JID} needs a jid: property on ${name}`;
  }
}
