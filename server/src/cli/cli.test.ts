import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { SaxesParser } from "saxes";
import { freeLoopbackPort, startProsody, type ThrowawayProsody } from "../servers/prosody/throwawayProsody";
import { DEFAULT_RUN_SETTINGS } from "../runner/settings";
import {
  ensureCliBuilt, killRunningChildren, probeLine, REPOSITORY_ROOT, runCli, startCli, type CliExit,
} from "@support/cli";

const EVERY_VERB = "testFixture/runner/every-verb.scs";
const MUC = "testFixture/specs/muc_members_only_deregister.scs";
const NEVER_ARRIVES = "testFixture/failing/never-arrives.scs";
const STREAM_REPLACED = "testFixture/failing/stream-replaced.scs";
const UNEXPECTED = "testFixture/failing/unexpected-stanza.scs";
const UNKNOWN_HOST = "testFixture/failing/unknown-host.scs";
const PROBED = ["never-arrives", "stream-replaced", "text-mismatch", "unexpected-stanza", "unknown-host"]
  .map((name) => `testFixture/failing/${name}.scs`);

/** The parts of the JSON report (docs/REPORT-FORMAT.md) these tests read. */
interface JsonReport {
  readonly version: number;
  readonly specs: readonly {
    readonly file: string;
    readonly name: string;
    readonly status: string;
    readonly durationMs: number;
    readonly skipReason?: string;
    readonly failure?: { line: number; client: string; message: string; expected: string | null; received: string | null };
  }[];
  readonly summary: { total: number; passed: number; failed: number; errors: number; skipped: number; durationMs: number };
}

const STACK_FRAME = /^\s+at /m;

function stderrLines(run: CliExit): string[] {
  return run.stderr.split("\n").filter((line) => line.length > 0);
}

