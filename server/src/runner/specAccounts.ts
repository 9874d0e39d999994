/**
 * The accounts a spec's clients log in as: each bare JID with its password, once. A server
 * that does not create accounts on first login (ejabberd) registers them before the spec.
 * Passwords leave the runner only here, for the server the run started itself.
 */
import type { SpecDocument } from "../language/syntaxTree";
import { domainOf, jidProblem } from "../language/jid";
import { bareJidOf, propertyValue } from "../language/semantics";

export interface SpecAccount {
  /** The bare JID, e.g. "romeo@localhost". */
  readonly jid: string;
  /** Its local part ("romeo") and domain ("localhost"). */
  readonly user: string;
  readonly domain: string;
  readonly password: string;
}

/** Every client's account that can log in (a JID with a local part, a password), in spec order; the first password of a JID wins. */
export function specAccounts(doc: SpecDocument): readonly SpecAccount[] {
  const accounts = new Map<string, SpecAccount>();
  for (const client of doc.clients) {
    const jid = propertyValue(client, "jid");
    const bare = bareJidOf(client);
    const password = propertyValue(client, "password");
    if (jid === undefined || bare === undefined || password === undefined || jidProblem(jid) !== undefined || !bare.includes("@")) continue;
    if (!accounts.has(bare)) accounts.set(bare, { jid: bare, user: bare.slice(0, bare.indexOf("@")), domain: domainOf(bare), password });
  }
  return [...accounts.values()];
}
