/**
 * Where a run connects: the `scansion.server.*` settings (the default target)
 * and the named `scansion.targets`. Pure (no `vscode`): the settings arrive as
 * plain values, so every rule here is unit-tested.
 */
import path from "node:path";
import { DEFAULT_RUN_SETTINGS, type MismatchPolicy, type RunSettings } from "@server/runner/settings";
import type { RunTarget } from "@server/session/runTarget";
import { readTargetEntries, type TargetEntry } from "@server/session/targetEntries";

export interface ServerTarget {
  /** Stable id: "" for the default target, "target:NAME" for a named one. */
  readonly id: string;
  readonly name: string;
  /** Undefined: each client's connect_host or its JID's domain. */
  readonly host: string | undefined;
  /** Undefined: each client's connect_port or 5222. */
  readonly port: number | undefined;
  /** Receive timeout for this target; undefined: `scansion.timeout`. */
  readonly timeoutMs: number | undefined;
  /** Only the default target may start a throwaway server (`scansion.server.startCommand` belongs to it). */
  readonly isDefault: boolean;
  /** Trust a self-signed TLS certificate (a development server's default setup); off when not set. */
  readonly acceptSelfSignedCertificate?: boolean;
  /** SASL PLAIN without TLS to a server that is not loopback; off when not set. */
  readonly allowPlain?: boolean;
  /** A Prosody target: a throwaway Prosody with this config (unchanged) for each run; host and port come from it. */
  readonly prosody?: ProsodyTarget;
  /** An ejabberd target: a throwaway ejabberd for each run (config undefined: the project's); host and port come from it. */
  readonly ejabberd?: { readonly config: string | undefined };
}

export interface ProsodyTarget {
  /** Absolute path of the config. */
  readonly config: string;
  /** The launcher; undefined: ./prosody of the built source tree the config lies in, else prosody on PATH. */
  readonly executable: string | undefined;
}

/** The `scansion` settings as read, before validation. */
export interface RawConnectionSettings {
  readonly host?: unknown;
  readonly port?: unknown;
  readonly timeout?: unknown;
  readonly targets?: unknown;
  readonly mismatchPolicy?: unknown;
  /** `scansion.server.startCommand`: a default target that starts its own server counts as configured. */
  readonly startCommand?: unknown;
  /** `scansion.prosody.config` (absolute, or relative to `workspaceFolder`). */
  readonly prosodyConfig?: unknown;
  /** `scansion.prosody.executable` (absolute, or relative to `workspaceFolder`). */
  readonly prosodyExecutable?: unknown;
  /** The workspace folder the Prosody paths are relative to. */
  readonly workspaceFolder?: string;
  /** The folder's spec/scansion/prosody.cfg.lua when it exists (a Prosody checkout's layout). */
  readonly checkoutConfig?: string;
}

export interface TargetList {
  /** The default target first, then the named ones in settings order. */
  readonly targets: readonly ServerTarget[];
  /** Entries that were ignored, and why (shown once in the output channel). */
  readonly problems: readonly string[];
  /** `scansion.timeout`, or the runner's default. */
  readonly timeoutMs: number;
  /** `scansion.mismatchPolicy`, or the runner's default; the same for every target. */
  readonly mismatchPolicy: MismatchPolicy;
  /** The target runs go to when none was chosen: the Prosody target when nothing else is configured. */
  readonly fallbackId?: string;
}

const MISMATCH_POLICIES: readonly MismatchPolicy[] = ["skip-unmatched", "strict-sequence"];

export const DEFAULT_TARGET_ID = "";

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function port(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 65535 ? value : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
}

export function readTargets(raw: RawConnectionSettings): TargetList {
  const problems: string[] = [];
  const defaultTarget: ServerTarget = {
    id: DEFAULT_TARGET_ID,
    name: "Default server",
    host: text(raw.host),
    port: port(raw.port),
    timeoutMs: undefined,
    isDefault: true,
  };
  if (raw.port !== undefined && raw.port !== null && defaultTarget.port === undefined) {
    problems.push(`scansion.server.port: ${JSON.stringify(raw.port)} is not a port number (1-65535); using each client's own port`);
  }
  const targets: ServerTarget[] = [defaultTarget];
  const entries = Array.isArray(raw.targets) ? raw.targets : [];
  const folder = raw.workspaceFolder;
  const reading = readTargetEntries(raw.targets, { where: "scansion.targets", resolvePath: (value) => resolveInFolder(value, folder), takenNames: [defaultTarget.name] });
  problems.push(...reading.problems);
  for (const entry of reading.entries) targets.push(targetOfEntry(entry));
  const mismatchPolicy = MISMATCH_POLICIES.find((policy) => policy === raw.mismatchPolicy);
  if (raw.mismatchPolicy !== undefined && mismatchPolicy === undefined) {
    problems.push(`scansion.mismatchPolicy: ${JSON.stringify(raw.mismatchPolicy)} is not one of ${MISMATCH_POLICIES.join(", ")}; using ${DEFAULT_RUN_SETTINGS.mismatchPolicy}`);
  }
  const prosody = prosodyTarget(raw);
  // With nothing else configured, runs go to the Prosody target: a checkout runs with no settings.
  const nothingElse = entries.length === 0 && defaultTarget.host === undefined && defaultTarget.port === undefined && text(raw.startCommand) === undefined;
  if (prosody) targets.push(prosody);
  return {
    targets, problems, timeoutMs: positive(raw.timeout) ?? DEFAULT_RUN_SETTINGS.receiveTimeoutMs, mismatchPolicy: mismatchPolicy ?? DEFAULT_RUN_SETTINGS.mismatchPolicy,
    ...(prosody && nothingElse ? { fallbackId: prosody.id } : {}),
  };
}

