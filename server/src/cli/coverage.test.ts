// `scansion-run --coverage <file.lcov>`: the Lua lines the run's own Prosody servers ran, as an
// LCOV file genhtml renders; written whole, or not at all with the reason, whatever happens.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { findExecutable } from "../servers/prosody/prosodyInstall";
import { isProsodyInstalled } from "../servers/prosody/throwawayProsody";
import { ensureCliBuilt, killRunningChildren, runCli, startCli, type CliExit } from "@support/cli";

const PROJECT_CONFIG = "testFixture/prosody/prosody.cfg.lua";
const EVERY_VERB = "testFixture/runner/every-verb.scs";
const NEVER_ARRIVES = "testFixture/failing/never-arrives.scs";

function assertExit(run: CliExit, code: number): void {
  assert.equal(run.code, code, `exit status ${run.code} (signal ${run.signal})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

interface LcovRecord { readonly file: string; readonly lines: Map<number, number>; readonly found: number; readonly hit: number }

/** Parses a tracefile strictly: every record closed, LF and LH matching its DA lines. */
function readLcov(file: string): LcovRecord[] {
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.endsWith("end_of_record\n"), "the file ends with a whole record");
  return text.trimEnd().split("end_of_record").filter((chunk) => chunk.trim() !== "").map((chunk) => {
    const fields = chunk.trim().split("\n");
    const sf = fields.find((field) => field.startsWith("SF:"));
    assert.ok(sf, chunk);
    const lines = new Map(fields.filter((field) => field.startsWith("DA:")).map((field) => field.slice(3).split(",").map(Number) as [number, number]));
    const found = Number(fields.find((field) => field.startsWith("LF:"))?.slice(3));
    const hit = Number(fields.find((field) => field.startsWith("LH:"))?.slice(3));
    assert.equal(found, lines.size, `LF of ${sf}`);
    assert.equal(hit, [...lines.values()].filter((count) => count > 0).length, `LH of ${sf}`);
    return { file: sf.slice(3), lines, found, hit };
  });
}

describe("scansion-run --coverage", { skip: !isProsodyInstalled() && "Prosody is not installed" }, () => {
  let folder: string;
  before(async () => {
    await ensureCliBuilt();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-coverage-"));
    fs.chmodSync(folder, 0o755);
  });
  after(() => {
    killRunningChildren();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it("writes the lines the spec's Prosody ran as LCOV, sums them up per folder, and genhtml renders it", async () => {
    const lcov = path.join(folder, "every-verb.lcov");
    const run = await runCli(["--prosody-config", PROJECT_CONFIG, "--coverage", lcov, EVERY_VERB]);
    assertExit(run, 0);
    assert.match(run.stdout, /^Coverage of 1 spec in \S+every-verb\.lcov: .*core\/ \d+\.\d%.*modules\/ \d+\.\d%/m);
    const records = readLcov(lcov);
    const modulemanager = records.find((record) => record.file === "/usr/lib/prosody/core/modulemanager.lua");
    assert.ok(modulemanager, records.map((record) => record.file).join(", "));
    assert.ok(modulemanager.hit > 0 && modulemanager.hit < modulemanager.found, "run and never-run lines");
    assert.ok(records.every((record) => !record.file.endsWith(".cfg.lua")), "no config");
    assert.deepEqual(fs.readdirSync(folder).filter((name) => name.includes("partial")), []);
    const genhtml = findExecutable("genhtml");
    if (genhtml) {
      const html = path.join(folder, "html");
      execFileSync(genhtml, ["-q", "-o", html, lcov], { stdio: "pipe" });
      assert.match(fs.readFileSync(path.join(html, "index.html"), "utf8"), /core/);
    }
  });

  it("writes the coverage of a run whose spec fails, and exits 1 for the failure", async () => {
    const lcov = path.join(folder, "failing.lcov");
    const run = await runCli(["--prosody-config", PROJECT_CONFIG, "--timeout", "300", "--coverage", lcov, NEVER_ARRIVES]);
    assertExit(run, 1);
    assert.ok(readLcov(lcov).length > 10);
  });

  it("on Ctrl-C mid-spec, writes what the interrupted spec's server ran and says so", async () => {
    const lcov = path.join(folder, "interrupted.lcov");
    const child = startCli(["--prosody-config", PROJECT_CONFIG, "--timeout", "20000", "--verbose", "--coverage", lcov, NEVER_ARRIVES]);
    await child.stdoutMatches(/· Romeo \(line \d+\) connected as /);
    process.kill(child.pid, "SIGINT");
    const run = await child.finished;
    assertExit(run, 130);
    assert.match(run.stdout, /^Coverage of 1 spec \(interrupted: the specs that ran\) in /m);
    assert.ok(readLcov(lcov).length > 10);
  });

  it("says the coverage of a spec whose server was killed mid-spec is lost, and writes no file without data", async () => {
    const scratchRoot = fs.mkdtempSync(path.join(folder, "tmp-"));
    fs.chmodSync(scratchRoot, 0o755);
    const lcov = path.join(folder, "killed.lcov");
    const child = startCli(["--prosody-config", PROJECT_CONFIG, "--timeout", "20000", "--verbose", "--coverage", lcov, NEVER_ARRIVES], { env: { TMPDIR: scratchRoot } });
    await child.stdoutMatches(/· Romeo \(line \d+\) connected as /);
    // The start-up server has stopped by now: the one scratch folder left is the spec's server's.
    const pids = fs.readdirSync(scratchRoot).map((name) => path.join(scratchRoot, name, "prosody.pid")).filter((file) => fs.existsSync(file));
    assert.equal(pids.length, 1, pids.join(", "));
    process.kill(Number(fs.readFileSync(pids[0]!, "utf8").trim()), "SIGKILL");
    const run = await child.finished;
    assertExit(run, 1);
    assert.match(run.stderr, /coverage of \S*never-arrives\.scs was lost: Prosody (was ended by SIGKILL|exited with code 137) without writing its coverage/);
    assert.match(run.stderr, /no coverage was collected: \S+killed\.lcov was not written/);
    assert.equal(fs.existsSync(lcov), false);
  });

  for (const [how, args] of [["--host/--port", ["--host", "127.0.0.1", "--port", "5222"]], ["each client's own server", []]] as const) {
    it(`against a server the run does not start (${how}), says so in one line and exits 2`, async () => {
      const run = await runCli([...args, "--coverage", path.join(folder, "none.lcov"), EVERY_VERB]);
      assertExit(run, 2);
      assert.equal(run.stderr.trim().split("\n").length, 1);
      assert.match(run.stderr, /--coverage needs a server the run starts/);
      assert.equal(fs.existsSync(path.join(folder, "none.lcov")), false);
    });
  }
});
