// The fence of tools/lint/eslint.config.mjs, checked by planting: each probe below is a file
// written into the repository where the rule watches, with one forbidden import; one ESLint
// run (the one `npm run lint` starts) lints them all, and every probe is removed afterwards,
// also when the run fails. A gate that an edit of the configuration reopens fails here.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { before, describe, it } from "node:test";

const ROOT = path.resolve(__dirname, "../..");
const ESLINT = path.join(path.dirname(createRequire(path.join(ROOT, "tools/lint/package.json")).resolve("eslint/package.json")), "bin/eslint.js");

/** Probe files (relative to the repository root) and their text. */
const PROBES = {
  direction: ["server/src/language/fenceProbeDirection.ts", `import { runSpec } from "@server/runner/specRunner";\nexport const probe = runSpec;\n`],
  testExplorer: ["client/src/testExplorer/fenceProbe.ts", `import { startLanguageServer } from "@server/lsp/server";\nexport const probe = startLanguageServer;\n`],
  vscodeInServer: ["server/src/runner/fenceProbeVscode.ts",
    `import type * as vscode from "vscode";\nimport { LanguageClient } from "vscode-languageclient/node";\n`
    + `export const probe = async (): Promise<typeof vscode> => (await import("vscode")) ?? LanguageClient;\n`],
  shippingImportsTests: ["server/src/language/fenceProbeTests.ts",
    `import { withCursor } from "@support/features/cursor";\nimport { figure } from "../../../bench/figures";\nimport { generateXmppData } from "../../../scripts/xmpp-data/generate";\n`
    + `export const probe = [withCursor, figure, generateXmppData];\n`],
  extensionTop: ["client/src/fenceProbeTop.ts", `import { startLanguageServer } from "@server/lsp/server";\nexport const probe = startLanguageServer;\n`],
  importsTheTop: ["client/src/documents/fenceProbeTop.ts", `import { activate } from "../extension";\nexport const probe = activate;\n`],
  serverTopFile: ["server/src/fenceProbe.ts", `export const probe = 1;\n`],
  script: ["scripts/fenceProbe.mjs", `import { minimatch } from "minimatch";\nimport { nothing } from "./lib/fenceProbeMissing.mjs";\nexport const probe = [minimatch, nothing, undeclaredName];\n`],
  typeCycleA: ["server/src/writing/fenceProbeCycleA.ts", `import type { B } from "./fenceProbeCycleB";\nexport type A = { b: B };\nexport const a = 1;\n`],
  typeCycleB: ["server/src/writing/fenceProbeCycleB.ts", `import { a } from "./fenceProbeCycleA";\nexport type B = { a: typeof a };\n`],
  valueCycleA: ["server/src/writing/fenceProbeValueA.ts", `import { b } from "./fenceProbeValueB";\nexport const a = () => b;\n`],
  valueCycleB: ["server/src/writing/fenceProbeValueB.ts", `import { a } from "./fenceProbeValueA";\nexport const b = () => a;\n`],
  testWithVscode: ["test/lint/fenceProbeVscode.ts", `import * as vscode from "vscode";\nexport const probe = vscode;\n`],
  // Allowed: a test reaches across layers and imports its helpers.
  testAcrossLayers: ["server/src/language/fenceProbeAllowed.test.ts",
    `import { withCursor } from "@support/features/cursor";\nimport { runSpec } from "@server/runner/specRunner";\nexport const probe = [withCursor, runSpec];\n`],
} as const;
type Probe = keyof typeof PROBES;

interface LintMessage { ruleId: string | null; message: string; line: number }
const found = new Map<Probe, LintMessage[]>();

function messagesOf(probe: Probe, ruleId: string): string[] {
  return (found.get(probe) ?? []).filter((m) => m.ruleId === ruleId).map((m) => m.message);
}