export const PROSODY_TARGET_ID = "prosody";

/** A `scansion.targets` entry as the editor's target (targetEntries.ts read it). */
function targetOfEntry(entry: TargetEntry): ServerTarget {
  const switches = {
    ...(entry.acceptSelfSignedCertificate ? { acceptSelfSignedCertificate: true } : {}),
    ...(entry.allowPlain ? { allowPlain: true } : {}),
  };
  const common = { id: `target:${entry.name}`, name: entry.name, timeoutMs: entry.timeoutMs, isDefault: false, ...switches };
  switch (entry.server.kind) {
    case "address": return { ...common, host: entry.server.host, port: entry.server.port };
    case "prosody": return { ...common, host: undefined, port: undefined, prosody: { config: entry.server.config, executable: entry.server.executable } };
    case "ejabberd": return { ...common, host: undefined, port: undefined, ejabberd: { config: entry.server.config } };
  }
}

/** A path from the settings: `${workspaceFolder}` filled in, relative ones relative to the folder. */
function resolveInFolder(value: string, folder: string | undefined): string {
  const expanded = folder === undefined ? value : value.replaceAll("${workspaceFolder}", folder);
  return folder === undefined || path.isAbsolute(expanded) ? expanded : path.join(folder, expanded);
}

/** The Prosody target of `scansion.prosody.config`, else of the checkout's spec/scansion/prosody.cfg.lua. */
function prosodyTarget(raw: RawConnectionSettings): ServerTarget | undefined {
  const folder = raw.workspaceFolder;
  const resolve = (value: string) => resolveInFolder(value, folder);
  const configured = text(raw.prosodyConfig);
  const config = configured !== undefined ? resolve(configured) : raw.checkoutConfig;
  if (config === undefined) return undefined;
  const executable = text(raw.prosodyExecutable);
  const shown = folder !== undefined && !path.relative(folder, config).startsWith("..") ? path.relative(folder, config) : config;
  return {
    id: PROSODY_TARGET_ID, name: `Prosody (${shown.split(path.sep).join("/")})`, host: undefined, port: undefined, timeoutMs: undefined, isDefault: false,
    prosody: { config, executable: executable === undefined ? undefined : resolve(executable) },
  };
}

/** The target with this id, else the list's fallback, else the default one (a removed target falls back quietly). */
export function findTarget(list: TargetList, id: string | undefined): ServerTarget {
  return list.targets.find((target) => target.id === id) ?? list.targets.find((target) => target.id === list.fallbackId) ?? list.targets[0]!;
}

/** "localhost:5222", or what the clients' own settings decide. */
export function targetAddress(target: ServerTarget): string {
  if (target.prosody) return "a throwaway Prosody on loopback";
  if (target.ejabberd) return "a throwaway ejabberd on loopback";
  if (target.host === undefined && target.port === undefined) return "each client's JID domain";
  return `${target.host ?? "JID domain"}:${target.port ?? 5222}`;
}

/** What the status bar and quick pick say about a target. */
export function targetLabel(target: ServerTarget): string {
  return target.isDefault ? targetAddress(target) : target.name;
}

export function runSettingsFor(target: ServerTarget, list: TargetList): RunSettings {
  return {
    ...DEFAULT_RUN_SETTINGS,
    ...(target.host !== undefined ? { host: target.host } : {}),
    ...(target.port !== undefined ? { port: target.port } : {}),
    receiveTimeoutMs: target.timeoutMs ?? list.timeoutMs,
    mismatchPolicy: list.mismatchPolicy,
    acceptSelfSignedCertificate: target.acceptSelfSignedCertificate === true,
    allowPlainOnNonLoopback: target.allowPlain === true,
  };
}

/** `scansion.server.startCommand` and the settings that go with it, as read. */
export interface StartCommandSettings {
  readonly startCommand: string;
  readonly stopCommand: string | undefined;
  /** The workspace folder, where the commands run. */
  readonly cwd: string;
  readonly readyTimeoutMs: number;
}

/**
 * What a run against `target` starts, for the run session: a throwaway Prosody for a Prosody
 * target, the start command for the default target when one is set, else nothing (a server at
 * the target's address, or each client's own).
 */
export function runTargetOf(target: ServerTarget, startCommand: StartCommandSettings | undefined): RunTarget {
  if (target.prosody) return { kind: "prosody", config: target.prosody.config, executable: target.prosody.executable };
  if (target.ejabberd) return { kind: "ejabberd", config: target.ejabberd.config };
  const address = { host: target.host, port: target.port };
  if (target.isDefault && startCommand) return { kind: "command", ...startCommand, ...address };
  return { kind: "address", ...address };
}
