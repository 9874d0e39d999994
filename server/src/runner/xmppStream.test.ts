import { after, afterEach, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { xml } from "@xmpp/client-core";
import type { Element } from "ltx";
import { openStream, XmppStreamError } from "./xmppStream";
import type { StreamEnd, StreamOptions, XmppStream } from "./xmppStream";
import { startFakeXmppServer } from "@support/fakeXmppServer";
import type { FakeServerScript, FakeXmppServer } from "@support/fakeXmppServer";
import { projectProsodyConfig, startProsody } from "../servers/prosody/throwawayProsody";
import { startStarttlsProsody } from "../servers/prosody/starttlsProsody";
import type { ThrowawayProsody } from "../servers/prosody/throwawayProsody";

const ping = (id: string, to: string): Element => xml("iq", { type: "get", id, to }, xml("ping", { xmlns: "urn:xmpp:ping" }));
const ids = (stanzas: readonly Element[]): string[] => stanzas.map((stanza) => String(stanza.attrs.id));
const openTcpSockets = (): number => process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length;

async function rejection(promise: Promise<unknown>): Promise<XmppStreamError> {
  const error = await promise.then(() => undefined, (reason: unknown) => reason);
  assert.ok(error instanceof XmppStreamError, `expected an XmppStreamError, got ${String(error)}`);
  return error;
}

/** Streams opened by a test, closed after it whatever happened. */
function streamTracker(): { open(options: StreamOptions): Promise<XmppStream>; closeAll(): Promise<void> } {
  const streams: XmppStream[] = [];
  return {
    async open(options) {
      const stream = await openStream(options);
      streams.push(stream);
      return stream;
    },
    async closeAll() {
      await Promise.all(streams.splice(0).map((stream) => stream.close()));
    },
  };
}

describe("an XMPP stream (scripted server)", () => {
  let server: FakeXmppServer | undefined;
  const streams = streamTracker();
  const connect = async (script: FakeServerScript = {}): Promise<XmppStream> => {
    server = await startFakeXmppServer(script);
    return streams.open({ jid: "user@localhost", password: "pw", host: "127.0.0.1", port: server.port, connectTimeoutMs: 2000 });
  };
  afterEach(async () => {
    await streams.closeAll();
    await server?.close();
  });

  it("keeps the bind result out of the queue but queues a stanza that arrives in the same packet", async () => {
    const stream = await connect({ afterBind: "<message id='right-after-bind'><body>hi</body></message>" });
    assert.equal(stream.fullJid, "user@localhost/fake-resource");
    assert.deepEqual(ids(stream.queued()), ["right-after-bind"]);
    const stanza = await stream.nextStanza(1000);
    assert.equal(stanza.getChildText("body"), "hi");
    assert.equal(stanza.getNS(), "jabber:client", "received stanzas take their namespace from the stream");
  });

  it("sends nothing by itself: an iq from the server is queued, not answered", async () => {
    const stream = await connect({ afterBind: "<iq type='get' id='server-ping' from='localhost'><ping xmlns='urn:xmpp:ping'/></iq>" });
    assert.deepEqual(ids([await stream.nextStanza(1000)]), ["server-ping"]);
    await stream.send(xml("message", { id: "marker", to: "someone@localhost" }));
    await server?.waitForAfterBind("marker");
    assert.equal(server?.receivedAfterBind(), `<message id="marker" to="someone@localhost"/>`);
  });

  it("reports a stream error with its condition and text, after the stanzas that preceded it", async () => {
    const stream = await connect();
    const ends: StreamEnd[] = [];
    stream.onEnd((end) => ends.push(end));
    const ns = "urn:ietf:params:xml:ns:xmpp-streams";
    server?.sendRaw(`<message id='before-error'/><stream:error><policy-violation xmlns='${ns}'/><text xmlns='${ns}'>Too fast</text></stream:error></stream:stream>`);
    assert.deepEqual(ids([await stream.nextStanza(1000)]), ["before-error"]);
    const error = await rejection(stream.nextStanza(1000));
    assert.equal(error.code, "session-ended");
    assert.equal(error.condition, "policy-violation");
    assert.equal(error.message, "user@localhost/fake-resource cannot receive: stream error from the server: policy-violation (Too fast)");
    assert.deepEqual(ends.map((end) => [end.reason, end.condition, end.text]), [["stream-error", "policy-violation", "Too fast"]]);
    assert.equal(stream.isOpen, false);
  });

  it("reports a connection the server drops, for waiting and for sending", async () => {
    const stream = await connect();
    const waiting = rejection(stream.nextStanza(5000));
    server?.dropClient();
    const error = await waiting;
    assert.equal(error.code, "session-ended");
    assert.equal(error.end?.reason, "connection-lost");
    assert.equal((await rejection(stream.send(xml("presence")))).code, "session-ended");
    await stream.close();
    assert.equal(openTcpSockets(), 0);
  });

  it("gives a typed timeout when no stanza arrives in time", async () => {
    const stream = await connect();
    const started = Date.now();
    const error = await rejection(stream.nextStanza(50));
    assert.equal(error.code, "stanza-timeout");
    assert.equal(error.message, "no stanza arrived for user@localhost/fake-resource within 50 ms");
    assert.ok(Date.now() - started >= 45);
  });

  it("stops waiting when the wait is aborted", async () => {
    const stream = await connect();
    const controller = new AbortController();
    const waiting = rejection(stream.nextStanza(5000, controller.signal));
    controller.abort();
    assert.equal((await waiting).code, "aborted");
    assert.equal((await rejection(stream.waitForStanza(5000, AbortSignal.abort()))).code, "aborted");
  });

  it("signals arrivals, and lets the runner take a matching stanza out of order", async () => {
    const stream = await connect();
    const seen: string[] = [];
    stream.onStanza((stanza) => seen.push(String(stanza.attrs.id)));
    const arrival = stream.waitForStanza(1000);
    server?.sendRaw("<presence id='p1'/><message id='m1'/><message id='m2'/>");
    await arrival;
    while (stream.queued().length < 3) await stream.waitForStanza(1000);
    assert.deepEqual(seen, ["p1", "m1", "m2"]);
    assert.equal(stream.take((stanza) => stanza.name === "message")?.attrs.id, "m1");
    assert.equal(stream.take((stanza) => stanza.name === "iq"), undefined);
    assert.deepEqual(ids(stream.queued()), ["p1", "m2"]);
  });

  it("closes gracefully once, fails pending waits, and leaves no socket open", async () => {
    const stream = await connect();
    const waiting = rejection(stream.nextStanza(5000));
    const closing = stream.close();
    assert.equal(stream.close(), closing, "close() is idempotent");
    await closing;
    assert.equal((await waiting).code, "session-closed");
    assert.equal((await rejection(stream.send(xml("presence")))).code, "session-closed");
    assert.match(server?.receivedAfterBind() ?? "", /<\/stream:stream>$/);
    assert.equal(openTcpSockets(), 0);
  });

  it("drops the connection at once on destroy(), failing pending waits", async () => {
    const stream = await connect();
    const waiting = rejection(stream.nextStanza(5000));
    stream.destroy();
    assert.equal((await waiting).code, "session-closed");
    await stream.close();
    await server?.clientClosed();
    assert.doesNotMatch(server?.receivedAfterBind() ?? "", /stream:stream/, "no stream close was sent");
    assert.equal(openTcpSockets(), 0);
  });
});

describe("an XMPP stream against a real Prosody 0.12", () => {
  let prosody: ThrowawayProsody;
  const streams = streamTracker();
  const login = (jid: string, extra: Partial<StreamOptions> = {}): Promise<XmppStream> =>
    streams.open({ jid, password: "any", host: prosody.host, port: prosody.c2sPort, connectTimeoutMs: 5000, ...extra });

  before(async () => {
    prosody = await startProsody({ configPath: projectProsodyConfig() });
  });
  afterEach(() => streams.closeAll());
  after(() => prosody?.stop());

  it("binds the resource given in the JID, the resource option, or one the server picks", async () => {
    assert.equal((await login("romeo@localhost/balcony")).fullJid, "romeo@localhost/balcony");
    assert.equal((await login("romeo@localhost", { resource: "garden" })).fullJid, "romeo@localhost/garden");
    assert.match((await login("romeo@localhost")).fullJid, /^romeo@localhost\/.+$/);
  });

  it("sends an iq ping and receives its result as the only queued stanza", async () => {
    const stream = await login("juliet@localhost/ping");
    await stream.send(ping("ping-1", "localhost"));
    const result = await stream.nextStanza(2000);
    assert.deepEqual([result.name, result.attrs.type, result.attrs.id], ["iq", "result", "ping-1"]);
    assert.deepEqual(stream.queued(), []);
  });

  it("queues messages in arrival order while nobody waits", async () => {
    const alice = await login("alice@localhost/a");
    const bob = await login("bob@localhost/b");
    for (const id of ["m1", "m2", "m3"]) await alice.send(xml("message", { to: bob.fullJid, id, type: "chat" }, xml("body", {}, id)));
    await alice.send(ping("barrier", "localhost"));
    await alice.nextStanza(2000); // Prosody has routed the messages once this returns
    while (bob.queued().length < 3) await bob.waitForStanza(2000);
    assert.deepEqual(ids(bob.queued()), ["m1", "m2", "m3"]);
    assert.deepEqual((await bob.nextStanza(0)).attrs.from, alice.fullJid);
  });

  it("does not answer an iq another client sends to it", async () => {
    const alice = await login("alice@localhost/asker");
    const bob = await login("bob@localhost/silent");
    await alice.send(ping("to-bob", bob.fullJid));
    assert.equal((await bob.nextStanza(2000)).attrs.id, "to-bob");
    // Anything Bob wrote is processed by Prosody before his own ping's result comes back.
    await bob.send(ping("bob-barrier", "localhost"));
    await bob.nextStanza(2000);
    await alice.send(ping("alice-barrier", "localhost"));
    assert.deepEqual(ids([await alice.nextStanza(2000)]), ["alice-barrier"]);
  });

  it("reports the conflict stream error when the same full JID logs in again", async () => {
    const first = await login("romeo@localhost/phone");
    const ended = new Promise<StreamEnd>((resolve) => first.onEnd(resolve));
    const second = await login("romeo@localhost/phone");
    const end = await ended;
    assert.equal(end.reason, "stream-error");
    assert.equal(end.condition, "conflict");
    const error = await rejection(first.nextStanza(2000));
    assert.equal(error.code, "session-ended");
    assert.match(error.message, /stream error from the server: conflict/);
    await second.send(ping("still-works", "localhost"));
    assert.equal((await second.nextStanza(2000)).attrs.id, "still-works");
  });

  it("leaves no open socket after close()", async () => {
    const before = openTcpSockets();
    const stream = await login("mercutio@localhost");
    assert.equal(openTcpSockets(), before + 1);
    await stream.close();
    assert.equal(openTcpSockets(), before);
  });
});

describe("STARTTLS against a real Prosody 0.12 that requires it", () => {
  let prosody: ThrowawayProsody;
  const streams = streamTracker();
  const login = (extra: Partial<StreamOptions>): Promise<XmppStream> =>
    streams.open({ jid: "romeo@localhost", password: "any", host: prosody.host, port: prosody.c2sPort, connectTimeoutMs: 5000, ...extra });

  before(async () => {
    prosody = await startStarttlsProsody();
  });
  afterEach(() => streams.closeAll());
  after(async () => {
    await prosody?.stop();
  });

  it("refuses a self-signed certificate by default, naming the TLS failure", async () => {
    const error = await rejection(login({}));
    assert.equal(error.code, "tls-failed");
    assert.match(error.message, /^TLS handshake with 127\.0\.0\.1:\d+ failed: self-signed certificate/);
    // Names the target setting, the launch attribute and the CLI flag that change it.
    assert.ok(error.message.endsWith('; to trust a self-signed certificate, set "acceptSelfSignedCertificate": true on the target (scansion.targets) or in the launch configuration, or pass --accept-self-signed'), error.message);
  });

  it("logs in over TLS when self-signed certificates are accepted", async () => {
    const stream = await login({ acceptSelfSignedCertificate: true, resource: "tls" });
    assert.equal(stream.encrypted, true);
    assert.equal(stream.fullJid, "romeo@localhost/tls");
    await stream.send(ping("over-tls", "localhost"));
    assert.equal((await stream.nextStanza(2000)).attrs.id, "over-tls");
  });
});
