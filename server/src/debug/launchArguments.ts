/**
 * The `launch` arguments of a scansion debug session (the attributes of a
 * `"type": "scansion"` launch configuration), checked and turned into run
 * settings. Defaults are the runner's (DEFAULT_RUN_SETTINGS).
 */
import path from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DEFAULT_RUN_SETTINGS, type MismatchPolicy, type RunSettings } from "../runner/settings";

export interface ScansionLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** The spec to debug (absolute, or relative to the adapter's working directory). */
  readonly program?: unknown;
  /** Host every client connects to (default: each client's connect_host, else its JID's domain). */
  readonly host?: unknown;
  /** Port every client connects to (default: each client's connect_port, else 5222). */
  readonly port?: unknown;
  /** Receive timeout per expected stanza, milliseconds. */
  readonly timeout?: unknown;
  readonly mismatchPolicy?: unknown;
  /** Trust a self-signed TLS certificate (the CLI's --accept-self-signed). */
  readonly acceptSelfSignedCertificate?: unknown;
  /** SASL PLAIN without TLS to a server that is not loopback (the CLI's --allow-plain). */
  readonly allowPlain?: unknown;
  /** Pause before the first action. */
  readonly stopOnEntry?: unknown;
}

export interface DebugLaunch {
  readonly program: string;
  readonly settings: RunSettings;
  readonly stopOnEntry: boolean;
}

const POLICIES: readonly MismatchPolicy[] = ["skip-unmatched", "strict-sequence"];

/** The launch, or one line saying which attribute is wrong. */
export function readLaunchArguments(args: ScansionLaunchArguments, workingDirectory = process.cwd()): DebugLaunch | { readonly error: string } {
  const { program, host, port, timeout, mismatchPolicy, stopOnEntry, acceptSelfSignedCertificate, allowPlain } = args;
  if (typeof program !== "string" || program.trim() === "") return { error: 'The launch configuration needs "program": the .scs spec to debug, e.g. "${file}".' };
  if (host !== undefined && (typeof host !== "string" || host.trim() === "")) return { error: '"host" must be a host name or address, e.g. "localhost".' };
  if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) return { error: '"port" must be a port number (1–65535).' };
  if (timeout !== undefined && !(Number.isInteger(timeout) && (timeout as number) >= 1)) return { error: '"timeout" must be a whole number of milliseconds, at least 1.' };
  if (mismatchPolicy !== undefined && !POLICIES.includes(mismatchPolicy as MismatchPolicy)) return { error: `"mismatchPolicy" must be one of ${POLICIES.map((p) => `"${p}"`).join(", ")}.` };
  if (stopOnEntry !== undefined && typeof stopOnEntry !== "boolean") return { error: '"stopOnEntry" must be true or false.' };
  if (acceptSelfSignedCertificate !== undefined && typeof acceptSelfSignedCertificate !== "boolean") return { error: '"acceptSelfSignedCertificate" must be true or false.' };
  if (allowPlain !== undefined && typeof allowPlain !== "boolean") return { error: '"allowPlain" must be true or false.' };
  const settings: RunSettings = {
    ...DEFAULT_RUN_SETTINGS,
    ...(host !== undefined ? { host: (host as string).trim() } : {}),
    ...(port !== undefined ? { port: port as number } : {}),
    ...(timeout !== undefined ? { receiveTimeoutMs: timeout as number } : {}),
    ...(mismatchPolicy !== undefined ? { mismatchPolicy: mismatchPolicy as MismatchPolicy } : {}),
    acceptSelfSignedCertificate: acceptSelfSignedCertificate === true,
    allowPlainOnNonLoopback: allowPlain === true,
  };
  return { program: path.resolve(workingDirectory, program), settings, stopOnEntry: stopOnEntry === true };
}
