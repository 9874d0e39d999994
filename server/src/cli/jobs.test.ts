// `scansion-run --jobs <n>`: with --prosody-config, n specs at a time, each on a fresh
// Prosody; reports in file order and equal to the sequential run's; no Prosody left behind,
// also when interrupted. Against --host/--port, sequential unless asked, with a warning.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { isAlive, liveProcesses } from "../servers/processState";
import { startProsody } from "../servers/prosody/throwawayProsody";
import { ensureCliBuilt, killRunningChildren, runCli, startCli, type CliExit } from "@support/cli";

const CONFIG = "testFixture/prosody/prosody.cfg.lua";
// Two failing specs first (discovery sorts paths), then three that pass.
const SPECS = ["testFixture/runner/every-verb.scs", "testFixture/runner/upload-slot.scs", "testFixture/specs", "testFixture/failing/never-arrives.scs", "testFixture/failing/text-mismatch.scs"];

interface JsonReport { specs: { file: string; status: string; failure?: { line: number } }[] }

function assertExit(run: CliExit, code: number): void {
  assert.equal(run.code, code, `exit status ${run.code} (signal ${run.signal})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function shapeOf(run: CliExit): string[] {
  return (JSON.parse(run.stdout) as JsonReport).specs.map((spec) => `${spec.file} ${spec.status}${spec.failure ? ` line ${spec.failure.line}` : ""}`);
}

/** Prosody processes (not zombies) started below `ancestor`, by pid. */
function prosodyDescendantsOf(ancestor: number): number[] {
  const processes = liveProcesses();
  const parentOf = new Map(processes.map((info) => [info.pid, info.parentPid]));
  const below = (pid: number): boolean => {
    for (let current = parentOf.get(pid); current !== undefined && current > 1; current = parentOf.get(current)) if (current === ancestor) return true;
    return false;
  };
  return processes.filter((info) => info.commandLine.includes("prosody") && below(info.pid)).map((info) => info.pid);
}

describe("scansion-run --jobs", () => {
  before(() => ensureCliBuilt());
  after(() => killRunningChildren());

  it("with --prosody-config, reports in file order exactly what --jobs 1 reports", async () => {
    const sequential = await runCli(["--prosody-config", CONFIG, "--jobs", "1", "--timeout", "300", "--reporter", "json", ...SPECS]);
    const parallel = await runCli(["--prosody-config", CONFIG, "--jobs", "3", "--timeout", "300", "--reporter", "json", ...SPECS]);
    assertExit(sequential, 1);
    assertExit(parallel, 1);
    assert.deepEqual(shapeOf(parallel), shapeOf(sequential));
    assert.deepEqual(shapeOf(sequential).map((line) => line.split(" ")[1]), ["failed", "failed", "passed", "passed", "passed"]);
    const files = (JSON.parse(parallel.stdout) as JsonReport).specs.map((spec) => spec.file);
    assert.deepEqual(files, [...files].sort(), "file order");
  });

  it("prints each spec's progress as one block, in file order", async () => {
    const run = await runCli(["--prosody-config", CONFIG, "--jobs", "3", "--timeout", "300", "--verbose", ...SPECS]);
    assertExit(run, 1);
    assert.match(run.stdout, /^Each spec runs on a fresh Prosody started the same way, 3 at a time \(--jobs\)\.$/m);
    const started = [...run.stdout.matchAll(/^▶ .*?\s{2}(\S+\.scs)$/gm)].map((match) => match[1]!);
    assert.equal(started.length, 5, run.stdout);
    assert.deepEqual(started, [...started].sort());
    // Between a spec's ▶ line and the next, only that spec's transcript and result.
    const blocks = run.stdout.split(/^▶ /m).slice(1);
    for (const block of blocks) assert.equal((block.match(/^[✓✗] /gm) ?? []).length, 1, `one result per block:\n${block}`);
  });

  it("stops every server it started when interrupted mid-run", async () => {
    const child = startCli(["--prosody-config", CONFIG, "--jobs", "2", "--timeout", "20000", "--verbose", "testFixture/failing/never-arrives.scs", ...SPECS.slice(0, 3)]);
    await child.stdoutMatches(/· Romeo \(line \d+\) connected as /);
    const servers = prosodyDescendantsOf(child.pid);
    assert.ok(servers.length >= 2, `two specs' servers run at once (found ${servers.join(", ")})`);
    process.kill(child.pid, "SIGINT");
    const run = await child.finished;
    assertExit(run, 130);
    assert.deepEqual(servers.filter(isAlive), [], "no Prosody process is left");
  });

  it("against --host/--port runs sequentially unless --jobs is given, and then warns", async () => {
    const server = await startProsody();
    try {
      const target = ["--host", server.host, "--port", String(server.c2sPort), "testFixture/runner/every-verb.scs"];
      const quiet = await runCli(target);
      assertExit(quiet, 0);
      assert.equal(quiet.stderr, "");
      const warned = await runCli(["--jobs", "2", ...target]);
      assertExit(warned, 0);
      assert.match(warned.stderr, /^scansion-run: warning: --jobs 2 runs specs at the same time on one server: they share its accounts \(JIDs\)/);
      assert.equal(warned.stderr.trim().split("\n").length, 1);
    } finally {
      await server.stop();
    }
  });
});
