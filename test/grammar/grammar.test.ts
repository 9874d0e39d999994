/**
 * The TextMate grammar (syntaxes/scansion.tmLanguage.json), checked with
 * vscode-tmgrammar-test: scope assertions in test/grammar/cases/*.scs and
 * token snapshots of real Prosody specs in test/grammar/snapshots/*.scs.
 * The tools read the grammar through package.json, as VS Code does.
 *
 * To refresh the snapshots after a deliberate grammar change:
 *   npx vscode-tmgrammar-snap --updateSnapshot 'test/grammar/snapshots/*.scs'
 * and review the .snap diff before committing it.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repositoryRoot = resolve(__dirname, "../..");
const casesDirectory = join(__dirname, "cases");
const snapshotsDirectory = join(__dirname, "snapshots");
const unitTool = require.resolve("vscode-tmgrammar-test/dist/unit.js");
const snapshotTool = require.resolve("vscode-tmgrammar-test/dist/snapshot.js");

interface ToolRun {
  readonly status: number | null;
  readonly output: string;
}

/** Runs one of the tool's entry points from the repository root (where package.json names the grammar). */
function runTool(entry: string, globPattern: string): ToolRun {
  const result = spawnSync(process.execPath, [entry, globPattern], {
    cwd: repositoryRoot,
    encoding: "utf8",
    env: { ...process.env, FORCE_COLOR: "0" },
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function scsFilesIn(directory: string): string[] {
  return readdirSync(directory).filter((entry) => entry.endsWith(".scs")).sort();
}

/** Every "#name" include in the grammar, and the repository rules it defines. */
function grammarIncludes(): { includes: Set<string>; rules: Set<string> } {
  const grammar = JSON.parse(readFileSync(join(repositoryRoot, "syntaxes/scansion.tmLanguage.json"), "utf8")) as { repository: Record<string, unknown> };
  const includes = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (key === "include" && typeof value === "string") includes.add(value);
        else visit(value);
      }
    }
  };
  visit(grammar);
  return { includes, rules: new Set(Object.keys(grammar.repository)) };
}

describe("the scansion TextMate grammar", () => {
  it("includes only rules its repository defines, and uses every rule it defines", () => {
    // vscode-textmate silently ignores an include it cannot resolve, so a typo would only show as missing colours.
    const { includes, rules } = grammarIncludes();
    for (const include of includes) {
      assert.ok(include.startsWith("#"), `${include} reaches outside the grammar`);
      assert.ok(rules.has(include.slice(1)), `${include} is not in the repository`);
    }
    for (const rule of rules) assert.ok(includes.has(`#${rule}`), `repository rule ${rule} is never included`);
  });

  it("meets every scope assertion in test/grammar/cases", () => {
    const cases = scsFilesIn(casesDirectory);
    assert.ok(cases.length >= 4, `expected the assertion cases, found ${cases.join(", ")}`);

    const run = runTool(unitTool, "test/grammar/cases/*.scs");

    assert.equal(run.status, 0, run.output);
    for (const name of cases) {
      assert.match(run.output, new RegExp(`✓ test/grammar/cases/${name.replace(/\./g, "\\.")} run successfuly`), run.output);
    }
  });

  it("tokenizes the Prosody specs in test/grammar/snapshots exactly as their .snap files record", () => {
    const specs = scsFilesIn(snapshotsDirectory);
    assert.ok(specs.length >= 3, `expected the snapshot specs, found ${specs.join(", ")}`);
    // Without a .snap the tool writes one and passes, so a missing file must fail here instead.
    for (const spec of specs) {
      assert.ok(existsSync(join(snapshotsDirectory, `${spec}.snap`)), `${spec}.snap is missing; generate it with --updateSnapshot`);
    }

    const run = runTool(snapshotTool, "test/grammar/snapshots/*.scs");

    assert.equal(run.status, 0, run.output);
    assert.doesNotMatch(run.output, /Generating snapshot|ERROR/, run.output);
  });

  describe("the test tools themselves", () => {
    let scratch = "";
    before(() => {
      scratch = mkdtempSync(join(tmpdir(), "scansion-grammar-"));
    });
    after(() => {
      rmSync(scratch, { recursive: true, force: true });
    });

    it("report a scope assertion the grammar does not meet", () => {
      const wrongCase = join(scratch, "wrong.scs");
      writeFileSync(wrongCase, [
        '# SYNTAX TEST "source.scansion" "deliberately wrong"',
        "# Title",
        "-----",
        "Romeo connects",
        "#     ^^^^^^^^ keyword.other.verb.disconnects.scansion",
        "",
      ].join("\n"));

      const run = runTool(unitTool, wrongCase);

      assert.notEqual(run.status, 0, run.output);
      assert.match(run.output, /missing required scopes: keyword\.other\.verb\.disconnects\.scansion/);
    });

    it("report a spec whose tokens no longer match its snapshot", () => {
      const spec = "version.scs";
      copyFileSync(join(snapshotsDirectory, spec), join(scratch, spec));
      const snapshot = readFileSync(join(snapshotsDirectory, `${spec}.snap`), "utf8");
      const tampered = snapshot.replace("keyword.other.verb.connects.scansion", "keyword.other.verb.sends.scansion");
      assert.notEqual(tampered, snapshot, "the snapshot should mention the connects verb");
      writeFileSync(join(scratch, `${spec}.snap`), tampered);

      const run = runTool(snapshotTool, join(scratch, "*.scs"));

      assert.notEqual(run.status, 0, run.output);
      assert.match(run.output, /ERROR in test case .*version\.scs/);
    });
  });
});
