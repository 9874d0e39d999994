// ESLint for the whole repository (the root eslint.config.mjs re-exports this file, so that
// the plugins resolve from this workspace, beside the TypeScript 6 typescript-eslint needs).
//
// Besides typescript-eslint's recommended rules it checks the one thing a reader of
// docs/ARCHITECTURE.md must be able to trust: dependencies between folders point one way,
//   language <- writing <- features, runner <- front ends (lsp, cli, debug, client/),
// and no module imports itself back through others (import-x/no-cycle).
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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** What each folder may import from the others (everything not listed is forbidden). */
const MAY_IMPORT = {
  "server/src/language": [],
  "server/src/stanzaModel": ["server/src/language"],
  "server/src/writing": ["server/src/language", "server/src/stanzaModel"],
  "server/src/features": ["server/src/language", "server/src/writing"],
  "server/src/runner": ["server/src/language", "server/src/stanzaModel", "server/src/writing"],
  // Front ends.
  "server/src/lsp": ["server/src/language", "server/src/writing", "server/src/features"],
  "server/src/debug": ["server/src/language", "server/src/writing", "server/src/runner"],
  "server/src/servers": ["server/src/language", "server/src/runner"],
  // features: `scansion-run --check` gives the editor's diagnostics (cli/check.ts, its own bundle).
  "server/src/cli": ["server/src/language", "server/src/writing", "server/src/runner", "server/src/servers", "server/src/features"],
  // The extension (client/src/*.ts at the top registers them all).
  "client/src/documents": [],
  "client/src/targets": ["server/src/language", "server/src/runner", "server/src/servers"],
  "client/src/fixes": ["server/src/language", "server/src/writing", "server/src/runner"],
  "client/src/debugging": ["client/src/documents", "client/src/targets", "client/src/fixes", "server/src/language", "server/src/runner", "server/src/debug"],
  "client/src/testExplorer": ["client/src/documents", "client/src/targets", "client/src/fixes", "client/src/debugging", "server/src/language", "server/src/writing", "server/src/runner", "server/src/servers"],
  "client/src/recording": ["client/src/targets", "server/src/language", "server/src/writing", "server/src/runner"],
  "client/src/editing": ["server/src/language", "server/src/features"],
};

// A new folder must say where it stands before it is linted at all.
for (const parent of ["server/src", "client/src"]) {
  for (const entry of readdirSync(path.join(root, parent), { withFileTypes: true })) {
    const folder = `${parent}/${entry.name}`;
    if (entry.isDirectory() && !(folder in MAY_IMPORT)) {
      throw new Error(`${folder} is not in MAY_IMPORT (tools/lint/eslint.config.mjs): say which folders it may import from`);
    }
  }
}

const FOLDERS = Object.keys(MAY_IMPORT);
const zones = FOLDERS.flatMap((target) => FOLDERS
  .filter((from) => from !== target && !MAY_IMPORT[target].includes(from) && !from.startsWith(`${target}/`))
  .map((from) => ({
    target: `./${target}`,
    from: `./${from}`,
    message: `${target} may import only from ${MAY_IMPORT[target].join(", ") || "itself"} (docs/ARCHITECTURE.md, "Dependency direction").`,
  })));

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "**/node_modules/**", "out/**", "artifacts/**", ".vscode-test/**", "testFixture/**"] },
  {
    files: ["**/*.ts", "**/*.mts"],
    extends: [tseslint.configs.recommended],
    languageOptions: { parserOptions: { ecmaVersion: 2022, sourceType: "module" } },
    linterOptions: { reportUnusedDisableDirectives: "error" },
    plugins: { "import-x": importX },
    settings: {
      // Without these, import-x reads only .js files and no-cycle sees no TypeScript module's imports.
      "import-x/extensions": [".ts", ".mts", ".js", ".mjs", ".cjs"],
      // Provided by VS Code to the extension host (its types are @types/vscode).
      "import-x/core-modules": ["vscode"],
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".mts"] },
      "import-x/resolver-next": [createNodeResolver({
        extensions: [".ts", ".mts", ".js", ".mjs", ".cjs", ".json", ".node"],
        tsconfig: { configFile: path.join(root, "tsconfig.json") },
      })],
    },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" }],
      "import-x/no-cycle": "error",
      // Every package imported is declared in package.json (not merely hoisted there by npm).
      // Dependencies and devDependencies alike: every bundle is built by esbuild.
      "import-x/no-extraneous-dependencies": ["error", { packageDir: root, devDependencies: true, peerDependencies: false, optionalDependencies: false }],
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
    files: ["client/**/*.ts", "test/**/*.ts", "bench/**/*.ts", "scripts/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [{ regex: "^(\\.\\./)+server/src/", message: "Import server code as @server/… (tsconfig.json paths), not by a relative path." }] }],
    },
  },
);
