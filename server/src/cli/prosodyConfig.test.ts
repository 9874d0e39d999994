// `scansion-run --prosody-config <file> [--prosody <executable>]`: a throwaway Prosody for
// the run, from the config unchanged, stopped afterwards whatever happens.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { isAlive } from "../servers/processState";
import { prosody13Suite } from "@support/prosodySuite";
import { ensureCliBuilt, killRunningChildren, REPOSITORY_ROOT, runCli, startCli, type CliExit } from "@support/cli";

const PROJECT_CONFIG = "testFixture/prosody/prosody.cfg.lua";
const EVERY_VERB = "testFixture/runner/every-verb.scs";
const NEVER_ARRIVES = "testFixture/failing/never-arrives.scs";
const prosody13 = prosody13Suite();
const STARTED = /^Prosody (\S+) \((\S+)\) started with (\S+) on 127\.0\.0\.1:(\d+), pid (\d+); log: (\S+)$/m;

function assertExit(run: CliExit, code: number): void {
  assert.equal(run.code, code, `exit status ${run.code} (signal ${run.signal})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => { socket.destroy(); resolve(false); });
  });
}

/** Polls `probe` until it gives a value (a file appearing sends no event we can wait on here); fails after 10 s. */
async function waitFor<T>(probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < deadline, "timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What the "started" line says, and that nothing of that server is left. */
async function assertLeftNothing(output: string): Promise<void> {
  const started = STARTED.exec(output);
  assert.ok(started, `no "Prosody … started" line in:\n${output}`);
  const [, , , , port, pid, log] = started;
  assert.equal(isAlive(Number(pid)), false, `Prosody (pid ${pid}) still runs`);
  assert.equal(await accepts(Number(port)), false, `something still listens on ${port}`);
  assert.equal(fs.existsSync(path.dirname(log!)), false, "the scratch folder is removed");
}

describe("scansion-run --prosody-config", () => {
  before(() => ensureCliBuilt());
  after(() => killRunningChildren());

  it("starts Prosody with the config, says which one, runs against it and stops it", async () => {
    const run = await runCli(["--prosody-config", PROJECT_CONFIG, EVERY_VERB]);
    assertExit(run, 0);
    const [, version, executable, config] = STARTED.exec(run.stdout) ?? [];
    assert.equal(version, "0.12.3");
    assert.equal(executable, "/usr/bin/prosody");
    assert.equal(config, path.resolve(REPOSITORY_ROOT, PROJECT_CONFIG));
    await assertLeftNothing(run.stdout);
  });

  it("stops Prosody when a spec fails too", async () => {
    const run = await runCli(["--prosody-config", PROJECT_CONFIG, "--timeout", "200", NEVER_ARRIVES]);
    assertExit(run, 1);
    await assertLeftNothing(run.stdout);
  });

  it("keeps the log of a failed spec's server for the HTML report, and still removes its folder", async () => {
    const report = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scansion-html-")), "report.html");
    try {
      const run = await runCli(["--prosody-config", PROJECT_CONFIG, "--timeout", "200", "--reporter", "html", "--output", report, EVERY_VERB, NEVER_ARRIVES]);
      assertExit(run, 1);
      const html = fs.readFileSync(report, "utf8");
      assert.equal(html.match(/Server log of this spec/g)?.length, 1, "the failed spec's log only");
      assert.match(html, /Server log of this spec[^]*Hello and welcome to Prosody version 0\.12\.3/);
      assert.equal(html.match(/<div class="sd" id="spec-\d+-diagram"/g)?.length, 2, "a diagram per spec");
      await assertLeftNothing(run.stdout);
    } finally {
      fs.rmSync(path.dirname(report), { recursive: true, force: true });
    }
  });

  it("keeps stdout for a JSON report and says what it started on stderr", async () => {
    const run = await runCli(["--prosody-config", PROJECT_CONFIG, "--reporter", "json", EVERY_VERB]);
    assertExit(run, 0);
    assert.equal((JSON.parse(run.stdout) as { specs: unknown[] }).specs.length, 1);
    await assertLeftNothing(run.stderr);
  });

  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    it(`on ${signal} mid-run, exits ${code} and leaves no Prosody process and no listener`, async () => {
      const child = startCli(["--prosody-config", PROJECT_CONFIG, "--timeout", "20000", "--verbose", NEVER_ARRIVES]);
      await child.stdoutMatches(/· Romeo \(line \d+\) connected as /);
      process.kill(child.pid, signal);
      const run = await child.finished;
      assertExit(run, code);
      await assertLeftNothing(run.stdout);
    });
  }

  it("on Ctrl-C while Prosody starts, exits 130 and leaves no Prosody process and no scratch folder", async () => {
    // A config that never opens the client port: the start waits (up to 10 s) when the signal comes.
    const scratchRoot = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-cli-tmp-"));
    fs.chmodSync(scratchRoot, 0o755);
    const config = path.join(scratchRoot, "never-ready.cfg.lua");
    fs.writeFileSync(config, `c2s_ports = {}\nhttp_ports = {}\nmodules_disabled = { "s2s" }\nVirtualHost "localhost"\n`, { mode: 0o644 });
    try {
      const child = startCli(["--prosody-config", config, EVERY_VERB], { env: { TMPDIR: scratchRoot } });
      // Prosody has written its pid: it runs, but is not ready.
      const pidFile = await waitFor(() => fs.readdirSync(scratchRoot).filter((name) => name.startsWith("scansion-prosody-"))
        .map((name) => path.join(scratchRoot, name, "prosody.pid")).find((file) => fs.existsSync(file) && fs.readFileSync(file, "utf8").trim() !== ""));
      const pid = Number(fs.readFileSync(pidFile, "utf8").trim());
      process.kill(child.pid, "SIGINT");
      const run = await child.finished;
      assertExit(run, 130);
      assert.match(run.stderr, /interrupted while Prosody started/);
      assert.equal(isAlive(pid), false, `Prosody (pid ${pid}) still runs`);
      assert.deepEqual(fs.readdirSync(scratchRoot).filter((name) => name.startsWith("scansion-prosody-")), [], "the scratch folder is removed");
    } finally {
      fs.rmSync(scratchRoot, { recursive: true, force: true });
    }
  });

  it("fails in one line that says why and where the log is when Prosody cannot start", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-bad-config-"));
    fs.chmodSync(directory, 0o755);
    const config = path.join(directory, "prosody.cfg.lua");
    fs.writeFileSync(config, "this is not lua {\n", { mode: 0o644 });
    try {
      const run = await runCli(["--prosody-config", config, EVERY_VERB]);
      assertExit(run, 2);
      const lines = run.stderr.trim().split("\n");
      assert.equal(lines.length, 1, run.stderr);
      const match = /^scansion-run: Prosody 0\.12\.3 \(\/usr\/bin\/prosody, config \S+\) exited with code \d+ before it was ready; log: (\S+)$/.exec(lines[0]!);
      assert.ok(match, lines[0]);
      assert.match(fs.readFileSync(match[1]!, "utf8"), /prosody\.cfg\.lua/, "the log says what went wrong");
      fs.rmSync(path.dirname(match[1]!), { recursive: true, force: true });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it("refuses --host/--port with --prosody-config, a missing executable, and --prosody alone", async () => {
    for (const [args, message] of [
      [["--prosody-config", PROJECT_CONFIG, "--port", "5222", EVERY_VERB], /leave out --host and --port/],
      [["--prosody", "/usr/bin/prosody", EVERY_VERB], /--prosody needs --prosody-config or a module.s specs/],
      [["--prosody-config", PROJECT_CONFIG, "--prosody", "/nonexistent/prosody", EVERY_VERB], /the Prosody executable \/nonexistent\/prosody does not exist/],
    ] as const) {
      const run = await runCli(args);
      assertExit(run, 2);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.trim().split("\n").length, 1, run.stderr);
    }
  });

  it("runs Prosody 13.0.1 with its suite's own config, unchanged", { skip: "missing" in prosody13 && prosody13.missing }, async () => {
    if ("missing" in prosody13) return;
    // In a built checkout, as a Prosody developer runs it: no --prosody, the tree's ./prosody is the default.
    const executable = prosody13.source === "checkout" ? [] : ["--prosody", prosody13.prosody];
    const run = await runCli(["--prosody-config", prosody13.config, ...executable, path.join(prosody13.specs, "basic.scs")]);
    assertExit(run, 0);
    assert.deepEqual(STARTED.exec(run.stdout)?.slice(1, 3), ["13.0.1", prosody13.prosody]);
    await assertLeftNothing(run.stdout);
  });
});
