/**
 * Small lookups every reader of the tree needs: which client a name means,
 * a client's properties, the JIDs it asks for (JID rules are jid.ts's). Pure functions; the tree
 * itself keeps names as written.
 */
import { bareJid, isDomainOnly, resourceOf } from "./jid";
import type { Action, ClientDefinition, ClientProperty, SpecDocument } from "./syntaxTree";

/** Property keys scansion knows (`resource` is our reading of an undocumented key, see docs/scansion-language.md §1.3). */
export const KNOWN_PROPERTY_KEYS = ["jid", "password", "resource", "connect_host", "connect_port"] as const;
export type KnownPropertyKey = (typeof KNOWN_PROPERTY_KEYS)[number];

const indexes = new WeakMap<SpecDocument, ReadonlyMap<string, ClientDefinition>>();

/** Client definitions by name; for a name defined twice, the first definition. */
export function clientsByName(document: SpecDocument): ReadonlyMap<string, ClientDefinition> {
  let index = indexes.get(document);
  if (index === undefined) {
    const byName = new Map<string, ClientDefinition>();
    for (const client of document.clients) {
      if (!byName.has(client.name.text)) byName.set(client.name.text, client);
    }
    index = byName;
    indexes.set(document, index);
  }
  return index;
}

/** The definition of client `name` (exact, case-sensitive match), if any. */
export function findClient(document: SpecDocument, name: string): ClientDefinition | undefined {
  return clientsByName(document).get(name);
}

/** The client an action line names; undefined when that name is not defined. */
export function clientOfAction(document: SpecDocument, action: Action): ClientDefinition | undefined {
  return findClient(document, action.client.text);
}

/**
 * The property line for `key`. When a key is written twice the last one
 * counts, as with any later assignment of the same key.
 */
export function findProperty(client: ClientDefinition, key: KnownPropertyKey | string): ClientProperty | undefined {
  for (let i = client.properties.length - 1; i >= 0; i--) {
    const property = client.properties[i];
    if (property?.key.text === key) return property;
  }
  return undefined;
}

/** The value of property `key`, or undefined when the client does not set it. */
export function propertyValue(client: ClientDefinition, key: KnownPropertyKey | string): string | undefined {
  return findProperty(client, key)?.value.text;
}

/**
 * A client whose `jid:` is a bare domain and who has no `password:`: it logs in with SASL
 * ANONYMOUS, and its JIDs are the ones the server assigns at connect.
 */
export function logsInAnonymously(client: ClientDefinition): boolean {
  const jid = propertyValue(client, "jid");
  return jid !== undefined && isDomainOnly(jid) && findProperty(client, "password") === undefined;
}

/**
 * `${Name's JID}`: the bare part of the client's `jid:` property; undefined when it has
 * none, or when it logs in anonymously (the server assigns it at connect).
 */
export function bareJidOf(client: ClientDefinition): string | undefined {
  const jid = propertyValue(client, "jid");
  return jid === undefined || jid === "" || logsInAnonymously(client) ? undefined : bareJid(jid);
}

/**
 * The resource the client asks for at bind: the one in its `jid:`, else its
 * `resource:` property; undefined when the server chooses.
 */
export function requestedResource(client: ClientDefinition): string | undefined {
  const jid = propertyValue(client, "jid");
  return (jid === undefined ? undefined : resourceOf(jid)) ?? (propertyValue(client, "resource") || undefined);
}
