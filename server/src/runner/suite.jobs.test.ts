// runSuite with `jobs` and a server per spec, against real throwaway Prosody servers:
// results and events in file order, exactly the sequential run's; shards and bail agree
// with it; no server is left behind, whether the run passes, fails or is interrupted.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { liveProcesses } from "../servers/processState";
import { isProsodyInstalled, startProsody } from "../servers/prosody/throwawayProsody";
import { runSettingsAt } from "../session/runSession";
import type { RunEvent, SpecResult } from "./specResult";
import { DEFAULT_RUN_SETTINGS } from "./settings";
import { jobsFor, runSuite, type SpecServerFactory, type SuiteOptions } from "./suite";

const skip = isProsodyInstalled() ? false : "Prosody is not installed";

function passing(name: string): string {
  return `# ${name}\n\n[Client] Romeo\n\tjid: ${name}@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\n` +
    `Romeo sends:\n\t<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>\n\n` +
    `Romeo receives:\n\t<iq type='result' id='v1' from='localhost'/>\n\nRomeo disconnects\n`;
}

function failing(name: string): string {
  return `# ${name}\n\n[Client] Romeo\n\tjid: ${name}@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\n` +
    `Romeo receives:\n\t<message from='nobody@localhost'/>\n\nRomeo disconnects\n`;
}

function tagged(name: string): string {
  return `# ${name}\n## slow\n\n[Client] Romeo\n\tjid: ${name}@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n`;
}

// Seven specs: passes, a failure (line 11), a spec skipped by tag, more passes.
const SOURCES = [
  { file: "a.scs", text: passing("alpha") },
  { file: "b.scs", text: passing("bravo") },
  { file: "c.scs", text: failing("charlie") },
  { file: "d.scs", text: tagged("delta") },
  { file: "e.scs", text: passing("echo") },
  { file: "f.scs", text: failing("foxtrot") },
  { file: "g.scs", text: passing("golf") },
];

const SETTINGS = { ...DEFAULT_RUN_SETTINGS, receiveTimeoutMs: 400 };

/** Starts a real Prosody per spec and remembers every pid it started. */
function trackedServers(): { factory: SpecServerFactory; pids: number[] } {
  const pids: number[] = [];
  return {
    pids,
    factory: async () => {
      const server = await startProsody();
      pids.push(server.pid);
      return { settings: runSettingsAt(server, SETTINGS), release: () => server.stop() };
    },
  };
}

function options(serverPerSpec: SpecServerFactory, extra: Partial<SuiteOptions> = {}): SuiteOptions {
  return {
    settings: SETTINGS,
    tagFilter: { onlyTags: [], skipTags: ["slow"] },
    bail: false,
    serverPerSpec,
    ...extra,
  };
}

/** What must be equal between two runs of the same specs (durations and JIDs differ). */
function shape(results: readonly SpecResult[]): string[] {
  return results.map((r) => `${r.spec.file} ${r.status}${r.failure ? ` line ${r.failure.line} ${r.failure.kind}` : ""}`);
}

/** True while a Prosody process (not a zombie, not another program that got the pid) has this pid. */
function isRunning(pid: number): boolean {
  return liveProcesses().some((info) => info.pid === pid && info.commandLine.includes("prosody"));
}

function specOf(event: RunEvent): string {
  return event.type === "spec-ended" ? event.result.spec.file : event.spec.file;
}

describe("jobsFor: how many specs run at once (--jobs, scansion.jobs)", () => {
  it("takes what the user asked for", () => {
    assert.equal(jobsFor(3, true, 8), 3);
    assert.equal(jobsFor(4, false, 2), 4);
  });

  it("uses every CPU when each spec has a server of its own, else one at a time", () => {
    assert.equal(jobsFor(undefined, true, 2), 2);
    assert.equal(jobsFor(undefined, false, 8), 1);
    assert.equal(jobsFor(0, true, 0), 1, "a nonsense request or CPU count still runs specs");
  });
});

