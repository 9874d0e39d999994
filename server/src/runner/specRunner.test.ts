/**
 * The runner against a real, throwaway Prosody: the project's fixture specs
 * pass, and each failing fixture fails at its probe line with a readable reason.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec } from "../language/parser";
import { freeLoopbackPort, startProsody, type ThrowawayProsody } from "../servers/prosody/throwawayProsody";
import { runSettingsAt } from "../session/runSession";
import type { RunEvent, SpecResult } from "./specResult";
import { DEFAULT_RUN_SETTINGS, type RunSettings } from "./settings";
import { runSpec } from "./specRunner";
import { runSuite } from "./suite";

const FIXTURES = join(__dirname, "..", "..", "..", "testFixture");
const fixture = (path: string) => join(FIXTURES, path);

/** 1-based line of the action below the `# probe: the failing action` comment. */
function probeLine(path: string): number {
  const lines = readFileSync(fixture(path), "utf8").split("\n");
  const probe = lines.findIndex((line) => line.startsWith("# probe: the failing action"));
  assert.ok(probe >= 0, `${path} has no probe comment`);
  return probe + 2;
}

let server: ThrowawayProsody;
let settings: RunSettings;

async function run(path: string, overrides: Partial<RunSettings> = {}, signal?: AbortSignal, events?: RunEvent[]): Promise<SpecResult> {
  const doc = parseSpec(readFileSync(fixture(path), "utf8"));
  const outcome = await runSpec(doc, { file: path, name: path }, { ...settings, ...overrides }, (event) => events?.push(event), signal);
  return outcome.result;
}

/** Socket and timer handles alive in this process, by kind. */
function liveHandles(): { sockets: number; timers: number } {
  const kinds = process.getActiveResourcesInfo();
  return { sockets: kinds.filter((k) => k === "TCPSocketWrap").length, timers: kinds.filter((k) => k === "Timeout").length };
}

