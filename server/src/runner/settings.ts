/**
 * How a run connects and waits. The CLI fills these from its flags, the
 * extension from `scansion.*` settings; defaults are the same for both.
 */
/**
 * What `receives` does with a stanza that does not match:
 * - skip-unmatched (default): non-matching stanzas are discarded (and noted in the transcript)
 *   until one matches or the timeout. Prosody's own suite needs it (docs/LANGUAGE-DECISIONS.md);
 * - strict-sequence: the next queued stanza must match, else the step fails (scansion's older documented rule).
 */
export type MismatchPolicy = "strict-sequence" | "skip-unmatched";

export interface RunSettings {
  /** Connect every client here instead of connect_host / the JID's domain. */
  readonly host?: string;
  /** Connect every client to this port instead of connect_port / 5222. */
  readonly port?: number;
  /** How long one `receives` waits for each expected stanza. */
  readonly receiveTimeoutMs: number;
  /** How long connecting and logging in one client may take. */
  readonly connectTimeoutMs: number;
  /** How long `receives: nothing` keeps listening after its ping barrier. */
  readonly quietPeriodMs: number;
  readonly mismatchPolicy: MismatchPolicy;
  /** SASL PLAIN without TLS is allowed to loopback only, unless this is set. */
  readonly allowPlainOnNonLoopback: boolean;
  readonly acceptSelfSignedCertificate: boolean;
}

export const DEFAULT_RUN_SETTINGS: RunSettings = {
  receiveTimeoutMs: 5000,
  connectTimeoutMs: 5000,
  quietPeriodMs: 100,
  mismatchPolicy: "skip-unmatched",
  allowPlainOnNonLoopback: false,
  acceptSelfSignedCertificate: false,
};

/**
 * How a person turns on each relaxed security option, for the errors that
 * would not have happened with it: the editor's target and launch attribute,
 * and the CLI's flag (one place, so every front end's message names all of them).
 */
export const RELAXED_SECURITY_HINTS = {
  acceptSelfSignedCertificate: 'to trust a self-signed certificate, set "acceptSelfSignedCertificate": true on the target (scansion.targets) or in the launch configuration, or pass --accept-self-signed',
  allowPlainOnNonLoopback: 'to allow it, set "allowPlain": true on the target (scansion.targets) or in the launch configuration, or pass --allow-plain',
} as const satisfies Partial<Record<keyof RunSettings, string>>;
