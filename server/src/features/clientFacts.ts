/**
 * What a client definition says about its JIDs, phrased for the editor.
 * (Helpers that semantics.ts does not offer; they build on it.)
 */
import { bareJid, propertyValue, resourceOf } from "../language/semantics";
import type { ClientDefinition } from "../language/syntaxTree";

/** `${Name's JID}`: the bare part of the `jid:` property. */
export function bareJidOf(client: ClientDefinition): string | undefined {
  const jid = propertyValue(client, "jid");
  return jid === undefined || jid === "" ? undefined : bareJid(jid);
}

/**
 * The resource the client asks for at bind: the one in its `jid:`, else its
 * `resource:` property; undefined when the server chooses.
 */
export function requestedResource(client: ClientDefinition): string | undefined {
  const jid = propertyValue(client, "jid");
  return (jid === undefined ? undefined : resourceOf(jid)) ?? (propertyValue(client, "resource") || undefined);
}

/** What `${Name's full JID}` will look like, e.g. "romeo@localhost/‹resource chosen by the server›". */
export function fullJidPreview(client: ClientDefinition): string | undefined {
  const bare = bareJidOf(client);
  if (bare === undefined) return undefined;
  return `${bare}/${requestedResource(client) ?? "‹resource chosen by the server›"}`;
}
