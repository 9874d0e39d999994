/**
 * JIDs as scansion reads them (`user@domain/resource`): the one place that
 * splits a JID into its parts and decides whether it can log in. Plain string
 * rules; no stringprep (the server has the last word).
 */

/** What a client's `${X's JID}` and `${X's full JID}` stand for in a run; never its password. */
export interface ClientJids {
  /** From its `jid:` property; absent when it has none. */
  readonly bare?: string;
  /** Bound at its latest connect; absent when it never connected. */
  readonly full?: string;
}

/** `romeo@localhost/phone` → `romeo@localhost`; a JID without resource is returned as is. */
export function bareJid(jid: string): string {
  const slash = jid.indexOf("/");
  return slash < 0 ? jid : jid.slice(0, slash);
}

/** The resource part of a JID (after the first `/`), or undefined when there is none. */
export function resourceOf(jid: string): string | undefined {
  const slash = jid.indexOf("/");
  return slash < 0 || slash === jid.length - 1 ? undefined : jid.slice(slash + 1);
}

/** The domain part: `romeo@localhost/phone` → `localhost` (a JID without `@` is all domain). */
export function domainOf(jid: string): string {
  const bare = bareJid(jid);
  return bare.slice(bare.indexOf("@") + 1);
}

/**
 * A bare domain (`anon.localhost`): with no password, the client logs in with SASL
 * ANONYMOUS and the server assigns its JID (docs/scansion-language.md §1.9a).
 */
export function isDomainOnly(jid: string): boolean {
  return jid !== "" && !/[\s@/<>"'&]/.test(jid);
}

/**
 * Why a client's jid cannot be used to log in (a short clause), or undefined when it is fine.
 * A bare domain is fine only for an anonymous login (`anonymous`: the client has no password).
 */
export function jidProblem(jid: string, anonymous = false): string | undefined {
  if (jid === "") return "it is empty";
  if (/\s/.test(jid)) return "it contains whitespace";
  if (anonymous && isDomainOnly(jid)) return undefined;
  const bare = bareJid(jid);
  if (bare !== jid && resourceOf(jid) === undefined) return "the resource after '/' is empty";
  const at = bare.indexOf("@");
  if (at < 0) return "it has no user part before '@'";
  if (at === 0) return "the user part before '@' is empty";
  if (bare.indexOf("@", at + 1) >= 0) return "it contains more than one '@' before the resource";
  if (domainOf(bare) === "") return "the domain after '@' is empty";
  if (/[<>"'&]/.test(bare)) return "it contains characters a JID may not hold";
  return undefined;
}
