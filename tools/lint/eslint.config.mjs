// ESLint for the whole repository (the root eslint.config.mjs re-exports this file, so that
// the plugins resolve from this workspace, beside the TypeScript 6 typescript-eslint needs).
//
// Besides typescript-eslint's recommended rules (ESLint's for the .mjs scripts) it checks the
// one thing a reader of docs/ARCHITECTURE.md must be able to trust, the fence between folders:
// - dependencies point one way, language <- writing <- features, runner <- front ends (lsp,
//   cli, debug, client/), with client/src/*.ts (extension.ts, ...) at the top (MAY_IMPORT);
// - code that ships (server/src, client/src, tests aside) never imports test/, scripts/,
//   bench/ or tools/; only client/src's shipping code imports `vscode`;
// - no module imports itself back through others, by value (import-x/no-cycle) or through a
//   type-only import (fence/no-type-only-cycle).
// test/lint/fence.test.ts plants a forbidden import per rule and expects this file to catch it.
import { readdirSync } from "node:fs";
import Module from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// typescript-eslint reads sources with TypeScript's JavaScript API, which TypeScript 7 (the
// project's type checker) no longer has. This workspace installs TypeScript 6 for it; npm
// hoists some of its helpers (ts-api-utils) next to TypeScript 7, so every `typescript` that
// ESLint's process loads is sent to this workspace's copy before the plugins load.
const typescriptForLint = Module.createRequire(import.meta.url).resolve("typescript");
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  return request === "typescript" ? typescriptForLint : resolveFilename.call(this, request, ...rest);
};
const { default: tseslint } = await import("typescript-eslint");
const { createNodeResolver, importX } = await import("eslint-plugin-import-x");
const { default: js } = await import("@eslint/js");
const { default: globals } = await import("globals");
const { typeOnlyCyclesPlugin } = await import("./typeOnlyCycles.mjs");

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What each folder may import from the others (everything not listed is forbidden). */
const MAY_IMPORT = {
  "server/src/language": [],
  "server/src/stanzaModel": ["server/src/language"],
  "server/src/writing": ["server/src/language", "server/src/stanzaModel"],
  "server/src/features": ["server/src/language", "server/src/writing"],
  "server/src/runner": ["server/src/language", "server/src/stanzaModel", "server/src/writing", "server/src/network"],
  // What "loopback" means, for the runner and the servers alike.
  "server/src/network": [],
  // Throwaway servers (Prosody, ejabberd, a start command): a leaf, nothing of the runner.
  "server/src/servers": ["server/src/network"],
  // One run's servers, started and stopped in one place: above the runner and the servers, below the front ends.
  // (and the language: a module run's generated config is made from what its specs say).
  "server/src/session": ["server/src/language", "server/src/runner", "server/src/servers"],
  // Sequence diagrams of a conversation: read a spec's tree and a run's results, draw them as HTML/SVG.
  "server/src/diagrams": ["server/src/language", "server/src/stanzaModel", "server/src/writing", "server/src/runner"],
  // Front ends.
  "server/src/lsp": ["server/src/language", "server/src/writing", "server/src/features"],
  "server/src/debug": ["server/src/language", "server/src/writing", "server/src/runner"],
  // features: `scansion-run --check` gives the editor's diagnostics (cli/check.ts, its own bundle).
  "server/src/cli": ["server/src/language", "server/src/writing", "server/src/runner", "server/src/servers", "server/src/session", "server/src/features", "server/src/diagrams"],
  // The extension (client/src/*.ts at the top registers them all).
  "client/src/documents": [],
  // Every scansion.* setting, typed, in one place (defaults shared with the runner and the language server).
  "client/src/settings": ["server/src/runner", "server/src/features"],
  "client/src/targets": ["client/src/settings", "server/src/language", "server/src/runner", "server/src/servers", "server/src/session"],
  "client/src/fixes": ["server/src/language", "server/src/writing", "server/src/runner"],
  "client/src/debugging": ["client/src/documents", "client/src/targets", "client/src/fixes", "server/src/language", "server/src/runner", "server/src/debug"],
  "client/src/testExplorer": ["client/src/settings", "client/src/documents", "client/src/targets", "client/src/fixes", "client/src/debugging", "server/src/language", "server/src/writing", "server/src/runner", "server/src/servers", "server/src/session"],
  "client/src/recording": ["client/src/targets", "server/src/language", "server/src/writing", "server/src/runner"],
  "client/src/editing": ["client/src/settings", "server/src/language", "server/src/features"],
  "client/src/diagrams": ["client/src/fixes", "server/src/language", "server/src/runner", "server/src/diagrams"],
};

// client/src/*.ts (extension.ts, languageServerClient.ts) is the top of the extension: it may
// import every client folder and whatever they may import; no folder imports it back.
const EXTENSION_TOP = "client/src/*.ts";
const CLIENT_FOLDERS = Object.keys(MAY_IMPORT).filter((folder) => folder.startsWith("client/src/"));
const MAY_IMPORT_WITH_TOP = {
  ...MAY_IMPORT,
  [EXTENSION_TOP]: [...new Set([...CLIENT_FOLDERS, ...CLIENT_FOLDERS.flatMap((folder) => MAY_IMPORT[folder])])],
};

// A new folder must say where it stands before it is linted at all; a file directly in
// server/src stands in no layer (the rule "server/src/*.ts" below).
for (const parent of ["server/src", "client/src"]) {
  for (const entry of readdirSync(path.join(root, parent), { withFileTypes: true })) {
    const folder = `${parent}/${entry.name}`;
    if (entry.isDirectory() && !(folder in MAY_IMPORT)) {
      throw new Error(`${folder} is not in MAY_IMPORT (tools/lint/eslint.config.mjs): say which folders it may import from`);
    }
  }
}

