// The run session against real throwaway servers (testFixture/prosody's config, and a start
// command): every server it started is stopped, each exactly once, after a run that passes,
// one that fails, one interrupted mid-run, a session closed while its run goes on, and a start
// that fails; the first server is the first spec's; host and port come from the server.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freeLoopbackPort } from "../servers/freePorts";
import { isAlive, liveProcesses } from "../servers/processState";
import { isProsodyInstalled, projectProsodyConfig } from "../servers/prosody/throwawayProsody";
import { isServerStartError } from "../servers/serverStartError";
import { DEFAULT_RUN_SETTINGS } from "../runner/settings";
import { RunSession, withRunSession, type SessionEvents } from "./runSession";
import type { RunTarget } from "./runTarget";
import type { ServerHandle } from "./serverHandle";

const skip = isProsodyInstalled() ? false : "Prosody is not installed";
const PROSODY: RunTarget = { kind: "prosody", config: projectProsodyConfig() };
const SETTINGS = { ...DEFAULT_RUN_SETTINGS, receiveTimeoutMs: 300 };
const ALL_TAGS = { onlyTags: [], skipTags: [] };

function passing(name: string): { file: string; text: string } {
  return {
    file: `${name}.scs`,
    text: `# ${name}\n\n[Client] Romeo\n\tjid: ${name}@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\n` +
      `Romeo sends:\n\t<iq type='get' id='v1' to='localhost'><query xmlns='jabber:iq:version'/></iq>\n\n` +
      `Romeo receives:\n\t<iq type='result' id='v1' from='localhost'/>\n\nRomeo disconnects\n`,
  };
}

function waiting(name: string): { file: string; text: string } {
  return {
    file: `${name}.scs`,
    text: `# ${name}\n\n[Client] Romeo\n\tjid: ${name}@localhost\n\tpassword: password\n\n-----\n\nRomeo connects\n\n` +
      `Romeo receives:\n\t<message from='nobody@localhost'/>\n\nRomeo disconnects\n`,
  };
}

/** Live processes whose command line contains the marker. */
function processesWith(marker: string): number[] {
  return liveProcesses().filter((info) => info.commandLine.includes(marker) && info.pid !== process.pid).map((info) => info.pid);
}

/** Every server a session announces, how often each was stopped, and the first one. */
function watchServers(): SessionEvents & { started: ServerHandle[]; first: () => ServerHandle | undefined; stops: Map<ServerHandle, number> } {
  const started: ServerHandle[] = [];
  const stops = new Map<ServerHandle, number>();
  let first: ServerHandle | undefined;
  return {
    started, stops,
    first: () => first,
    serverStarted: (server, start) => {
      started.push(server);
      if (start.first) first = server;
    },
    serverStopped: (server) => stops.set(server, (stops.get(server) ?? 0) + 1),
  };
}

function assertAllStoppedOnce(watched: ReturnType<typeof watchServers>): void {
  assert.ok(watched.started.length > 0, "servers were started");
  const pids = watched.started.map((server) => server.pid!);
  assert.deepEqual(pids.filter(isAlive), [], "no server process is left");
  assert.deepEqual(watched.started.map((server) => watched.stops.get(server)), watched.started.map(() => 1), "each server was stopped exactly once");
  for (const server of watched.started) assert.equal(fs.existsSync(path.dirname(server.logFile!)), false, `${server.logFile} is removed`);
}