/** Fails with the whole output, so that a wrong exit status explains itself. */
function assertExit(run: CliExit, code: number): void {
  assert.equal(run.code, code, `exit status ${run.code} (signal ${run.signal})\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
}

function assertOneLineError(run: CliExit): string {
  const lines = stderrLines(run);
  assert.equal(lines.length, 1, `one line on stderr:\n${run.stderr}`);
  assert.doesNotMatch(run.stderr, STACK_FRAME);
  assert.match(lines[0] ?? "", /^scansion-run: /);
  return lines[0] ?? "";
}

describe("scansion-run, the command line", () => {
  before(ensureCliBuilt);
  after(killRunningChildren);

  describe("without a server", () => {
    it("prints the usage with --help and exits 0", async () => {
      const run = await runCli(["--help"]);
      assertExit(run, 0);
      assert.match(run.stdout, /^Usage: scansion-run /);
      assert.match(run.stdout, /--reporter <name>/);
      assert.equal(run.stderr, "");
    });

    it("prints the package's version with --version", async () => {
      const { version } = JSON.parse(fs.readFileSync(path.join(REPOSITORY_ROOT, "package.json"), "utf8")) as { version: string };
      const run = await runCli(["--version"]);
      assertExit(run, 0);
      assert.equal(run.stdout, `${version}\n`);
    });

    for (const args of [["--frobnicate", EVERY_VERB], ["--port", "-1", EVERY_VERB], ["--reporter", "xml", EVERY_VERB], []]) {
      it(`refuses \`${args.join(" ")}\` with exit 2 and one line on stderr`, async () => {
        const run = await runCli(args);
        assertExit(run, 2);
        assertOneLineError(run);
        assert.equal(run.stdout, "");
      });
    }

    it("exits 2 with one line naming a spec file that does not exist", async () => {
      const run = await runCli(["--port", "1", "testFixture/no-such-spec.scs"]);
      assertExit(run, 2);
      assert.match(assertOneLineError(run), /testFixture\/no-such-spec\.scs/);
    });

    it("exits 2 on the refused connection itself, not after a timeout, saying host:port in one line, when nothing listens", async (t) => {
      const port = await freeLoopbackPort();
      // A refused connection ends the run at once; a run that waited instead would wait at least
      // a connect or receive timeout (5 s each by default), so that is the bound: how fast "at
      // once" is, on a loaded machine or not, belongs to npm run bench.
      const firstTimeoutMs = Math.min(DEFAULT_RUN_SETTINGS.connectTimeoutMs, DEFAULT_RUN_SETTINGS.receiveTimeoutMs);
      const run = await runCli(["--host", "127.0.0.1", "--port", String(port), EVERY_VERB, MUC]);
      t.diagnostic(`nothing listening: exited after ${run.durationMs.toFixed(0)} ms`);
      assertExit(run, 2);
      assert.ok(run.durationMs < firstTimeoutMs, `exited after ${run.durationMs.toFixed(0)} ms, as late as a timeout`);
      assert.match(assertOneLineError(run), new RegExp(`127\\.0\\.0\\.1:${port}\\b`));
    });
  });

  describe("against a throwaway Prosody", () => {
    let prosody: ThrowawayProsody | undefined;
    let scratch: string;
    /** Connects every client to the throwaway server; receives give up after a second. */
    let server: string[];

    before(async () => {
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-cli-"));
      prosody = await startProsody();
      server = ["--host", prosody.host, "--port", String(prosody.c2sPort), "--timeout", "1000"];
    });

    after(async () => {
      killRunningChildren();
      await prosody?.stop();
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    async function jsonReport(args: readonly string[]): Promise<{ run: CliExit; report: JsonReport }> {
      const output = path.join(scratch, `report-${process.hrtime.bigint()}.json`);
      const run = await runCli([...server, "--reporter", "json", "--output", output, ...args]);
      return { run, report: JSON.parse(fs.readFileSync(output, "utf8")) as JsonReport };
    }

    it("exits 0 when every spec passes", async () => {
      const run = await runCli([...server, EVERY_VERB, MUC]);
      assertExit(run, 0);
      assert.match(run.stdout, /✓ Every verb and matching feature against a real server/);
      assert.match(run.stdout, /✓ MUC: Members-only rooms kick members who deregister/);
      assert.match(run.stdout, /\n2 passed, 0 failed in /);
    });

    for (const file of PROBED) {
      it(`exits 1 for ${path.basename(file)} and prints file:line of its failing action`, async () => {
        const run = await runCli([...server, file]);
        assertExit(run, 1);
        assert.ok(run.stdout.includes(`    ${file}:${probeLine(file)} `), `${file}:${probeLine(file)} in\n${run.stdout}`);
        assert.match(run.stdout, /\n0 passed, 1 failed in /);
      });
    }

    it("writes the documented JSON report to --output, and progress to stdout", async () => {
      const file = "testFixture/failing/text-mismatch.scs";
      const { run, report } = await jsonReport([EVERY_VERB, file]);
      assertExit(run, 1);
      assert.match(run.stdout, /1 passed, 1 failed/);
      assert.equal(report.version, 1);
      assert.deepEqual(report.specs.map((spec) => [spec.file, spec.status]), [[file, "failed"], [EVERY_VERB, "passed"]]);
      const failing = report.specs[0];
      assert.equal(failing?.name, "A strict text mismatch");
      assert.ok(Number.isInteger(failing?.durationMs));
      assert.equal(failing?.failure?.line, probeLine(file));
      assert.equal(failing?.failure?.client, "Romeo");
      assert.match(failing?.failure?.message ?? "", /ejabberd/);
      assert.match(failing?.failure?.expected ?? "", /<name>ejabberd<\/name>/);
      assert.match(failing?.failure?.received ?? "", /<name>Prosody<\/name>/);
      assert.equal(report.specs[1]?.failure, undefined);
      assert.deepEqual({ ...report.summary, durationMs: 0 }, { total: 2, passed: 1, failed: 1, errors: 0, skipped: 0, durationMs: 0 });
    });

    it("writes JUnit XML, and nothing else, to stdout with --reporter junit", async () => {
      const run = await runCli([...server, "--reporter", "junit", EVERY_VERB, UNEXPECTED]);
      assertExit(run, 1);
      const cases: Record<string, string>[] = [];
      const failures: Record<string, string>[] = [];
      let suites: Record<string, string> = {};
      const parser = new SaxesParser();
      parser.on("error", (error) => { throw error; });
      parser.on("opentag", (tag) => {
        const attributes = tag.attributes as Record<string, string>;
        if (tag.name === "testsuites") suites = attributes;
        if (tag.name === "testcase") cases.push(attributes);
        if (tag.name === "failure") failures.push(attributes);
      });
      parser.write(run.stdout).close();
      assert.deepEqual([suites.tests, suites.failures, suites.errors, suites.skipped], ["2", "1", "0", "0"]);
      assert.deepEqual(cases.map((c) => c.file), [UNEXPECTED, EVERY_VERB]);
      assert.match(failures[0]?.message ?? "", /Juliet was to receive nothing/);
    });

    it("writes TAP to stdout with --reporter tap", async () => {
      const run = await runCli([...server, "--reporter", "tap", "--skip-tags", "area: features", EVERY_VERB, UNEXPECTED, MUC]);
      assertExit(run, 1);
      const lines = run.stdout.split("\n");
      assert.deepEqual(lines.slice(0, 2), ["TAP version 14", "1..3"]);
      assert.deepEqual(lines.filter((line) => /^(not )?ok /.test(line)), [
        "not ok 1 - Something arrives where nothing should",
        `ok 2 - Every verb and matching feature against a real server # SKIP tagged "area: features" (--skip-tags)`,
        "ok 3 - MUC: Members-only rooms kick members who deregister",
      ]);
      assert.ok(lines.includes(`  at: "${UNEXPECTED}:${probeLine(UNEXPECTED)}"`), run.stdout);
    });

    it("runs only specs with a tag of --only-tags", async () => {
      const { run, report } = await jsonReport(["--only-tags", "failing", EVERY_VERB, STREAM_REPLACED]);
      assertExit(run, 1);
      assert.deepEqual(report.specs.map((spec) => [spec.file, spec.status]), [[STREAM_REPLACED, "failed"], [EVERY_VERB, "skipped"]]);
      assert.match(report.specs[1]?.skipReason ?? "", /--only-tags/);
    });

    it("skips specs with a tag of --skip-tags, and exits 0 when the rest pass", async () => {
      const { run, report } = await jsonReport(["--skip-tags", "failing", EVERY_VERB, STREAM_REPLACED]);
      assertExit(run, 0);
      assert.deepEqual(report.specs.map((spec) => [spec.file, spec.status]), [[STREAM_REPLACED, "skipped"], [EVERY_VERB, "passed"]]);
    });

    it("covers every spec exactly once with --shard 1/2 and --shard 2/2", async () => {
      const all = [EVERY_VERB, MUC, STREAM_REPLACED, UNEXPECTED, UNKNOWN_HOST];
      const first = await jsonReport(["--shard", "1/2", ...all]);
      const second = await jsonReport(["--shard", "2/2", ...all]);
      const one = first.report.specs.map((spec) => spec.file);
      const two = second.report.specs.map((spec) => spec.file);
      assert.deepEqual([...one, ...two].sort(), [...all].sort());
      assert.deepEqual([one.length, two.length], [3, 2]);
      assert.ok(one.every((file) => !two.includes(file)));
    });

    it("stops after the first failing spec with --bail", async () => {
      const { run, report } = await jsonReport(["--bail", STREAM_REPLACED, UNKNOWN_HOST, EVERY_VERB]);
      assertExit(run, 1);
      assert.deepEqual(report.specs.map((spec) => [spec.file, spec.status]), [[STREAM_REPLACED, "failed"]]);
      assert.equal(report.summary.total, 1);
    });

    it("prints the transcript with client names with --verbose", async () => {
      const run = await runCli([...server, "--verbose", EVERY_VERB]);
      assertExit(run, 0);
      assert.match(run.stdout, /▶ Every verb and matching feature against a real server {2}testFixture\/runner\/every-verb\.scs\n/);
      assert.match(run.stdout, /· Romeo \(line 18\) connected as romeo-verbs@localhost\/\S+\n/);
      assert.match(run.stdout, /· Juliet's phone \(line 24\) connected as juliet-verbs@localhost\/balcony\n/);
      assert.match(run.stdout, /→ Romeo \(line 34\) <message to='juliet-verbs@localhost\/balcony' type='chat' id='m1'><body>Hello, Juliet<\/body><\/message>\n/);
      assert.match(run.stdout, /← Juliet's phone \(line \d+\) <message [^\n]*<body>Hello, Juliet<\/body><\/message>\n/);
    });

    it("never prints a password, in any reporter or in verbose output", async () => {
      const password = "s3cret-Pa55";
      const copies = path.join(scratch, "passwords");
      fs.mkdirSync(copies);
      for (const file of [EVERY_VERB, NEVER_ARRIVES, UNKNOWN_HOST]) {
        const text = fs.readFileSync(path.join(REPOSITORY_ROOT, file), "utf8").replaceAll("password: password", `password: ${password}`);
        assert.ok(text.includes(`password: ${password}`));
        fs.writeFileSync(path.join(copies, path.basename(file)), text);
      }
      const { run, report } = await jsonReport(["--verbose", copies]);
      assertExit(run, 1);
      assert.deepEqual(report.specs.map((spec) => spec.status), ["passed", "failed", "failed"]);
      const outputs = [run.stdout, run.stderr, JSON.stringify(report)];
      for (const reporter of ["junit", "tap"]) {
        const other = await runCli([...server, "--verbose", "--reporter", reporter, copies]);
        outputs.push(other.stdout, other.stderr);
      }
      for (const output of outputs) assert.ok(!output.includes(password), `the password leaked:\n${output}`);
    });

    it("fails a spec whose stream the server closes, and still runs the next spec", async () => {
      const { run, report } = await jsonReport([STREAM_REPLACED, EVERY_VERB]);
      assertExit(run, 1);
      assert.deepEqual(report.specs.map((spec) => [spec.file, spec.status]), [[STREAM_REPLACED, "failed"], [EVERY_VERB, "passed"]]);
      const failure = report.specs[0]?.failure;
      assert.equal(failure?.line, probeLine(STREAM_REPLACED));
      assert.match(failure?.message ?? "", /closed by the server.*conflict/);
    });

    it("on Ctrl-C, disconnects every client and exits 130 within 500 ms", async (t) => {
      const child = startCli([...server, "--timeout", "20000", "--verbose", NEVER_ARRIVES]);
      await child.stdoutMatches(/· Romeo \(line \d+\) connected as /);
      const interrupted = performance.now();
      process.kill(child.pid, "SIGINT");
      const run = await child.finished;
      const exitMs = run.exitedAt - interrupted;
      t.diagnostic(`Ctrl-C: exited ${exitMs.toFixed(0)} ms after SIGINT`);
      assert.equal(run.code, 130, `exit status ${run.code}\nstdout:\n${run.stdout}\nstderr:\n${run.stderr}`);
      assert.ok(exitMs < 500, `exited ${exitMs.toFixed(0)} ms after SIGINT`);
      assert.match(run.stderr, /every client was disconnected/);
      assert.doesNotMatch(run.stderr, STACK_FRAME);
    });
  });
});
