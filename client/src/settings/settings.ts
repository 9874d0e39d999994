/**
 * Every `scansion.*` setting of package.json's contributes.configuration, in one typed place:
 * its JSON type, its default and whether Restricted Mode withholds it. The extension reads
 * settings only through readSetting; settings.test.ts checks this list against package.json.
 *
 * Defaults that a rule of the server side owns are taken from there (the runner's receive
 * timeout and mismatch policy, the language server's two settings), so package.json, the
 * extension and the server cannot disagree without that test failing.
 *
 * Without `vscode` at run time (only its types): the unit test loads it under plain Node.
 */
import type * as vscode from "vscode";
import { DEFAULT_SERVER_SETTINGS, SETTINGS_SECTION } from "@server/features/featureSettings";
import { DEFAULT_RUN_SETTINGS } from "@server/runner/settings";

export { SETTINGS_SECTION };

/** A JSON schema type as contributes.configuration spells it. */
type JsonType = "string" | "boolean" | "integer" | "array" | "null";

interface SettingDeclaration {
  readonly type: JsonType | readonly JsonType[];
  readonly default: unknown;
  /** Listed in capabilities.untrustedWorkspaces.restrictedConfigurations: it runs the workspace's code. */
  readonly restricted?: true;
}

/** Keys without the `scansion.` prefix. */
export const SETTINGS = {
  // Read by vscode-languageclient itself (the client's id is "scansion").
  "trace.server": { type: "string", default: "off" },
  autoClosingTags: { type: "boolean", default: true },
  // Read by the language server over LSP (server/src/lsp/settings.ts); their defaults are the features' (server/src/features/featureSettings.ts).
  "diagnostics.unusedClient": { type: "boolean", default: DEFAULT_SERVER_SETTINGS.diagnostics.unusedClient },
  "format.indent": { type: "string", default: DEFAULT_SERVER_SETTINGS.format.indent },
  // Where runs connect (targets/targets.ts checks values beyond their type and reports problems).
  "server.host": { type: "string", default: "" },
  "server.port": { type: ["integer", "null"], default: null },
  timeout: { type: "integer", default: DEFAULT_RUN_SETTINGS.receiveTimeoutMs },
  mismatchPolicy: { type: "string", default: DEFAULT_RUN_SETTINGS.mismatchPolicy },
  targets: { type: "array", default: [] },
  "prosody.config": { type: "string", default: "", restricted: true },
  "prosody.executable": { type: "string", default: "", restricted: true },
  jobs: { type: ["integer", "null"], default: null },
  // Known failures per named target (testExplorer/expectationsSetting.ts), the CLI's --expectations file.
  expectations: { type: "string", default: "" },
  // The throwaway server of a run (targets/runServer.ts).
  "server.startCommand": { type: "string", default: "", restricted: true },
  "server.stopCommand": { type: "string", default: "", restricted: true },
  "server.startTimeout": { type: "integer", default: 20000 },
} as const satisfies Record<string, SettingDeclaration>;

export type SettingKey = keyof typeof SETTINGS;

type ValueOfType<T> = T extends "string" ? string : T extends "boolean" ? boolean : T extends "integer" ? number
  : T extends "array" ? readonly unknown[] : T extends "null" ? null : never;
type DeclaredType<K extends SettingKey> = (typeof SETTINGS)[K]["type"];

/** The value a setting has when it is of its declared type. */
export type SettingValue<K extends SettingKey> = DeclaredType<K> extends readonly (infer T)[] ? ValueOfType<T> : ValueOfType<DeclaredType<K>>;

/** What readSetting uses of `vscode.workspace`. */
export type SettingsSource = Pick<typeof vscode.workspace, "getConfiguration">;

/**
 * The setting's value, or its default when the value is not of the declared JSON type
 * (VS Code does not enforce the type; it marks such a value in settings.json).
 */
export function readSetting<K extends SettingKey>(workspace: SettingsSource, key: K, scope?: vscode.ConfigurationScope): SettingValue<K> {
  const value = workspace.getConfiguration(SETTINGS_SECTION, scope).get<unknown>(key);
  const declaration: SettingDeclaration = SETTINGS[key];
  return (hasType(value, declaration.type) ? value : declaration.default) as SettingValue<K>;
}

/** Whether a configuration change touches any of these settings. */
export function affectsSettings(event: vscode.ConfigurationChangeEvent, keys: readonly SettingKey[]): boolean {
  return keys.some((key) => event.affectsConfiguration(`${SETTINGS_SECTION}.${key}`));
}

export function hasType(value: unknown, type: JsonType | readonly JsonType[]): boolean {
  const types: readonly JsonType[] = typeof type === "string" ? [type] : type;
  return types.some((one) => {
    switch (one) {
      case "string": return typeof value === "string";
      case "boolean": return typeof value === "boolean";
      case "integer": return typeof value === "number" && Number.isInteger(value);
      case "array": return Array.isArray(value);
      case "null": return value === null;
    }
  });
}
