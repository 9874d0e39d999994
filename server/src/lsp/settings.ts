/** The `scansion.*` settings the language server reads, with their defaults. */
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from "../features/featureSettings";

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
