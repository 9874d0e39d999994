/**
 * The GitHub Actions workflows cannot run here: they are checked against the workflow schema
 * (action-validator, SchemaStore's github-workflow schema), and each of their steps must be one
 * call of a script of this repository that CI here runs too (.ci/run), so a release only runs
 * tested scripts.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { validateWorkflow, type ValidationError } from "@action-validator/core";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const workflowFiles = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();
const ciRun = readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
const npmScripts = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

function describeErrors(errors: readonly ValidationError[]): string {
  return errors.map((error) => `${"path" in error ? error.path : ""} ${error.title}${error.detail ? `: ${error.detail}` : ""}`).join("\n");
}

/** The `run:` commands of a workflow, with their line numbers (a `run: |` block is one entry). */
function runSteps(text: string): { line: number; command: string }[] {
  return text.split("\n").flatMap((line, index) => {
    const match = /^\s*(?:- )?run:\s*(.*)$/.exec(line);
    return match ? [{ line: index + 1, command: (match[1] ?? "").trim() }] : [];
  });
}

/** What a step runs, as .ci/run would write it: a script's path, or `npm ci` / `npm run <name>`. */
function scriptOf(command: string): string | undefined {
  const npm = /^npm (ci|run [\w:-]+)(\s|$)/.exec(command);
  if (npm) return `npm ${npm[1]}`;
  return /^(?:bash|node(?: --import tsx)?) ((?:scripts\/|\.ci\/)[\w./-]+)(\s|$)/.exec(command)?.[1];
}

describe("the GitHub Actions workflows", () => {
  it("are there: CI on every push, a release on a version tag", () => {
    assert.deepEqual(workflowFiles, ["ci.yml", "release.yml"]);
  });

  for (const file of workflowFiles) {
    it(`${file} is a valid workflow for GitHub's schema`, () => {
      const state = validateWorkflow(readFileSync(path.join(WORKFLOWS, file), "utf8"));
      assert.equal(state.errors.length, 0, describeErrors(state.errors));
    });

    it(`${file} runs only scripts of the repository that .ci/run runs too, one per step`, () => {
      const steps = runSteps(readFileSync(path.join(WORKFLOWS, file), "utf8"));
      assert.ok(steps.length > 0, "the workflow runs something");
      for (const { line, command } of steps) {
        const where = `${file}:${line} run: ${command}`;
        assert.ok(command !== "" && !command.startsWith("|") && !command.startsWith(">"), `${where}: one command per step, not a block`);
        const script = scriptOf(command);
        assert.ok(script !== undefined, `${where}: call a script of the repository (bash/node scripts/…, npm ci, npm run …)`);
        if (script.startsWith("npm run ")) assert.ok(script.slice("npm run ".length) in npmScripts, `${where}: no such npm script`);
        else if (script !== "npm ci") assert.ok(existsSync(path.join(ROOT, script)), `${where}: ${script} does not exist`);
        assert.ok(script === ".ci/run" || ciRun.includes(script), `${where}: .ci/run never runs ${script}, so CI here does not test it`);
      }
    });
  }

  it("the schema check fails a workflow GitHub would refuse", () => {
    const misspelt = "name: x\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    step:\n      - run: npm test\n";
    assert.ok(validateWorkflow(misspelt).errors.length > 0, "'step' instead of 'steps'");
    assert.ok(validateWorkflow("on: push\njobs: [").errors.some((error) => error.code === "parse_error"), "broken YAML");
  });

  it("a step with an inline script is refused", () => {
    assert.equal(scriptOf("curl -fsSL https://example.invalid/install.sh | sh"), undefined);
    assert.equal(scriptOf("node -e 'console.log(1)'"), undefined);
    assert.equal(scriptOf("node --import tsx scripts/release/publish.ts --check"), "scripts/release/publish.ts");
  });
});
