import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { hasType, readSetting, SETTINGS, type SettingKey, type SettingsSource } from "./settings";

interface Contributed { readonly type: string | string[]; readonly default?: unknown }
interface PackageJson {
  readonly contributes: { readonly configuration: { readonly properties: Record<string, Contributed> } };
  readonly capabilities: { readonly untrustedWorkspaces: { readonly restrictedConfigurations: readonly string[] } };
}

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as PackageJson;
const contributed = manifest.contributes.configuration.properties;
const declared = Object.entries(SETTINGS) as [SettingKey, (typeof SETTINGS)[SettingKey]][];

/** A `vscode.workspace` whose `scansion` section holds `values`; records the scope asked for. */
function workspaceWith(values: Record<string, unknown>, scopes: unknown[] = []): SettingsSource {
  return {
    getConfiguration: (section?: string, scope?: unknown) => {
      assert.equal(section, "scansion");
      scopes.push(scope);
      return { get: (key: string) => values[key] };
    },
  } as unknown as SettingsSource;
}

describe("settings.ts and package.json's contributes.configuration", () => {
  it("declare the same keys", () => {
    assert.deepEqual(declared.map(([key]) => `scansion.${key}`).sort(), Object.keys(contributed).sort());
  });

  it("give every key the same type and default, and the default is of that type", () => {
    for (const [key, declaration] of declared) {
      const property = contributed[`scansion.${key}`];
      assert.ok(property, `scansion.${key} is not in package.json`);
      assert.deepEqual(declaration.type, property.type, `type of scansion.${key}`);
      assert.deepEqual(declaration.default, property.default, `default of scansion.${key}`);
      assert.ok(hasType(declaration.default, declaration.type), `the default of scansion.${key} is a ${JSON.stringify(declaration.type)}`);
    }
  });

  it("withhold the same settings in Restricted Mode", () => {
    const restricted = declared.filter(([, declaration]) => "restricted" in declaration).map(([key]) => `scansion.${key}`);
    assert.deepEqual(restricted.sort(), [...manifest.capabilities.untrustedWorkspaces.restrictedConfigurations].sort());
  });
});

describe("readSetting", () => {
  it("gives the value the user set when it has the declared type", () => {
    const workspace = workspaceWith({ "server.port": 5299, jobs: null, targets: [{ name: "a" }], autoClosingTags: false });
    assert.equal(readSetting(workspace, "server.port"), 5299);
    assert.equal(readSetting(workspace, "jobs"), null);
    assert.deepEqual(readSetting(workspace, "targets"), [{ name: "a" }]);
    assert.equal(readSetting(workspace, "autoClosingTags"), false);
  });

  it("gives the default for a value of another type, which VS Code marks in settings.json but passes on", () => {
    const workspace = workspaceWith({ "server.port": "5299", jobs: 2.5, autoClosingTags: "no", "server.startTimeout": "slow" });
    assert.equal(readSetting(workspace, "server.port"), null);
    assert.equal(readSetting(workspace, "jobs"), null);
    assert.equal(readSetting(workspace, "autoClosingTags"), true);
    assert.equal(readSetting(workspace, "server.startTimeout"), 20000);
  });

  it("reads in the scope it is given (a language-overridable setting for a document)", () => {
    const scopes: unknown[] = [];
    const document = { languageId: "scansion" };
    readSetting(workspaceWith({}, scopes), "autoClosingTags", document);
    assert.deepEqual(scopes, [document]);
  });
});
