/**
 * A second real server: the runner and the CLI against Debian's ejabberd 23.01, started
 * on loopback ports with the shipped throwaway-ejabberd.yml (STARTTLS required with the
 * package's self-signed certificate, SCRAM only, MUC). Skipped with the reason where
 * ejabberd is not installed (`node scripts/ensure-ejabberd.mjs` installs it as root).
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec } from "../../language/parser";
import type { SpecResult } from "../../runner/specResult";
import type { RunSettings } from "../../runner/settings";
import { runSpec } from "../../runner/specRunner";
import { openStream } from "../../runner/xmppStream";
import { ensureCliBuilt, killRunningChildren, probeLine, runCli } from "@support/cli";
import { listeningAddresses } from "../listeningSockets";
import { isAlive } from "../processState";
import { runSettingsAt } from "../../session/runSession";
import { ejabberdUnavailable, startEjabberd, type ThrowawayEjabberd } from "./throwawayEjabberd";

const MESSAGE_AND_MUC = "testFixture/ejabberd/message-and-muc.scs";
const VERSION_MISMATCH = "testFixture/ejabberd/version-mismatch.scs";
const MUC_STATUS_ORDER = "testFixture/ejabberd/muc-status-order.scs";
const REPOSITORY = join(__dirname, "..", "..", "..", "..");
/** Erlang start-up measured at 1.5–2 s on the 2-core CI machine; far more means something is wrong. */
const START_BOUND_MS = 30_000;

const unavailable = ejabberdUnavailable();
if (unavailable) console.log(`# ejabberd integration test skipped: ${unavailable}`);

let server: ThrowawayEjabberd;

async function run(file: string, overrides: Partial<RunSettings>): Promise<SpecResult> {
  const doc = parseSpec(readFileSync(join(REPOSITORY, file), "utf8"));
  const settings = runSettingsAt(server, { receiveTimeoutMs: 2000, connectTimeoutMs: 5000, ...overrides });
  return (await runSpec(doc, { file, name: file }, settings, () => {})).result;
}

/** "address:port" of every TCP socket `pid` listens on, sorted. */
function listenersOf(pid: number): string[] {
  const listeners = listeningAddresses([pid]);
  assert.ok(listeners, `/proc cannot tell what ${pid} listens on`);
  return listeners.map((listener) => `${listener.address}:${listener.port}`).sort();
}

describe("the runner against a real ejabberd 23.01", { skip: unavailable ?? false }, () => {
  before(async () => {
    await ensureCliBuilt();
    server = await startEjabberd({ startTimeoutMs: START_BOUND_MS });
    console.log(`# ejabberd ready in ${server.startupMs} ms (pid ${server.pid}, c2s ${server.host}:${server.c2sPort})`);
    await server.register("romeo", "r0meo-secret");
    await server.register("juliet", "jul1et-secret");
  });
  after(async () => {
    killRunningChildren();
    await server?.stop();
  });

  it("started within its bound and listens on loopback only (no epmd, no Erlang distribution)", () => {
    assert.ok(server.startupMs < START_BOUND_MS, `${server.startupMs} ms`);
    assert.deepEqual(listenersOf(server.pid), [`127.0.0.1:${server.c2sPort}`, `127.0.0.1:${server.httpPort}`].sort());
  });

  it("refuses ejabberd's self-signed certificate by default, naming the option that trusts it", async () => {
    const result = await run(MESSAGE_AND_MUC, {});
    assert.equal(result.status, "failed");
    assert.match(result.failure?.message ?? "", /TLS handshake with 127\.0\.0\.1:\d+ failed: self-signed certificate/);
    assert.match(result.failure?.message ?? "", /acceptSelfSignedCertificate/);
  });

  it("logs in with SCRAM over STARTTLS when the certificate is accepted (PLAIN is disabled)", async () => {
    const stream = await openStream({
      jid: "romeo@localhost", password: "r0meo-secret", resource: "scram", host: server.host, port: server.c2sPort,
      connectTimeoutMs: 5000, acceptSelfSignedCertificate: true,
    });
    try {
      assert.equal(stream.encrypted, true);
      assert.equal(stream.fullJid, "romeo@localhost/scram");
    } finally {
      await stream.close();
    }
  });

  it("names the refused login when the password is wrong", async () => {
    const error = await openStream({
      jid: "romeo@localhost", password: "not-his", host: server.host, port: server.c2sPort,
      connectTimeoutMs: 5000, acceptSelfSignedCertificate: true,
    }).then(async (stream) => { await stream.close(); return undefined; }, (reason: unknown) => reason as Error);
    assert.ok(error, "a wrong password is refused");
    assert.match(error.message, /romeo@localhost/);
    assert.match(error.message, /not-authorized/);
    assert.doesNotMatch(error.message, /not-his/, "no password in the message");
  });

  it("passes the spec written for ejabberd: a message between two clients and a MUC join", async () => {
    const result = await run(MESSAGE_AND_MUC, { acceptSelfSignedCertificate: true });
    assert.equal(result.status, "passed", result.failure?.message);
    assert.ok(result.transcript.some((entry) => entry.direction === "received" && entry.client === "Juliet"
      && entry.text.includes("Hello from ejabberd")));
  });

  it("says where the runner and ejabberd disagree as clearly as for Prosody", async () => {
    const result = await run(VERSION_MISMATCH, { acceptSelfSignedCertificate: true });
    assert.equal(result.status, "failed");
    assert.equal(result.failure?.line, probeLine(VERSION_MISMATCH));
    assert.equal(result.failure?.client, "Romeo");
    assert.equal(result.failure?.difference, 'iq/query{jabber:iq:version}/name: expected text "Prosody", received "ejabberd"');
    assert.ok(result.failure?.message.startsWith(`${result.failure?.difference} (Romeo waited 2000 ms for <iq type='result' id='version1' from='localhost'>; `),
      result.failure?.message);
    assert.match(result.failure?.received ?? "", /<name>ejabberd<\/name>/);
  });

  it("names the child that ejabberd sends in another order than Prosody (MUC status 201 after the item)", async () => {
    const result = await run(MUC_STATUS_ORDER, { acceptSelfSignedCertificate: true });
    assert.equal(result.status, "failed");
    assert.equal(result.failure?.line, probeLine(MUC_STATUS_ORDER));
    assert.equal(result.failure?.difference, "presence/x{muc#user}/status[1]: out of order: expected as child 1, received as child 2");
    assert.match(result.failure?.received ?? "", /<item [^>]*\/>\s*<status code='201'\/>/);
  });

  it("scansion-run refuses the certificate without --accept-self-signed and passes with it", async () => {
    const target = ["--host", server.host, "--port", String(server.c2sPort), "--reporter", "tap"];
    const refused = await runCli([...target, MESSAGE_AND_MUC]);
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /self-signed certificate/);
    assert.match(refused.stdout, /acceptSelfSignedCertificate|--accept-self-signed/);
    const accepted = await runCli([...target, "--accept-self-signed", MESSAGE_AND_MUC]);
    assert.equal(accepted.code, 0, accepted.stdout + accepted.stderr);
    assert.match(accepted.stdout, /^ok 1 /m);
  });

  it("stops by pid: the Erlang VM is gone and its scratch directory removed", async () => {
    const { pid, directory } = server;
    await server.stop();
    assert.equal(isAlive(pid), false, `ejabberd (pid ${pid}) still runs`);
    assert.equal(fs.existsSync(directory), false);
  });
});