describe("the import fence (tools/lint/eslint.config.mjs)", () => {
  before(() => {
    const files = Object.values(PROBES).map(([file]) => file);
    try {
      for (const [file, text] of Object.values(PROBES)) {
        mkdirSync(path.dirname(path.join(ROOT, file)), { recursive: true });
        writeFileSync(path.join(ROOT, file), text);
      }
      const run = spawnSync(process.execPath, [ESLINT, "--format", "json", ...files], { cwd: ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
      assert.ok(run.status === 0 || run.status === 1, `eslint exited with ${run.status}: ${run.stderr}`);
      const results = JSON.parse(run.stdout) as { filePath: string; messages: LintMessage[] }[];
      for (const [probe, [file]] of Object.entries(PROBES) as [Probe, readonly [string, string]][]) {
        const result = results.find((r) => r.filePath === path.join(ROOT, file));
        assert.ok(result, `ESLint did not lint ${file}`);
        found.set(probe, result.messages);
      }
    } finally {
      for (const file of files) rmSync(path.join(ROOT, file), { force: true });
    }
  });

  it("keeps a lower layer from importing a higher one (language importing the runner)", () => {
    assert.deepEqual(messagesOf("direction", "import-x/no-restricted-paths"),
      [`Unexpected path "@server/runner/specRunner" imported in restricted zone. server/src/language may import only from itself (docs/ARCHITECTURE.md, "Dependency direction").`]);
  });

  it("checks the Test Explorer's folder like every other (no ignore meant for test helpers matches it)", () => {
    assert.match(messagesOf("testExplorer", "import-x/no-restricted-paths").join("\n"), /"@server\/lsp\/server" imported in restricted zone\. client\/src\/testExplorer may import only from/);
  });

  it("keeps vscode and vscode-languageclient out of server/src, by a type, static or dynamic import", () => {
    const restricted = messagesOf("vscodeInServer", "no-restricted-imports");
    assert.equal(restricted.length, 2, restricted.join("\n"));
    assert.ok(restricted.every((m) => m.includes("`vscode` is only for client/src's shipping code")), restricted.join("\n"));
    assert.equal(messagesOf("vscodeInServer", "no-restricted-syntax").length, 1, "the dynamic import(\"vscode\")");
  });

  it("keeps shipping code from importing test/, bench/ and scripts/", () => {
    const messages = messagesOf("shippingImportsTests", "import-x/no-restricted-paths");
    assert.equal(messages.length, 3, messages.join("\n"));
    assert.ok(messages.every((m) => m.includes("Code that ships never imports test/, scripts/, bench/ or tools/")), messages.join("\n"));
  });

  it("places client/src/*.ts at the top: it may not import the language server's own layer", () => {
    assert.match(messagesOf("extensionTop", "import-x/no-restricted-paths").join("\n"), /client\/src\/\*\.ts may import only from client\/src\/documents, /);
  });

  it("lets no client folder import the top (extension.ts) back", () => {
    assert.match(messagesOf("importsTheTop", "import-x/no-restricted-paths").join("\n"), /"\.\.\/extension" imported in restricted zone\. client\/src\/documents may import only from/);
  });

  it("refuses a file directly in server/src, which stands in no layer", () => {
    assert.match(messagesOf("serverTopFile", "no-restricted-syntax").join("\n"), /A file directly in server\/src is in no layer/);
  });

  it("lints the .mjs scripts: undefined names, undeclared packages, missing files", () => {
    assert.deepEqual(messagesOf("script", "no-undef"), ["'undeclaredName' is not defined."]);
    assert.match(messagesOf("script", "import-x/no-extraneous-dependencies").join("\n"), /'minimatch' should be listed in the project's dependencies/);
    assert.match(messagesOf("script", "import-x/no-unresolved").join("\n"), /fenceProbeMissing\.mjs/);
  });

  it("counts a type-only import in a cycle, where import-x/no-cycle does not look", () => {
    assert.deepEqual(messagesOf("typeCycleA", "fence/no-type-only-cycle"), [
      "Import cycle through a type-only import: server/src/writing/fenceProbeCycleA.ts → server/src/writing/fenceProbeCycleB.ts → server/src/writing/fenceProbeCycleA.ts."
      + " Move the shared types to a module both can import (docs/ARCHITECTURE.md, \"Dependency direction\").",
    ]);
    assert.deepEqual(messagesOf("typeCycleA", "import-x/no-cycle"), [], "import-x/no-cycle passes over type-only imports");
    assert.deepEqual(messagesOf("typeCycleB", "fence/no-type-only-cycle"), [], "the cycle is reported once, at its type-only import");
  });

  it("still finds a cycle of value imports (import-x/no-cycle)", () => {
    assert.equal(messagesOf("valueCycleA", "import-x/no-cycle").length, 1);
    assert.equal(messagesOf("valueCycleB", "import-x/no-cycle").length, 1);
  });

  it("keeps vscode out of tests, which run under plain Node", () => {
    assert.match(messagesOf("testWithVscode", "no-restricted-imports").join("\n"), /`vscode` is only for client\/src's shipping code/);
  });

  it("lets a test reach across layers and import its helpers as @support/…", () => {
    assert.deepEqual(found.get("testAcrossLayers"), []);
  });
});
