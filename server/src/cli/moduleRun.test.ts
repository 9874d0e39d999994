// `scansion-run mod_<name>/tests` with no flags: a community module's specs on a throwaway
// Prosody with the module loaded (the session's module target; its cases: session/moduleRun.test.ts).
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { isProsodyInstalled } from "../servers/prosody/throwawayProsody";
import { ensureCliBuilt, runCli, type CliExit } from "@support/cli";

const skip = isProsodyInstalled() ? false : "Prosody is not installed";

function assertExit(run: CliExit, code: number): void {
  assert.equal(run.code, code, `exit status ${run.code} (signal ${run.signal})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

describe("scansion-run on a module's specs", { skip }, () => {
  before(() => ensureCliBuilt());

  it("runs mod_hello's tests with no flags, saying which Prosody, module and config", async () => {
    const run = await runCli(["--no-color", "testFixture/modules/mod_hello/tests"]);
    assertExit(run, 0);
    assert.match(run.stdout, /^Prosody \S+ \(\S+\) started with mod_hello \(\S+testFixture\/modules\/mod_hello\) and the generated module config: VirtualHost localhost; MUC conference\.localhost; mod_hello enabled globally, \S+prosody\.cfg\.lua on 127\.0\.0\.1:\d+, pid \d+; log: \S+$/m);
    assert.match(run.stdout, /2 passed, 0 failed/);
  });

  it("fails with Prosody's own error line and the log when the module does not load", async () => {
    const run = await runCli(["--no-color", "testFixture/modules-broken/mod_broken"]);
    assertExit(run, 2);
    const match = /^scansion-run: Prosody \S+ \(\S+, config \S+\) did not load mod_broken: Error initializing module 'broken' on 'localhost': .*; log: (\S+)$/.exec(run.stderr.trim());
    assert.ok(match, run.stderr);
    fs.rmSync(path.dirname(match[1]!), { recursive: true, force: true });
  });

  it("takes --prosody-module for specs kept elsewhere, and refuses a folder without a module", async () => {
    const run = await runCli(["--no-color", "--prosody-module", "testFixture/modules/mod_hello", "testFixture/modules/mod_hello/tests/hello.scs"]);
    assertExit(run, 0);
    const refused = await runCli(["--prosody-module", "testFixture/runner", "testFixture/runner/every-verb.scs"]);
    assertExit(refused, 2);
    assert.match(refused.stderr, /^scansion-run: --prosody-module testFixture\/runner: no mod_<name>\.lua in that folder/);
  });
});
