// Retries, repeats and a job pool shared by two runs, against real throwaway Prosody servers:
// a spec that fails on its first server and passes on a fresh one is flaky (its attempts and
// the earlier failure kept, one attempt's events passed on); two runs sharing a pool of one
// never run two specs at once.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runSettingsAt } from "../session/runSession";
import { isProsodyInstalled, projectProsodyConfig, startProsody } from "../servers/prosody/throwawayProsody";
import type { RunEvent } from "./specResult";
import { DEFAULT_RUN_SETTINGS } from "./settings";
import { runSuite, type SpecServerFactory, type SuiteOptions } from "./suite";
import { JobPool } from "./jobPool";

const skip = isProsodyInstalled() ? false : "Prosody is not installed";

const VERSION = `# version\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\n` +
  `Romeo sends:\n\t<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>\n\n` +
  `Romeo receives:\n\t<iq type='result' id='v1' from='localhost'/>\n\nRomeo disconnects\n`;

/** The project's Prosody config without mod_version: a version request gets an error there. */
function configWithoutVersion(directory: string): string {
  const file = path.join(directory, "no-version.cfg.lua");
  const included = path.join(path.dirname(projectProsodyConfig()), "loopback.cfg.lua");
  fs.writeFileSync(file, fs.readFileSync(projectProsodyConfig(), "utf8").replace(/"version";/, "").replace('Include "loopback.cfg.lua"', `Include ${JSON.stringify(included)}`));
  return file;
}

/** Real Prosody servers: the configs in turn, the last one for every later spec; their pids. */
function serversFrom(configs: readonly string[]): { factory: SpecServerFactory; pids: number[] } {
  const pids: number[] = [];
  let started = 0;
  return {
    pids,
    factory: async (signal) => {
      const configPath = configs[Math.min(started, configs.length - 1)]!;
      started += 1;
      const server = await startProsody({ configPath, signal });
      pids.push(server.pid);
      return { settings: runSettingsAt(server, { receiveTimeoutMs: 400 }), release: () => server.stop() };
    },
  };
}

function options(serverPerSpec: SpecServerFactory, extra: Partial<SuiteOptions>): SuiteOptions {
  return { settings: { ...DEFAULT_RUN_SETTINGS, receiveTimeoutMs: 400 }, tagFilter: { onlyTags: [], skipTags: [] }, bail: false, serverPerSpec, ...extra };
}

describe("runSuite with retries, repeats and a shared job pool", { skip }, () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-attempts-"));
  const broken = configWithoutVersion(directory);
  const good = projectProsodyConfig();
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it("a spec that fails on its first server and passes on a fresh one passes as flaky, with its attempts and the earlier failure", async () => {
    const servers = serversFrom([broken, good]);
    const events: RunEvent[] = [];
    const outcome = await runSuite([{ file: "version.scs", text: VERSION }], options(servers.factory, { attempts: { retries: 2, repeat: 1 } }), (event) => events.push(event));
    const result = outcome.results[0]!;
    assert.equal(result.status, "passed");
    assert.equal(result.attempts, 2);
    assert.equal(result.flaky, true);
    assert.equal(result.earlierFailures?.length, 1);
    assert.equal(result.earlierFailures?.[0]?.line, 14, "the failed attempt's receive");
    assert.equal(servers.pids.length, 2, "each attempt on a fresh server");
    assert.equal(events.filter((event) => event.type === "spec-started").length, 1, "the listener sees one attempt");
    const ended = events.filter((event) => event.type === "spec-ended");
    assert.deepEqual(ended.map((event) => event.type === "spec-ended" && event.result.flaky), [true]);
    assert.equal(outcome.summary.passed, 1);
  });

  it("without retries the same spec just fails; a spec that keeps failing uses every retry and is not flaky", async () => {
    const once = await runSuite([{ file: "version.scs", text: VERSION }], options(serversFrom([broken]).factory, {}));
    assert.equal(once.results[0]!.status, "failed");
    assert.equal(once.results[0]!.attempts, undefined);
    const servers = serversFrom([broken]);
    const always = await runSuite([{ file: "version.scs", text: VERSION }], options(servers.factory, { attempts: { retries: 2, repeat: 1 } }));
    assert.equal(always.results[0]!.status, "failed");
    assert.equal(always.results[0]!.attempts, 3);
    assert.equal(always.results[0]!.flaky, undefined);
    assert.equal(servers.pids.length, 3);
  });

  it("--repeat runs a passing spec n times, and a spec that fails once in them is a failed, flaky one", async () => {
    const steady = await runSuite([{ file: "version.scs", text: VERSION }], options(serversFrom([good]).factory, { attempts: { retries: 0, repeat: 3 } }));
    assert.deepEqual([steady.results[0]!.status, steady.results[0]!.attempts, steady.results[0]!.flaky], ["passed", 3, undefined]);
    const flaky = await runSuite([{ file: "version.scs", text: VERSION }], options(serversFrom([good, broken]).factory, { attempts: { retries: 0, repeat: 3 } }));
    assert.deepEqual([flaky.results[0]!.status, flaky.results[0]!.attempts, flaky.results[0]!.flaky], ["failed", 2, true], "it stops at the failing repetition");
  });

  it("two runs sharing a pool of one slot never run two specs at once", async () => {
    const pool = new JobPool(1);
    let running = 0;
    let most = 0;
    const counted = (servers: SpecServerFactory): SpecServerFactory => async (signal, spec) => {
      running += 1;
      most = Math.max(most, running);
      const server = await servers(signal, spec);
      return { ...server, release: () => { running -= 1; return server.release(); } };
    };
    const specs = ["a", "b", "c"].map((name) => ({ file: `${name}.scs`, text: VERSION.replaceAll("romeo", name) }));
    const [first, second] = await Promise.all([
      runSuite(specs, options(counted(serversFrom([good]).factory), { jobs: 3, pool })),
      runSuite(specs, options(counted(serversFrom([good]).factory), { jobs: 3, pool })),
    ]);
    assert.deepEqual([first.summary.passed, second.summary.passed], [3, 3]);
    assert.equal(most, 1);
  });
});