describe("runSuite with jobs and a server per spec", { skip }, () => {
  it("gives the sequential results, in file order, each spec's events together", async () => {
    const sequential = trackedServers();
    const one = await runSuite(SOURCES, options(sequential.factory, { jobs: 1 }));
    const parallel = trackedServers();
    const events: RunEvent[] = [];
    const three = await runSuite(SOURCES, options(parallel.factory, { jobs: 3 }), (event) => events.push(event));

    assert.deepEqual(shape(three.results), shape(one.results));
    assert.deepEqual(shape(one.results), [
      "a.scs passed", "b.scs passed", "c.scs failed line 11 timeout", "d.scs skipped",
      "e.scs passed", "f.scs failed line 11 timeout", "g.scs passed",
    ]);
    assert.deepEqual(three.summary.total, one.summary.total);
    // Events: one block per spec, blocks in file order, each ending with its spec-ended.
    const blocks: string[] = [];
    for (const event of events) if (blocks.at(-1) !== specOf(event)) blocks.push(specOf(event));
    assert.deepEqual(blocks, SOURCES.map((s) => s.file));
    const ended = events.filter((e): e is Extract<RunEvent, { type: "spec-ended" }> => e.type === "spec-ended");
    assert.deepEqual(ended.map((e) => e.result.spec.file), SOURCES.map((s) => s.file));
    assert.equal(parallel.pids.length, 6, "one server per spec that runs (the skipped one gets none)");
    assert.deepEqual([...sequential.pids, ...parallel.pids].filter(isRunning), [], "every server is stopped");
  });

  it("runs the specs of shards i/n that the sequential run runs, with its results", async () => {
    const whole = await runSuite(SOURCES, options(trackedServers().factory, { jobs: 2 }));
    const shards: SpecResult[] = [];
    for (let index = 1; index <= 3; index += 1) {
      const part = await runSuite(SOURCES, options(trackedServers().factory, { jobs: 2, shard: { index, count: 3 } }));
      shards.push(...part.results);
    }
    const byFile = (a: SpecResult, b: SpecResult) => a.spec.file.localeCompare(b.spec.file);
    assert.deepEqual(shape([...shards].sort(byFile)), shape(whole.results));
  });

  it("with bail, stops where the sequential run stops, even with later specs already running", async () => {
    const sequential = await runSuite(SOURCES, options(trackedServers().factory, { jobs: 1, bail: true }));
    const servers = trackedServers();
    const events: RunEvent[] = [];
    const parallel = await runSuite(SOURCES, options(servers.factory, { jobs: 4, bail: true }), (event) => events.push(event));
    assert.deepEqual(shape(sequential.results), ["a.scs passed", "b.scs passed", "c.scs failed line 11 timeout"]);
    assert.deepEqual(shape(parallel.results), shape(sequential.results));
    assert.deepEqual([...new Set(events.map(specOf))], ["a.scs", "b.scs", "c.scs"], "no event of a spec past the stop");
    assert.deepEqual(servers.pids.filter(isRunning), []);
  });

  it("stops every server when the run is interrupted", async () => {
    const servers = trackedServers();
    const interrupt = new AbortController();
    const outcome = await runSuite(SOURCES, options(servers.factory, { jobs: 3 }), (event) => {
      if (event.type === "spec-ended" && event.result.spec.file === "a.scs") interrupt.abort();
    }, interrupt.signal);
    assert.ok(outcome.results.some((r) => r.cancelled), "a running spec was cancelled");
    assert.ok(outcome.results.length < SOURCES.length, "no spec started after the interruption");
    assert.ok(servers.pids.length > 0);
    assert.deepEqual(servers.pids.filter(isRunning), []);
  });

  it("starts a spec's server a second time when the first start fails", async () => {
    const servers = trackedServers();
    let calls = 0;
    const outcome = await runSuite(SOURCES.slice(0, 2), options(async (signal, spec) => {
      calls += 1;
      if (calls === 1) throw new Error("Prosody was not ready after 10000 ms");
      return servers.factory(signal, spec);
    }, { jobs: 1 }));
    assert.deepEqual(shape(outcome.results), ["a.scs passed", "b.scs passed"]);
    assert.equal(calls, 3);
    assert.deepEqual(servers.pids.filter(isRunning), []);
  });

  it("says once why a server could not start (twice) and runs nothing more", async () => {
    const events: RunEvent[] = [];
    let calls = 0;
    const outcome = await runSuite(SOURCES, options(async () => { calls += 1; throw new Error("Prosody exited (code 1) before it was ready"); }, { jobs: 1 }),
      (event) => events.push(event));
    assert.equal(calls, 2, "one start and one retry");
    assert.deepEqual(shape(outcome.results), ["a.scs error line 1 connect"]);
    assert.equal(outcome.infrastructureError, "cannot start a server for alpha: Prosody exited (code 1) before it was ready");
  });
});
