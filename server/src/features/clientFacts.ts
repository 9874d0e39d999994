/**
 * How the editor phrases what a client definition says about its JIDs.
 */
import { bareJidOf, logsInAnonymously, propertyValue, requestedResource } from "../language/semantics";
import type { ClientDefinition } from "../language/syntaxTree";

/** What `${Name's JID}` will look like: its bare JID, or for an anonymous client "‹assigned by the server›@domain". */
export function bareJidPreview(client: ClientDefinition): string | undefined {
  return logsInAnonymously(client) ? `‹assigned by the server›@${propertyValue(client, "jid")}` : bareJidOf(client);
}

/** What `${Name's full JID}` will look like, e.g. "romeo@localhost/‹resource chosen by the server›". */
export function fullJidPreview(client: ClientDefinition): string | undefined {
  const bare = bareJidPreview(client);
  if (bare === undefined) return undefined;
  return `${bare}/${requestedResource(client) ?? "‹resource chosen by the server›"}`;
}
