/**
 * The `scansion.*` settings the editor features take (diagnostics, formatting), with their
 * defaults: the language server reads them from what the client sends (lsp/settings.ts), and
 * the extension's settings module (client/src/settings) declares the same defaults from here.
 */
import type { IndentSetting } from "./formatting";

/** The settings section, `scansion.*`. */
export const SETTINGS_SECTION = "scansion";

export interface ServerSettings {
  readonly diagnostics: { readonly unusedClient: boolean };
  readonly format: { readonly indent: IndentSetting };
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  diagnostics: { unusedClient: true },
  format: { indent: "tab" },
};
