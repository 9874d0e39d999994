/**
 * Named targets as data: the entries of the `scansion.targets` setting and of a CLI
 * `--targets` file, read by one rule for both. Pure (no fs, no vscode): the caller reads the
 * JSON and says what relative paths are relative to (the workspace folder, the file's folder).
 *
 *   { "name": "staging", "host": "xmpp.example", "port": 5222, "timeout"?, "acceptSelfSignedCertificate"?, "allowPlain"? }
 *   { "name": "prosody-0.12", "prosody": { "config": "path", "executable"?: "path" } }
 *   { "name": "ejabberd-23.01", "ejabberd": { "config"?: "path" } }
 */

/** What a target's runs connect to, or start. */
export type TargetServer =
  | { readonly kind: "address"; readonly host: string; readonly port: number }
  | { readonly kind: "prosody"; readonly config: string; readonly executable: string | undefined }
  | { readonly kind: "ejabberd"; readonly config: string | undefined };

export interface TargetEntry {
  readonly name: string;
  readonly server: TargetServer;
  /** Receive timeout for this target; undefined: the run's. */
  readonly timeoutMs: number | undefined;
  readonly acceptSelfSignedCertificate?: boolean;
  readonly allowPlain?: boolean;
}

export interface TargetEntryReading {
  /** The entries that could be read, in order (an entry with a problem that leaves it unusable is left out). */
  readonly entries: readonly TargetEntry[];
  /** One line each: "<where>[i]: what is wrong". */
  readonly problems: readonly string[];
}

export interface EntryReadOptions {
  /** How problems name the list, e.g. "scansion.targets" or "targets.json". */
  readonly where: string;
  /** Makes a path from an entry absolute (relative to the file, or the workspace folder). */
  readonly resolvePath: (path: string) => string;
  /** Names already taken (the editor's default target). */
  readonly takenNames?: readonly string[];
}

/** The on/off options, as entries and launch configurations spell them. */
export const TARGET_SWITCHES = ["acceptSelfSignedCertificate", "allowPlain"] as const;

const SHAPE = "{name, host, port} or {name, prosody: {config, executable?}} or {name, ejabberd: {config?}}";

export function readTargetEntries(raw: unknown, options: EntryReadOptions): TargetEntryReading {
  const entries: TargetEntry[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) {
    if (raw !== undefined && raw !== null) problems.push(`${options.where}: expected a list of targets ${SHAPE}`);
    return { entries, problems };
  }
  const taken = new Set(options.takenNames ?? []);
  raw.forEach((value: unknown, index) => {
    const where = `${options.where}[${index}]`;
    const say = (problem: string) => problems.push(`${where}: ${problem}`);
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      say(`expected an object ${SHAPE}`);
      return;
    }
    const fields = value as Record<string, unknown>;
    const name = text(fields.name);
    if (name === undefined) {
      say("needs a name");
      return;
    }
    if (taken.has(name)) {
      say(`the name "${name}" is already taken; ignored`);
      return;
    }
    const server = serverOf(fields, options.resolvePath);
    if (typeof server === "string") {
      say(server);
      return;
    }
    if (fields.timeout !== undefined && positive(fields.timeout) === undefined) {
      say(`timeout ${JSON.stringify(fields.timeout)} is not a positive number of milliseconds; using the run's`);
    }
    const switches: { -readonly [key in (typeof TARGET_SWITCHES)[number]]?: boolean } = {};
    for (const key of TARGET_SWITCHES) {
      if (fields[key] === true) switches[key] = true;
      else if (fields[key] !== undefined && fields[key] !== false) say(`${key} ${JSON.stringify(fields[key])} is not true or false; off`);
    }
    taken.add(name);
    entries.push({ name, server, timeoutMs: positive(fields.timeout), ...switches });
  });
  return { entries, problems };
}

/** The entry's server, or why it has none. */
function serverOf(fields: Record<string, unknown>, resolvePath: (path: string) => string): TargetServer | string {
  const kinds = ["prosody", "ejabberd"].filter((kind) => fields[kind] !== undefined);
  if (kinds.length > 0 && (fields.host !== undefined || fields.port !== undefined || kinds.length > 1)) {
    return `give either host and port, or prosody, or ejabberd, not ${[...kinds, ...(fields.host !== undefined || fields.port !== undefined ? ["host/port"] : [])].join(" and ")}`;
  }
  if (fields.prosody !== undefined) {
    const prosody = objectOf(fields.prosody);
    const config = text(prosody?.config);
    if (config === undefined) return `prosody needs a config: {"config": "path/to/prosody.cfg.lua"}`;
    const executable = text(prosody?.executable);
    if (prosody?.executable !== undefined && executable === undefined) return "prosody.executable must be a path";
    return { kind: "prosody", config: resolvePath(config), executable: executable === undefined ? undefined : resolvePath(executable) };
  }
  if (fields.ejabberd !== undefined) {
    const ejabberd = objectOf(fields.ejabberd);
    if (ejabberd === undefined) return `ejabberd must be an object: {} or {"config": "path/to/ejabberd.yml"}`;
    const config = text(ejabberd.config);
    if (ejabberd.config !== undefined && config === undefined) return "ejabberd.config must be a path";
    return { kind: "ejabberd", config: config === undefined ? undefined : resolvePath(config) };
  }
  const host = text(fields.host);
  const port = portOf(fields.port);
  if (host === undefined || port === undefined) return "needs a host and a port (1-65535), or prosody, or ejabberd";
  return { kind: "address", host, port };
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value as Record<string, unknown> : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function portOf(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 65535 ? value : undefined;
}

function positive(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) && value > 0 ? Math.round(value) : undefined;
}

/** The entries with these names, in the order named; or a one-line problem naming the first unknown one. */
export function selectTargets(entries: readonly TargetEntry[], names: readonly string[], where: string): readonly TargetEntry[] | string {
  if (names.length === 0) return entries;
  const chosen: TargetEntry[] = [];
  for (const name of names) {
    const entry = entries.find((candidate) => candidate.name === name);
    if (!entry) return `no target named "${name}" in ${where} (${entries.map((candidate) => candidate.name).join(", ") || "it names none"})`;
    if (!chosen.includes(entry)) chosen.push(entry);
  }
  return chosen;
}
