/**
 * A connection the runner keeps open on a server it started for one spec, from
 * before the spec's first action until after its last client has gone.
 *
 * Why: Prosody's test config loads mod_debug_reset, which resets the hosts
 * whenever the last client session ends. A spec whose clients are all offline
 * for a moment (keep_full_sub_req.scs: "Alice disconnects", then "Bob
 * connects") would otherwise reset the server in the middle of the spec, and
 * whether memory storage survives a reset depends on Lua's garbage collector
 * (mod_storage_memory's tables live in a weak registry). With the hold, a
 * reset can only happen after the spec, so the spec's outcome no longer
 * depends on the server's GC timing (docs/LANGUAGE-DECISIONS.md #14).
 *
 * The hold logs in as a JID no spec uses (`scansion-hold-<random>@<domain of
 * the spec's first client>`; anonymously when the spec's clients all are), sends
 * nothing, never sends presence, so no client of the spec can see it.
 */
import { randomBytes } from "node:crypto";
import type { SpecDocument } from "../language/syntaxTree";
import { domainOf, jidProblem } from "../language/jid";
import { logsInAnonymously, propertyValue } from "../language/semantics";
import { ConnectFailure, type Connector } from "./connectionContract";
import type { RunSettings } from "./settings";

/**
 * Ends the hold by dropping its connection, once its server is being stopped (a graceful
 * close would only make Prosody run its reset first).
 */
export type ReleaseHold = () => void;

/** The domain the spec's clients log in to, from the first client whose JID can log in (language/jid.ts). */
export function holdDomainOf(doc: SpecDocument): string | undefined {
  for (const client of doc.clients) {
    const jid = propertyValue(client, "jid");
    if (jid !== undefined && jidProblem(jid) === undefined) return domainOf(jid);
  }
  return undefined;
}

/** The domain of the first anonymous client, for a spec whose clients all log in anonymously. */
function anonymousDomainOf(doc: SpecDocument): string | undefined {
  const client = doc.clients.find(logsInAnonymously);
  return client === undefined ? undefined : propertyValue(client, "jid");
}

/**
 * Opens the hold on the server the settings name. Resolves with how to release
 * it, or with a one-line reason when the server refused it (the spec then runs
 * without one, as against any shared server).
 */
export async function holdServer(doc: SpecDocument, settings: RunSettings, connector: Connector): Promise<ReleaseHold | string> {
  const domain = holdDomainOf(doc);
  const anonymousDomain = domain === undefined ? anonymousDomainOf(doc) : undefined;
  if (domain === undefined && anonymousDomain === undefined) return "the spec names no client JID";
  if (settings.host === undefined || settings.port === undefined) return "the run names no server";
  try {
    const connection = await connector({
      ...(anonymousDomain !== undefined
        ? { jid: anonymousDomain, password: undefined }
        : { jid: `scansion-hold-${randomBytes(6).toString("hex")}@${domain}`, password: randomBytes(12).toString("hex") }),
      host: settings.host,
      port: settings.port,
      allowPlainOnNonLoopback: settings.allowPlainOnNonLoopback,
      acceptSelfSignedCertificate: settings.acceptSelfSignedCertificate,
      connectTimeoutMs: settings.connectTimeoutMs,
    });
    return () => connection.destroy();
  } catch (error) {
    if (error instanceof ConnectFailure) return error.message;
    throw error;
  }
}