describe("running specs against a real Prosody", () => {
  before(async () => {
    server = await startProsody();
    settings = runSettingsAt(server, { receiveTimeoutMs: 1500 });
  });
  after(async () => {
    await server?.stop();
  });

  it("passes the spec using every verb, variables, {scansion:any}, captures and scansion:strict", async () => {
    const events: RunEvent[] = [];
    const result = await run("runner/every-verb.scs", {}, undefined, events);
    assert.equal(result.status, "passed", result.failure?.message);
    assert.equal(result.captures.server, "localhost");
    assert.ok(result.steps.every((s) => s.status === "passed"), "every step passed");
    assert.equal(result.cancelled, undefined, "a run that ended on its own is not marked cancelled");
    const kinds = events.map((e) => e.type);
    assert.equal(kinds[0], "spec-started");
    assert.equal(kinds.at(-1), "spec-ended");
    assert.equal(kinds.filter((k) => k === "step-passed").length, result.steps.length);
  });

  it("records a transcript with client names, increasing times and the action's line, and no password", async () => {
    const result = await run("runner/every-verb.scs");
    const sent = result.transcript.filter((e) => e.direction === "sent");
    const received = result.transcript.filter((e) => e.direction === "received");
    assert.ok(sent.some((e) => e.client === "Romeo" && e.text.includes("Hello, Juliet")));
    assert.ok(received.some((e) => e.client === "Juliet's phone" && e.text.includes("Hello, Juliet")));
    const times = result.transcript.map((e) => e.atMs);
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
    assert.ok(result.transcript.every((e) => e.line !== undefined));
    assert.ok(!JSON.stringify(result).includes("password"), "no password in the result");
  });

  it("passes the members-only deregister spec from Prosody's suite", async () => {
    const result = await run("specs/muc_members_only_deregister.scs");
    assert.equal(result.status, "passed", result.failure?.message);
  });

  it("under strict-sequence fails the same spec where Prosody sends an unexpected status-104 message", async () => {
    const result = await run("specs/muc_members_only_deregister.scs", { mismatchPolicy: "strict-sequence" });
    assert.equal(result.status, "failed");
    assert.match(result.failure?.difference ?? "", /^message\/x\{muc#user\}\/item: /);
    assert.equal(result.failure?.kind, "mismatch");
  });

  it("fails a strict text mismatch at the action's line with the one-line difference and both stanzas", async () => {
    const result = await run("failing/text-mismatch.scs");
    assert.equal(result.status, "failed");
    assert.equal(result.failure?.line, probeLine("failing/text-mismatch.scs"));
    assert.equal(result.failure?.client, "Romeo");
    assert.equal(result.failure?.kind, "timeout", "under skip-unmatched the expected stanza never came; the difference is the closest one's");
    assert.equal(result.failure?.difference, 'iq/query{jabber:iq:version}/name: expected text "ejabberd", received "Prosody"');
    assert.ok(result.failure?.message.startsWith(`${result.failure?.difference} (Romeo waited 1500 ms for <iq type='result' id='version1' from='localhost'>; 1 stanza arrived, none matched)`), result.failure?.message);
    assert.match(result.failure?.expected ?? "", /<name>ejabberd<\/name>/);
    assert.match(result.failure?.received ?? "", /<name>Prosody<\/name>/);
    // Printed in the expected stanza's attribute order, the extra `to` last: a diff marks only the tail of the line.
    assert.match(result.failure?.received ?? "", /^<iq type='result' id='version1' from='localhost' to='romeo[^']*'>\n/);
    const statuses = result.steps.map((s) => s.status);
    assert.deepEqual(statuses.slice(-2), ["failed", "not-reached"]);
  });

  it("fails a receive that times out, saying which stanza never came", async () => {
    const result = await run("failing/never-arrives.scs", { receiveTimeoutMs: 300 });
    assert.equal(result.failure?.line, probeLine("failing/never-arrives.scs"));
    assert.equal(result.failure?.message, "Romeo waited 300 ms for <message type='chat' from='nobody@localhost'>; nothing arrived");
    assert.equal(result.failure?.kind, "timeout");
  });

  it("fails receives: nothing when a stanza arrives, showing it", async () => {
    const result = await run("failing/unexpected-stanza.scs");
    assert.equal(result.failure?.line, probeLine("failing/unexpected-stanza.scs"));
    assert.match(result.failure?.message ?? "", /^Juliet was to receive nothing, but received <message /);
    assert.match(result.failure?.received ?? "", /Are you there\?/);
    assert.equal(result.failure?.kind, "unexpected-stanza");
  });

  it("fails the step that observes a stream closed by the server, naming the stream error", async () => {
    const result = await run("failing/stream-replaced.scs");
    assert.equal(result.status, "failed");
    assert.equal(result.failure?.line, probeLine("failing/stream-replaced.scs"));
    assert.match(result.failure?.message ?? "", /Romeo's stream was closed by the server.*conflict/);
    assert.equal(result.failure?.kind, "stream-closed");
  });

  it("fails a refused login naming the client, as the spec's failure and not the environment's", async () => {
    const result = await run("failing/unknown-host.scs");
    assert.equal(result.status, "failed");
    assert.equal(result.failure?.line, probeLine("failing/unknown-host.scs"));
    assert.match(result.failure?.message ?? "", /^Romeo could not connect: .*host-unknown/);
    assert.equal(result.failure?.kind, "connect");
  });

  it("refuses to run a spec that does not parse, pointing at the first error", async () => {
    const doc = parseSpec("# Broken\n\n[Client] Romeo\n\tjid: r@localhost\n\tpassword: p\n\n-----\n\nRomeo connects\n\nRomeo sends:\n\t<presence\n");
    const { result } = await runSpec(doc, { file: "broken.scs", name: "Broken" }, settings);
    assert.equal(result.status, "error");
    assert.equal(result.failure?.line, 12);
    assert.match(result.failure?.message ?? "", /^line 12: /);
    assert.equal(result.failure?.kind, "parse");
  });

  it("goes on with the next spec after one whose stream the server closed", async () => {
    const outcome = await runSuite([fixture("failing/stream-replaced.scs"), fixture("runner/every-verb.scs")], {
      settings, tagFilter: { onlyTags: [], skipTags: [] }, bail: false,
    });
    assert.deepEqual(outcome.results.map((r) => r.status), ["failed", "passed"]);
  });

  it("leaves no socket or timer open after a run", async () => {
    const before = liveHandles();
    await run("runner/every-verb.scs");
    await run("failing/never-arrives.scs", { receiveTimeoutMs: 200 });
    assert.deepEqual(liveHandles(), before);
  });

  it("stops within half a second when cancelled, disconnecting every client", async () => {
    const before = liveHandles();
    const cancel = new AbortController();
    let receiveStarted!: () => void;
    const waiting = new Promise<void>((resolve) => { receiveStarted = resolve; });
    const doc = parseSpec(readFileSync(fixture("failing/never-arrives.scs"), "utf8"));
    const running = runSpec(doc, { file: "never-arrives", name: "never-arrives" }, { ...settings, receiveTimeoutMs: 20_000 }, (event) => {
      if (event.type === "step-started" && event.step.kind === "receives") receiveStarted();
    }, cancel.signal).then((outcome) => outcome.result);
    await waiting;
    const cancelledAt = performance.now();
    cancel.abort();
    const result = await running;
    const elapsed = performance.now() - cancelledAt;
    assert.ok(elapsed < 500, `took ${elapsed.toFixed(0)} ms`);
    assert.equal(result.status, "error");
    assert.equal(result.failure?.message, "the run was cancelled");
    assert.equal(result.cancelled, true, "the result says it was cancelled, so front ends need not read the message");
    assert.equal(result.failure?.kind, "cancelled");
    assert.deepEqual(liveHandles(), before);
  });
});

describe("running against a server that is not there", () => {
  it("reports an infrastructure error within a second, in one line naming host and port", async () => {
    const port = await freeLoopbackPort();
    const started = performance.now();
    const outcome = await runSuite([fixture("runner/every-verb.scs"), fixture("specs/muc_members_only_deregister.scs")], {
      settings: { ...DEFAULT_RUN_SETTINGS, host: "127.0.0.1", port }, tagFilter: { onlyTags: [], skipTags: [] }, bail: false,
    });
    assert.ok(performance.now() - started < 1000);
    assert.match(outcome.infrastructureError ?? "", new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.doesNotMatch(outcome.infrastructureError ?? "", /\n/);
    assert.equal(outcome.results.length, 1, "the run stops at the first unreachable connect");
  });
});
