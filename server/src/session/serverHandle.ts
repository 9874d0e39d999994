/**
 * A server a run started, as everything above server/src/servers sees it, whatever its kind:
 * what it is (for the announcement), where clients connect when the server chose it, its pid
 * and log, and stop. Only the run session (runSession.ts) stops one.
 */
import type { SpecAccount } from "../runner/specAccounts";

import type { ServerCoverage } from "../servers/prosody/coverage/collector";

/** What was started, for the front ends' "server started" line. */
export type ServerIdentity =
  | {
    readonly kind: "prosody"; readonly version: string; readonly executable: string; readonly configPath: string;
    /** A module run's: the module and which config it used. */
    readonly module?: { readonly name: string; readonly folder: string; readonly config: string } | undefined;
  }
  | { readonly kind: "command"; readonly startCommand: string }
  | { readonly kind: "ejabberd"; readonly configPath: string; readonly startupMs: number };

export interface ServerHandle {
  readonly identity: ServerIdentity;
  /** Where clients connect when the server chose it (a throwaway server's free port); undefined: where the target says. */
  readonly address: { readonly host: string; readonly port: number } | undefined;
  /** The server's own pid (a start command's: the command's). */
  readonly pid: number | undefined;
  readonly logFile: string | undefined;
  /** A Prosody started to count its Lua lines: them, or why they were lost, once it has stopped. */
  readonly coverage?: Promise<ServerCoverage> | undefined;
  /** A server that creates no account on login (ejabberd): registers the spec's accounts before it runs. */
  prepareFor?(accounts: readonly SpecAccount[]): Promise<void>;
  /** The run started this server with a self-signed certificate: its clients trust it. */
  readonly trustsOwnCertificate?: true;
  /** Ends the server; idempotent, never throws. */
  stop(): Promise<void>;
}