const DIRECTION = "docs/ARCHITECTURE.md, \"Dependency direction\"";
const AREAS = Object.keys(MAY_IMPORT_WITH_TOP);
const zones = [
  ...AREAS.flatMap((target) => AREAS
    .filter((from) => from !== target && !MAY_IMPORT_WITH_TOP[target].includes(from) && !from.startsWith(`${target}/`))
    .map((from) => ({
      target: `./${target}`,
      from: `./${from}`,
      message: `${target} may import only from ${MAY_IMPORT_WITH_TOP[target].join(", ") || "itself"} (${DIRECTION}).`,
    }))),
  {
    target: ["./server/src", "./client/src"],
    from: ["./test", "./scripts", "./bench", "./tools"],
    message: `Code that ships never imports test/, scripts/, bench/ or tools/ (only a *.test.ts may import @support/…; ${DIRECTION}).`,
  },
];

// `vscode` exists only in VS Code's extension host: server/src also runs in the CLI and the
// language server, tests, scripts and the benchmark under plain Node (the e2e tests drive
// VS Code from outside). vscode-languageclient loads `vscode` too; vscode-languageserver is fine.
const VSCODE = /^vscode(-languageclient)?(\/.*)?$/;
const VSCODE_MESSAGE = "`vscode` is only for client/src's shipping code (it exists only in VS Code's extension host; server/src runs in the CLI and the language server, tests under plain Node).";
const RELATIVE_SERVER = { regex: "^(\\.\\./)+server/src/", message: "Import server code as @server/… (tsconfig.json paths), not by a relative path." };
const VSCODE_PATTERN = { regex: VSCODE.source, message: VSCODE_MESSAGE };
const vscodeCalls = [
  { selector: `ImportExpression > Literal.source[value=${VSCODE}]`, message: VSCODE_MESSAGE },
  { selector: `CallExpression[callee.name='require'] > Literal.arguments[value=${VSCODE}]`, message: VSCODE_MESSAGE },
];

const importSettings = {
  // Without these, import-x reads only .js files and no-cycle sees no TypeScript module's imports.
  "import-x/extensions": [".ts", ".mts", ".js", ".mjs", ".cjs"],
  // Provided by VS Code to the extension host (its types are @types/vscode).
  "import-x/core-modules": ["vscode"],
  "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".mts"] },
  "import-x/resolver-next": [createNodeResolver({
    extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".json", ".node"],
    tsconfig: { configFile: path.join(root, "tsconfig.json") },
  })],
};
// Every package imported is declared in the nearest package.json (not merely hoisted there by
// npm): the root's, or tools/lint's for this file. Dependencies and devDependencies alike:
// every bundle is built by esbuild.
const declaredPackagesOnly = ["error", { devDependencies: true, peerDependencies: false, optionalDependencies: false }];

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "out/**", "artifacts/**", ".vscode-test/**", "testFixture/**"] },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  {
    files: ["**/*.ts", "**/*.mts"],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: "module" } },
    plugins: { "import-x": importX, fence: typeOnlyCyclesPlugin(Module.createRequire(import.meta.url)("typescript"), path.join(root, "tsconfig.json")) },
    settings: importSettings,
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      "fence/no-type-only-cycle": "error",
      "import-x/no-extraneous-dependencies": declaredPackagesOnly,
    },
  },
  {
    // Scripts and this configuration: plain JavaScript run by Node, checked by ESLint's
    // recommended rules (no-undef among them) with Node's globals.
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [js.configs.recommended],
    languageOptions: { globals: globals.node },
    plugins: { "import-x": importX },
    settings: importSettings,
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "import-x/no-unresolved": "error",
      "import-x/no-extraneous-dependencies": declaredPackagesOnly,
    },
  },
  {
    // The direction between folders holds for the code that ships; tests may reach across
    // layers to check a whole path (an accepted stanza matching again, a server they start).
    files: ["server/src/**/*.ts", "client/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "import-x/no-restricted-paths": ["error", { basePath: root, zones }],
    },
  },
  {
    // Outside server/, server code is reached through the one alias (tsconfig.json paths).
    files: ["client/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [RELATIVE_SERVER] }] },
  },
  {
    // Tests (*.test.ts, test/) may import any layer, @support/… and scripts/ (test/data checks
    // the XMPP data generator), never `vscode`: none runs inside VS Code.
    files: ["client/**/*.test.ts", "test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [RELATIVE_SERVER, VSCODE_PATTERN] }],
      "no-restricted-syntax": ["error", ...vscodeCalls],
    },
  },
  {
    // Plain-Node scripts run before any build, where the @server/ alias means nothing: they reach
    // the one plain-JavaScript module they share with the servers (prosodyCache.mjs) by its path.
    files: ["scripts/**/*.mjs"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [VSCODE_PATTERN] }],
      "no-restricted-syntax": ["error", ...vscodeCalls],
    },
  },
  {
    files: ["server/src/**/*.ts", "tools/**/*.mjs"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [VSCODE_PATTERN] }],
      "no-restricted-syntax": ["error", ...vscodeCalls],
    },
  },
  {
    files: ["server/src/*.ts"],
    rules: { "no-restricted-syntax": ["error", { selector: "Program", message: `A file directly in server/src is in no layer: move it into the folder of its layer (${DIRECTION}).` }] },
  },
);
