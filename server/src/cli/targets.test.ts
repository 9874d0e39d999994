/**
 * scansion-run --targets: a bad targets file or an unknown target is one line and exit 2; a
 * real matrix, a throwaway Prosody and a throwaway ejabberd (accounts registered, certificate
 * trusted), gives every spec one result per target; --update-expectations then --expectations
 * exits 0 with the failures known; --reporter github annotates the failing step and appends
 * its summary; --reporter html has a column per target.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ensureCliBuilt, killRunningChildren, probeLine, runCli } from "@support/cli";
import { ejabberdUnavailable } from "../servers/ejabberd/throwawayEjabberd";
import { isProsodyInstalled, projectProsodyConfig } from "../servers/prosody/throwawayProsody";

const MESSAGE_AND_MUC = "testFixture/ejabberd/message-and-muc.scs";
const VERSION_MISMATCH = "testFixture/ejabberd/version-mismatch.scs";
const unavailable = !isProsodyInstalled() ? "Prosody is not installed" : ejabberdUnavailable();

let directory: string;
const inDirectory = (name: string) => path.join(directory, name);

function writeTargets(name: string, content: unknown): string {
  const file = inDirectory(name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("scansion-run --targets", () => {
  before(async () => {
    await ensureCliBuilt();
    directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-targets-"));
  });
  after(() => {
    killRunningChildren();
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it("a file that is not a list of targets, a bad entry, an unknown --target: one line each, exit 2, nothing run", async () => {
    const cases: [string[], RegExp][] = [
      [["--targets", inDirectory("missing.json")], /^scansion-run: cannot read --targets .*missing\.json: no such file\n$/],
      [["--targets", writeTargets("broken.json", "[{")], /^scansion-run: .*broken\.json:1: not JSON \(\w+\)\n$/],
      [["--targets", writeTargets("object.json", { name: "x" })], /^scansion-run: .*object\.json: expected a list of targets, or a settings file holding "scansion\.targets"\n$/],
      [["--targets", writeTargets("entry.json", [{ name: "p", prosody: {} }])], /^scansion-run: .*entry\.json\[0\]: prosody needs a config/],
      [["--targets", writeTargets("two.json", [{ name: "a", host: "localhost", port: 5222 }]), "--target", "b"], /^scansion-run: no target named "b" in .*two\.json \(a\)\n$/],
      [["--target", "a"], /^scansion-run: --target needs --targets \(see scansion-run --help\)\n$/],
      [["--targets", inDirectory("two.json"), "--host", "localhost"], /--targets names the servers: leave out --host/],
    ];
    for (const [args, message] of cases) {
      const exit = await runCli([...args, MESSAGE_AND_MUC]);
      assert.equal(exit.code, 2, `${args.join(" ")}: ${exit.stderr}`);
      assert.match(exit.stderr, message);
      assert.equal(exit.stdout.includes("passed"), false);
    }
  });

  it("reads scansion.targets from a settings file with comments, paths relative to the file", async () => {
    const settings = writeTargets("settings.json", `{\n  // the editor's own settings\n  "scansion.targets": [{ "name": "here", "prosody": { "config": "nowhere.cfg.lua" } },],\n}`);
    const exit = await runCli(["--targets", settings, MESSAGE_AND_MUC]);
    assert.equal(exit.code, 2);
    assert.match(exit.stderr, new RegExp(`here: Prosody config not found: ${inDirectory("nowhere.cfg.lua").replace(/[.]/g, "\\.")}`));
  });

  describe("on a throwaway Prosody and a throwaway ejabberd", { skip: unavailable ?? false }, () => {
    let targets: string;
    before(() => {
      targets = writeTargets("matrix.json", [
        { name: "prosody", prosody: { config: path.relative(directory, projectProsodyConfig()) } },
        { name: "ejabberd", ejabberd: {} },
      ]);
    });

    it("gives every spec one result per target, with its target; ejabberd has the spec's accounts and trusts its own certificate", async () => {
      const exit = await runCli(["--targets", targets, "--timeout", "1500", "--jobs", "2", "--reporter", "json", MESSAGE_AND_MUC, VERSION_MISMATCH]);
      assert.equal(exit.code, 1, exit.stderr);
      const specs = JSON.parse(exit.stdout).specs as { file: string; target: string; status: string; failure?: { difference?: string } }[];
      assert.deepEqual(specs.map((spec) => `${spec.target} ${path.basename(spec.file)} ${spec.status}`), [
        // Written for ejabberd: Prosody's MUC answers differ (a stanza difference, not an error).
        "prosody message-and-muc.scs failed", "prosody version-mismatch.scs passed",
        "ejabberd message-and-muc.scs passed", "ejabberd version-mismatch.scs failed",
      ]);
      assert.ok(specs[0]!.failure?.difference, "the Prosody failure is a stanza difference");
      assert.equal(specs[3]!.failure?.difference, 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "ejabberd"');
    });

    it("--reporter html gives the spec a row and each target a column, each result its own diagram", async () => {
      const report = inDirectory("report.html");
      const exit = await runCli(["--targets", targets, "--timeout", "1500", "--reporter", "html", "--output", report, VERSION_MISMATCH]);
      assert.equal(exit.code, 1, exit.stderr);
      const html = fs.readFileSync(report, "utf8");
      assert.match(html, /<thead><tr><th>spec<\/th><th>tags<\/th><th>prosody<\/th><th>ejabberd<\/th><\/tr><\/thead>/);
      assert.equal(html.match(/<tbody><tr>/g)?.length, 1, "one row: the spec");
      assert.match(html, /<td class="status-passed">.*<td class="status-failed">/s, "passed on Prosody, failed on ejabberd");
      assert.equal(html.match(/<div class="sd" id="spec-\d-diagram"/g)?.length, 2);
      assert.match(html, /<span class="target">ejabberd<\/span>/);
    });

    it("--update-expectations writes the failures; with --expectations they are known and the run exits 0; github annotates", async () => {
      const known = inDirectory("known.json");
      const first = await runCli(["--targets", targets, "--target", "ejabberd", "--timeout", "1500", "--update-expectations", known, "--no-color", VERSION_MISMATCH]);
      assert.equal(first.code, 1, first.stderr);
      const written = JSON.parse(fs.readFileSync(known, "utf8"));
      const key = path.relative(directory, path.resolve(VERSION_MISMATCH));
      assert.deepEqual(written, { ejabberd: { [key]: 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "ejabberd"' } });

      const summary = inDirectory("summary.md");
      const again = await runCli(["--targets", targets, "--timeout", "1500", "--expectations", known, "--reporter", "github", "--no-color", VERSION_MISMATCH],
        { env: { GITHUB_STEP_SUMMARY: summary, GITHUB_WORKSPACE: process.cwd() } });
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /1 of the failures are known/);
      assert.ok(again.stdout.includes(`::notice file=${VERSION_MISMATCH},line=${probeLine(VERSION_MISMATCH)},title=known failure%3A`), again.stdout);
      assert.match(again.stdout, /^version-mismatch\.scs +✓ +✗ known$/m, "the spec × target table");
      assert.match(fs.readFileSync(summary, "utf8"), /^## scansion-run: ✅ 1 passed, 0 failed, 1 known failures/);

      // Without the expectations the same failure is an error annotation on its line.
      const plain = await runCli(["--targets", targets, "--target", "ejabberd", "--timeout", "1500", "--reporter", "github", VERSION_MISMATCH], { env: { GITHUB_WORKSPACE: process.cwd() } });
      assert.equal(plain.code, 1);
      assert.ok(plain.stdout.includes(`::error file=${VERSION_MISMATCH},line=${probeLine(VERSION_MISMATCH)},title=`), plain.stdout);
    });
  });
});
