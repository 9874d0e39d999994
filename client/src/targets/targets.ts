/**
 * Where a run connects: the `scansion.server.*` settings (the default target)
 * and the named `scansion.targets`. Pure (no `vscode`): the settings arrive as
 * plain values, so every rule here is unit-tested.
 */
import path from "node:path";
import { DEFAULT_RUN_SETTINGS, type MismatchPolicy, type RunSettings } from "@server/runner/settings";
import { configBesideSpecs, FILE_SYSTEM_PROBE, type LayoutProbe, type ModuleLayout } from "@server/session/moduleLayout";
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
  /** A module target: a throwaway Prosody with this community module loaded (docs/MODULE-RUNS.md). */
  readonly module?: ModuleTarget;
  /** Sends each spec of a run to its module's target (runParts), the specs of no module to the default target. */
  readonly byModule?: true;
}

export interface ModuleTarget {
  readonly layout: ModuleLayout;
  /** `scansion.prosody.executable`; undefined: prosody on PATH. */
  readonly executable: string | undefined;
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
  /** The community modules in the workspace that have specs (targetSelection.ts finds them): a target each. */
  readonly modules?: readonly ModuleLayout[];
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
  const reading = readTargetEntries(raw.targets, { where: "scansion.targets", resolvePath: (value) => workspacePath(raw, value), takenNames: [defaultTarget.name] });
  problems.push(...reading.problems);
  for (const entry of reading.entries) targets.push(targetOfEntry(entry));
  const mismatchPolicy = MISMATCH_POLICIES.find((policy) => policy === raw.mismatchPolicy);
  if (raw.mismatchPolicy !== undefined && mismatchPolicy === undefined) {
    problems.push(`scansion.mismatchPolicy: ${JSON.stringify(raw.mismatchPolicy)} is not one of ${MISMATCH_POLICIES.join(", ")}; using ${DEFAULT_RUN_SETTINGS.mismatchPolicy}`);
  }
  const prosody = prosodyTarget(raw);
  const modules = moduleTargets(raw);
  // With nothing else configured, runs go to the Prosody target (a checkout runs with no settings), else to the modules' ones.
  const nothingElse = entries.length === 0 && defaultTarget.host === undefined && defaultTarget.port === undefined && text(raw.startCommand) === undefined;
  if (prosody) targets.push(prosody);
  targets.push(...modules);
  const fallback = prosody ?? modules[0];
  return {
    targets, problems, timeoutMs: positive(raw.timeout) ?? DEFAULT_RUN_SETTINGS.receiveTimeoutMs, mismatchPolicy: mismatchPolicy ?? DEFAULT_RUN_SETTINGS.mismatchPolicy,
    ...(fallback && nothingElse ? { fallbackId: fallback.id } : {}),
  };
}

export const PROSODY_TARGET_ID = "prosody";

export const BY_MODULE_TARGET_ID = "modules";

/** The ids of `scansion.targets` entries: "target:NAME". */
const NAMED_TARGET_ID_PREFIX = "target:";

/** Whether the target is an entry of `scansion.targets` (known failures and "Run on every target" are about those). */
export function isTargetsEntry(target: ServerTarget): boolean {
  return target.id.startsWith(NAMED_TARGET_ID_PREFIX);
}

/** A `scansion.targets` entry as the editor's target (targetEntries.ts read it). */
function targetOfEntry(entry: TargetEntry): ServerTarget {
  const switches = {
    ...(entry.acceptSelfSignedCertificate ? { acceptSelfSignedCertificate: true } : {}),
    ...(entry.allowPlain ? { allowPlain: true } : {}),
  };
  const common = { id: `${NAMED_TARGET_ID_PREFIX}${entry.name}`, name: entry.name, timeoutMs: entry.timeoutMs, isDefault: false, ...switches };
  switch (entry.server.kind) {
    case "address": return { ...common, host: entry.server.host, port: entry.server.port };
    case "prosody": return { ...common, host: undefined, port: undefined, prosody: { config: entry.server.config, executable: entry.server.executable } };
    case "ejabberd": return { ...common, host: undefined, port: undefined, ejabberd: { config: entry.server.config } };
  }
}

/** A path setting, absolute or relative to the workspace folder (`${workspaceFolder}` filled in). */
function workspacePath(raw: RawConnectionSettings, value: string): string {
  const folder = raw.workspaceFolder;
  const expanded = folder === undefined ? value : value.replaceAll("${workspaceFolder}", folder);
  return folder === undefined || path.isAbsolute(expanded) ? expanded : path.join(folder, expanded);
}

function prosodyExecutable(raw: RawConnectionSettings): string | undefined {
  const executable = text(raw.prosodyExecutable);
  return executable === undefined ? undefined : workspacePath(raw, executable);
}

