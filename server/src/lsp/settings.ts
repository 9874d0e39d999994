/** The `scansion.*` settings the language server reads, with their defaults. */
import type { IndentSetting } from "../features/formatting";

/** The settings section, `scansion.*`: the extension's settings (client/src/settings.ts) use it too. */
export const SETTINGS_SECTION = "scansion";

export interface ServerSettings {
  readonly diagnostics: { readonly unusedClient: boolean };
  readonly format: { readonly indent: IndentSetting };
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  diagnostics: { unusedClient: true },
  format: { indent: "tab" },
};

/** Reads what the client sent for the `scansion` section, ignoring what is malformed. */
export function readServerSettings(section: unknown): ServerSettings {
  if (typeof section !== "object" || section === null) return DEFAULT_SERVER_SETTINGS;
  const value = section as { diagnostics?: { unusedClient?: unknown }; format?: { indent?: unknown } };
  const unusedClient = value.diagnostics?.unusedClient;
  const indent = value.format?.indent;
  return {
    diagnostics: { unusedClient: typeof unusedClient === "boolean" ? unusedClient : DEFAULT_SERVER_SETTINGS.diagnostics.unusedClient },
    format: { indent: indent === "spaces" || indent === "tab" ? indent : DEFAULT_SERVER_SETTINGS.format.indent },
  };
}