describe("a run session", () => {
  it("against a server someone else runs, starts nothing and sends clients to the target's address", async () => {
    const session = await RunSession.open({ kind: "address", host: "xmpp.example", port: 5299 }, { ...SETTINGS, host: "ignored", port: 1 });
    assert.equal(session.firstServer, undefined);
    assert.equal(session.freshServerPerSpec, false);
    assert.deepEqual([session.settings.host, session.settings.port], ["xmpp.example", 5299]);
    assert.equal(session.jobs(undefined, 8), 1, "specs share the server: one at a time unless asked");
    const nowhere = await RunSession.open({ kind: "address" }, { ...SETTINGS, host: "stale", port: 1 });
    assert.deepEqual([nowhere.settings.host, nowhere.settings.port], [undefined, undefined], "each client's own connect_host and port");
    await session.close();
  });

  it("with a start command, runs it first and stops it once at close", async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-session-"));
    try {
      const port = await freeLoopbackPort();
      const script = `require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1')`;
      const target: RunTarget = { kind: "command", startCommand: `${JSON.stringify(process.execPath)} -e ${JSON.stringify(script)} scansion-session-command`, cwd: directory, host: "127.0.0.1", port, readyTimeoutMs: 5000 };
      const watched = watchServers();
      let output = "";
      await withRunSession(target, SETTINGS, { ...watched, serverOutput: (text) => { output += text; } }, undefined, async (session) => {
        assert.deepEqual([session.settings.host, session.settings.port], ["127.0.0.1", port]);
        assert.equal(session.freshServerPerSpec, false);
        assert.notDeepEqual(processesWith("scansion-session-command"), [], "the command's server runs");
      });
      assert.equal(watched.started.length, 1);
      assert.equal(watched.stops.get(watched.first()!), 1);
      assert.deepEqual(processesWith("scansion-session-command"), [], "nothing of it is left");
      assert.match(output, /^\$ .*scansion-session-command/m, "the command is shown with its output");
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it("with a throwaway Prosody, gives the first spec the first server and each later one its own, and stops each once after a passing run", { skip }, async () => {
    const watched = watchServers();
    const outcome = await withRunSession(PROSODY, SETTINGS, watched, undefined, async (session) => {
      const first = session.firstServer!;
      assert.deepEqual([session.settings.host, session.settings.port], [first.address!.host, first.address!.port], "clients go where Prosody listens");
      assert.ok(isAlive(first.pid!));
      assert.equal(session.jobs(undefined, 3), 3, "a fresh server per spec: every CPU unless asked");
      return session.run([passing("alpha"), passing("bravo"), passing("charlie")], { tagFilter: ALL_TAGS, bail: false, jobs: 2 });
    });
    assert.deepEqual(outcome.results.map((result) => result.status), ["passed", "passed", "passed"]);
    assert.equal(watched.started.length, 3, "three specs, three servers: the first spec ran on the first one");
    assert.equal(new Set(watched.started.map((server) => server.address!.port)).size, 3, "each on a port of its own");
    assertAllStoppedOnce(watched);
  });

  it("stops every server once after a failing run", { skip }, async () => {
    const watched = watchServers();
    const outcome = await withRunSession(PROSODY, SETTINGS, watched, undefined, (session) =>
      session.run([waiting("delta"), passing("echo")], { tagFilter: ALL_TAGS, bail: false, jobs: 1 }));
    assert.deepEqual(outcome.results.map((result) => result.status), ["failed", "passed"]);
    assertAllStoppedOnce(watched);
  });

  it("stops every server once when the run is interrupted mid-run", { skip }, async () => {
    const watched = watchServers();
    const interrupt = new AbortController();
    const specs = [waiting("foxtrot"), waiting("golf"), passing("hotel"), passing("india")];
    const outcome = await withRunSession(PROSODY, { ...SETTINGS, receiveTimeoutMs: 20_000 }, watched, interrupt.signal, (session) =>
      session.run(specs, { tagFilter: ALL_TAGS, bail: false, jobs: 2 }, (event) => {
        if (event.type === "step-passed" && event.spec.file === "foxtrot.scs") interrupt.abort();
      }, interrupt.signal));
    assert.ok(outcome.results.some((result) => result.cancelled), "a running spec was cancelled");
    assert.ok(outcome.results.length < specs.length, "no spec started after the interruption");
    assertAllStoppedOnce(watched);
  });

  it("starts nothing more for its run once closed, and stops what had started", { skip }, async () => {
    const watched = watchServers();
    const session = await RunSession.open(PROSODY, SETTINGS, watched);
    let closing: Promise<void> | undefined;
    const run = session.run([passing("juliet"), passing("kilo"), passing("lima")], { tagFilter: ALL_TAGS, bail: false, jobs: 1 }, (event) => {
      if (event.type === "spec-ended" && event.result.spec.file === "juliet.scs") closing = session.close();
    });
    const outcome = await run;
    await closing;
    assert.ok(closing, "closed mid-run");
    assert.equal(outcome.results[0]?.status, "passed");
    assert.equal(outcome.infrastructureError, "cannot start a server for kilo: the run is over", "a closed session starts nothing more for the run");
    assert.equal(outcome.results.length, 2, "and the run stops there");
    assertAllStoppedOnce(watched);
  });

  it("when Prosody cannot start, rejects with one line and the log, and leaves nothing running", { skip }, async () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-session-bad-"));
    fs.chmodSync(directory, 0o755);
    const config = path.join(directory, "prosody.cfg.lua");
    fs.writeFileSync(config, "this is not lua {\n", { mode: 0o644 });
    const watched = watchServers();
    try {
      const error = await RunSession.open({ kind: "prosody", config }, SETTINGS, watched).then(
        async (session) => { await session.close(); return undefined; }, (reason: unknown) => reason);
      assert.ok(isServerStartError(error), `a ServerStartError: ${String(error)}`);
      assert.equal(error.message.split("\n").length, 1, error.message);
      assert.match(error.message, /exited with code \d+ before it was ready; log: /);
      assert.ok(error.logFile && fs.existsSync(error.logFile), "the log is kept to be read");
      assert.deepEqual(processesWith(path.dirname(error.logFile)), [], "no Prosody of it runs");
      assert.equal(watched.started.length, 0);
      fs.rmSync(path.dirname(error.logFile), { recursive: true, force: true });
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it("says why when nothing could be started at all", async () => {
    await assert.rejects(RunSession.open({ kind: "prosody", config: "/nonexistent/prosody.cfg.lua" }, SETTINGS), /Prosody config not found: \/nonexistent\/prosody\.cfg\.lua/);
  });
});