/** The Prosody target of `scansion.prosody.config`, else of the checkout's spec/scansion/prosody.cfg.lua. */
function prosodyTarget(raw: RawConnectionSettings): ServerTarget | undefined {
  const folder = raw.workspaceFolder;
  const configured = text(raw.prosodyConfig);
  const config = configured !== undefined ? workspacePath(raw, configured) : raw.checkoutConfig;
  if (config === undefined) return undefined;
  const shown = folder !== undefined && !path.relative(folder, config).startsWith("..") ? path.relative(folder, config) : config;
  return {
    id: PROSODY_TARGET_ID, name: `Prosody (${shown.split(path.sep).join("/")})`, host: undefined, port: undefined, timeoutMs: undefined, isDefault: false,
    prosody: { config, executable: prosodyExecutable(raw) },
  };
}

/**
 * A target per community module with specs ("Prosody + mod_hello"); with several, first the
 * one that sends each spec to its own module's target: a run of two modules' specs is two runs.
 */
function moduleTargets(raw: RawConnectionSettings): ServerTarget[] {
  const executable = prosodyExecutable(raw);
  const common = { host: undefined, port: undefined, timeoutMs: undefined, isDefault: false } as const;
  const modules = [...new Map((raw.modules ?? []).map((layout) => [layout.folder, layout])).values()]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((layout): ServerTarget => ({ ...common, id: `module:${layout.folder}`, name: `Prosody + mod_${layout.name}`, module: { layout, executable } }));
  if (modules.length < 2) return modules;
  return [{ ...common, id: BY_MODULE_TARGET_ID, name: "Prosody + each spec's module", byModule: true }, ...modules];
}

/** Whether a run on `target` starts a throwaway Prosody of its own (which exists only during a Test Explorer run). */
export function startsProsody(target: ServerTarget): boolean {
  return target.prosody !== undefined || target.module !== undefined || target.byModule === true;
}

/** One session's share of a run: the specs that go to one target. */
export interface RunPart {
  readonly target: ServerTarget;
  readonly specFiles: readonly string[];
}

/**
 * How a run of `specFiles` on `target` splits into sessions: the by-module target sends each
 * spec to the target of the module folder it lies in (one session per module, in the order the
 * specs come), the specs of no module to the default target; any other target takes them all.
 */
export function runParts(list: TargetList, target: ServerTarget, specFiles: readonly string[]): RunPart[] {
  if (!target.byModule) return specFiles.length > 0 ? [{ target, specFiles }] : [];
  const modules = list.targets.filter((candidate) => candidate.module);
  const parts = new Map<ServerTarget, string[]>();
  for (const file of specFiles) {
    const owner = modules.find((candidate) => isInside(candidate.module!.layout.folder, file)) ?? list.targets[0]!;
    parts.set(owner, [...(parts.get(owner) ?? []), file]);
  }
  return [...parts].map(([owner, files]) => ({ target: owner, specFiles: files }));
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/** The target with this id, else the list's fallback, else the default one (a removed target falls back quietly). */
export function findTarget(list: TargetList, id: string | undefined): ServerTarget {
  return list.targets.find((target) => target.id === id) ?? list.targets.find((target) => target.id === list.fallbackId) ?? list.targets[0]!;
}

/** "localhost:5222", or what the clients' own settings decide. */
export function targetAddress(target: ServerTarget): string {
  if (target.prosody) return "a throwaway Prosody on loopback";
  if (target.ejabberd) return "a throwaway ejabberd on loopback";
  if (target.module) return `a throwaway Prosody with mod_${target.module.layout.name} on loopback`;
  if (target.byModule) return "a throwaway Prosody per module on loopback";
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
 * What a run of `specFiles` against `target` starts, for the run session: a throwaway Prosody for
 * a Prosody target, one with the module loaded for a module target (the generated config for
 * these specs, or the prosody.cfg.lua beside them), the start command for the default target
 * when one is set, else nothing (a server at the target's address, or each client's own).
 * A by-module target's run is split first (runParts).
 */
export function runTargetOf(target: ServerTarget, startCommand: StartCommandSettings | undefined, specFiles: readonly string[] = [], probe: LayoutProbe = FILE_SYSTEM_PROBE): RunTarget {
  if (target.prosody) return { kind: "prosody", config: target.prosody.config, executable: target.prosody.executable };
  if (target.module) {
    const { layout, executable } = target.module;
    return {
      kind: "prosody-module", module: layout.name, folder: layout.folder, pluginRoot: layout.pluginRoot, mucModule: layout.mucModule,
      specFiles, config: configBesideSpecs(specFiles, probe), executable,
    };
  }
  if (target.byModule) throw new Error("a run on each spec's module is split into one run per module first (runParts)");
  if (target.ejabberd) return { kind: "ejabberd", config: target.ejabberd.config };
  const address = { host: target.host, port: target.port };
  if (target.isDefault && startCommand) return { kind: "command", ...startCommand, ...address };
  return { kind: "address", ...address };
}
