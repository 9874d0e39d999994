/**
 * Where a run's specs go, as data: a server someone else runs, a throwaway Prosody from a
 * config, or a user's start command. A front end describes its target with one of these; the
 * run session (runSession.ts) starts and stops what it needs (targetKinds.ts: one strategy each).
 */

/** Where clients connect; a field left out: each client's own (connect_host or its JID's domain, connect_port or 5222). */
export interface ClientAddress {
  readonly host?: string | undefined;
  readonly port?: number | undefined;
}

export type RunTarget = ServerAtAddress | ThrowawayProsodyTarget | ProsodyModuleTarget | StartCommandTarget | ThrowawayEjabberdTarget;

/** A server someone else runs: the CLI's --host/--port, the editor's default target or a named one. */
export interface ServerAtAddress extends ClientAddress {
  readonly kind: "address";
}

/** A throwaway Prosody from a config used unchanged, on free loopback ports: a fresh one for each spec. */
export interface ThrowawayProsodyTarget {
  readonly kind: "prosody";
  /** The config (absolute, or relative to the current directory). */
  readonly config: string;
  /** The launcher; undefined: ./prosody of the built source tree the config lies in, else prosody on PATH. */
  readonly executable?: string | undefined;
}

/**
 * A community module's specs on a throwaway Prosody with the module loaded (docs/MODULE-RUNS.md):
 * the project's generated config for what the specs say, or the config beside the specs unchanged,
 * with the module's folder in `plugin_paths`; a fresh server for each spec.
 */
export interface ProsodyModuleTarget {
  readonly kind: "prosody-module";
  /** The module's name without `mod_`. */
  readonly module: string;
  /** The `mod_<name>` folder (or the folder with a loose `mod_<name>.lua`). */
  readonly folder: string;
  /** The folder holding the module folders (`plugin_paths`). */
  readonly pluginRoot: string;
  /** A `muc_` module: enabled on the MUC components of the generated config. */
  readonly mucModule: boolean;
  /** The specs the generated config is made for (their clients' domains, the rooms they address). */
  readonly specFiles: readonly string[];
  /** The `prosody.cfg.lua` beside the specs, used unchanged; undefined: the generated config. */
  readonly config?: string | undefined;
  /** The launcher; undefined: prosody on PATH (or ./prosody of the built source tree the config lies in). */
  readonly executable?: string | undefined;
}

/**
 * A throwaway ejabberd 23.01 (Debian's package) on free loopback ports: a fresh one for each
 * spec, the spec's accounts registered before it, its self-signed certificate trusted.
 */
export interface ThrowawayEjabberdTarget {
  readonly kind: "ejabberd";
  /** A config whose listeners use the macros C2S_PORT and HTTP_PORT; undefined: the one shipped with the extension and the CLI (servers/ejabberd/throwaway-ejabberd.yml). */
  readonly config?: string | undefined;
}

/** A user's start command (scansion.server.startCommand): one server for the whole run, stopped after it. */
export interface StartCommandTarget extends ClientAddress {
  readonly kind: "command";
  readonly startCommand: string;
  /** Run to stop the server; else the start command's process group is ended. */
  readonly stopCommand?: string | undefined;
  readonly cwd: string;
  /** How long the server may take to accept TCP at readinessAddress(). */
  readonly readyTimeoutMs: number;
}

/** Where a started server must accept TCP before the run starts: the target's address, localhost:5222 for what it leaves out. */
export function readinessAddress(target: ClientAddress): { host: string; port: number } {
  return { host: target.host ?? "localhost", port: target.port ?? 5222 };
}
