/**
 * How the editor phrases what a client definition says about its JIDs.
 */
import { bareJidOf, requestedResource } from "../language/semantics";
import type { ClientDefinition } from "../language/syntaxTree";

/** What `${Name's full JID}` will look like, e.g. "romeo@localhost/‹resource chosen by the server›". */
export function fullJidPreview(client: ClientDefinition): string | undefined {
  const bare = bareJidOf(client);
  if (bare === undefined) return undefined;
  return `${bare}/${requestedResource(client) ?? "‹resource chosen by the server›"}`;
}
