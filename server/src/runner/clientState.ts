/**
 * What the runner knows about each character of a spec while it runs: its
 * definition, its live connection, the full JID it was bound to; and the values
 * captures bound so far. Answers `${...}` variables from that knowledge.
 */
import type { ClientDefinition, SpecDocument, VariableKind } from "../language/syntaxTree";
import type { ClientJids } from "../language/jid";
import { bareJidOf, logsInAnonymously } from "../language/semantics";
import { bareJid } from "../language/jid";
import type { CaptureResolver, VariableResolver } from "../language/variables";
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
  const bare = bareJidNow(client);
  return { ...(bare !== undefined ? { bare } : {}), ...(client.fullJid !== undefined ? { full: client.fullJid } : {}) };
}

/** `${X's JID}` now: from its `jid:`, or for an anonymous client the bare part of what the server assigned. */
function bareJidNow(client: ClientState): string | undefined {
  if (logsInAnonymously(client.definition)) return client.fullJid === undefined ? undefined : bareJid(client.fullJid);
  return bareJidOf(client.definition);
}

export class Cast {
  private readonly clients = new Map<string, ClientState>();
  /** Bound by `{scansion:capture:NAME}`; a later binding of a name replaces the earlier one. */
  private readonly captures = new Map<string, string>();

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
    return kind === "full JID" ? client.fullJid : bareJidNow(client);
  };

  /** The `${NAME}` resolver: the value last captured as NAME. */
  readonly captured: CaptureResolver = (name: string) => this.captures.get(name);

  bindCaptures(captures: Readonly<Record<string, string>>): void {
    for (const [name, value] of Object.entries(captures)) this.captures.set(name, value);
  }

  /** Every captured value, by name (a plain object: a capture named "__proto__" stays an entry). */
  capturedValues(): Record<string, string> {
    return Object.fromEntries(this.captures);
  }

  /** Why a variable could not be resolved, in words for the failure message. */
  explainUnresolved(name: string, kind: VariableKind): string {
    const client = this.clients.get(name);
    if (!client) return `\${${name}'s ${kind}} names no defined client`;
    if (kind === "full JID") return `\${${name}'s full JID} is not known before ${name} connects`;
    if (logsInAnonymously(client.definition)) return `\${${name}'s JID} is not known before ${name} connects: the server assigns it (anonymous login)`;
    return `\${${name}'s JID} needs a jid: property on ${name}`;
  }
}
