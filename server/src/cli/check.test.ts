/**
 * `scansion-run --check`: the editor's diagnostics on the command line, with no server, as a
 * user runs the bundle; its lines are what the `$scansion` problem matcher of package.json reads.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureCliBuilt, killRunningChildren, REPOSITORY_ROOT, runCli, startProcess } from "@support/cli";
import { parseSpec } from "../language/parser";
import { computeDiagnostics } from "../features/diagnostics";
import { checkSpecText } from "./check";

const BROKEN = "testFixture/language/broken-xml.scs";
const CURRENT = ["testFixture/runner/captures.scs", "testFixture/runner/anonymous.scs", "testFixture/runner/strict-yes-no.scs", "testFixture/runner/comments-in-blocks.scs"];

interface ProblemPattern {
  readonly regexp: string;
  readonly file: number;
  readonly line: number;
  readonly column: number;
  readonly severity: number;
  readonly message: number;
  readonly code: number;
}

/** The problem matcher contributed in package.json, as VS Code reads it. */
function problemMatcher(): { matcher: { name: string; owner: string; fileLocation: unknown; pattern: string }; pattern: ProblemPattern & { name: string } } {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as {
    contributes: { problemMatchers: { name: string; owner: string; fileLocation: unknown; pattern: string }[]; problemPatterns: (ProblemPattern & { name: string })[] };
  };
  const matcher = manifest.contributes.problemMatchers.find((candidate) => candidate.name === "scansion")!;
  const pattern = manifest.contributes.problemPatterns.find((candidate) => `$${candidate.name}` === matcher.pattern)!;
  return { matcher, pattern };
}

describe("scansion-run --check", () => {
  before(ensureCliBuilt);
  after(killRunningChildren);

  it("prints each error and warning the editor gives, one line each, and exits 1 on an error", async () => {
    const run = await runCli(["--check", BROKEN]);
    assert.equal(run.code, 1, run.stderr);
    const expected = computeDiagnostics(parseSpec(fs.readFileSync(path.join(REPOSITORY_ROOT, BROKEN), "utf8")), { unusedClient: false })
      .filter((d) => d.severity === 1 || d.severity === 2)
      .map((d) => `${BROKEN}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity === 1 ? "error" : "warning"}: ${String(d.message)} [${String(d.code)}]`);
    assert.ok(expected.length > 3);
    assert.deepEqual(run.stdout.trimEnd().split("\n").sort(), expected.sort());
    assert.match(run.stderr, /^1 spec checked: \d+ errors, \d+ warnings?\n$/);
  });

  it("exits 0 for specs with warnings only, and for the current scansion's constructs with nothing to say", async () => {
    const run = await runCli(["--check", ...CURRENT, "testFixture/failing/capture-not-bound.scs"]);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.deepEqual(run.stdout.trimEnd().split("\n").map((line) => /^(.*?):\d+:\d+: (\w+): .* \[([a-z-]+)\]$/.exec(line)?.slice(1)),
      [["testFixture/failing/capture-not-bound.scs", "warning", "capture-not-bound"]]);
  });

  it("searches folders, and exits 2 with one line for a path that does not exist", async () => {
    const folder = await runCli(["--check", "testFixture/runner"]);
    assert.equal(folder.code, 0, folder.stdout + folder.stderr);
    assert.match(folder.stderr, /^\d+ specs checked: 0 errors, 0 warnings\n$/);
    const missing = await runCli(["--check", "no/such/folder"]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, "scansion-run: cannot read no/such/folder: no such file or directory\n");
  });

  it("loads neither the runner nor the server code (the run's bundle, dist/cliRun.js)", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-check-"));
    try {
      const probe = path.join(folder, "loaded.js");
      fs.writeFileSync(probe, "process.on('exit', () => process.stderr.write('LOADED ' + Object.keys(require.cache).map((p) => require('path').basename(p)).join(' ') + '\\n'));\n");
      const run = await startProcess(["--require", probe, path.join(REPOSITORY_ROOT, "dist/cli.js"), "--check", BROKEN]).finished;
      const loaded = /^LOADED (.*)$/m.exec(run.stderr)?.[1]?.split(" ") ?? [];
      assert.ok(loaded.includes("cliCheck.js"), run.stderr);
      assert.ok(!loaded.includes("cliRun.js"), `loaded: ${loaded.join(", ")}`);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("prints lines the $scansion problem matcher reads: file, line, column, severity, message and code", async () => {
    const { matcher, pattern } = problemMatcher();
    assert.equal(matcher.owner, "scansion");
    const regexp = new RegExp(pattern.regexp);
    const run = await runCli(["--check", BROKEN, "testFixture/failing/capture-not-bound.scs"]);
    const lines = run.stdout.trimEnd().split("\n");
    for (const line of lines) {
      const match = regexp.exec(line);
      assert.ok(match, `the pattern reads ${line}`);
      assert.ok(fs.existsSync(path.join(REPOSITORY_ROOT, match[pattern.file]!)));
      assert.match(match[pattern.line]!, /^\d+$/);
      assert.match(match[pattern.column]!, /^\d+$/);
      assert.match(match[pattern.severity]!, /^(error|warning)$/);
      assert.match(match[pattern.code]!, /^[a-z-]+$/);
      assert.ok(!match[pattern.message]!.endsWith("]"), "the code is not part of the message");
    }
    assert.ok(lines.some((line) => regexp.exec(line)?.[pattern.severity] === "warning"));
  });
});

describe("checkSpecText", () => {
  it("leaves out hints, which VS Code's Problems view does not list either", () => {
    const text = "[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: p\n[Client] Unused\n\tjid: u@localhost\n\tpassword: p\n-----\nRomeo connects\nRomeo disconnects\nRomeo disconnects\n";
    assert.deepEqual(checkSpecText(text), []);
  });
});
