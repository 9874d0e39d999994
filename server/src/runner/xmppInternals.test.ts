// Fails by name when an upgrade of the @xmpp/* packages changes an internal the runner
// relies on (xmppInternals.ts): re-read that module against the new version, then update it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { Client } from "@xmpp/client-core";
import { attachTlsSocket, ContainedClient, markBound, TlsSocketWrapper, XMPP_JS_VERSION_LINE } from "./xmppInternals";

const requireHere = createRequire(__filename);

/** Every @xmpp package xmppConnection.ts and xmppInternals.ts import, and @xmpp/connection, which holds the internals. */
const XMPP_PACKAGES = ["client-core", "connection", "xml", "tcp", "tls", "middleware", "stream-features", "sasl", "sasl-plain", "sasl-scram-sha-1", "sasl-anonymous"];

function newClient(): ContainedClient {
  return new ContainedClient({ service: "xmpp://127.0.0.1:1", domain: "localhost" });
}

function member(target: object, name: string): unknown {
  return (target as Record<string, unknown>)[name];
}

describe("the xmpp.js internals the runner relies on", () => {
  it("were read from the installed version line of every @xmpp package it uses", () => {
    for (const name of XMPP_PACKAGES) {
      const { version } = requireHere(`@xmpp/${name}/package.json`) as { version: string };
      assert.ok(version.startsWith(XMPP_JS_VERSION_LINE),
        `@xmpp/${name} is ${version}, xmppInternals.ts was written for ${XMPP_JS_VERSION_LINE}x: check each internal it names, then update XMPP_JS_VERSION_LINE`);
    }
  });

  it("Connection still has each member the adapter overrides or calls", () => {
    for (const name of ["_onData", "_onSeeOtherHost", "_attachSocket", "_jid", "_ready"]) {
      assert.equal(typeof member(Client.prototype, name), "function", `@xmpp/connection no longer has ${name}: see xmppInternals.ts`);
    }
    assert.equal(typeof member(TlsSocketWrapper.prototype, "connect"), "function", "@xmpp/tls/lib/Socket.js no longer has connect");
  });

  it("Connection still feeds data to a detached parser (the reason for the guard), and ours ignores it", () => {
    const client = newClient();
    client.parser = null;
    const onData = member(Client.prototype, "_onData") as (data: Buffer) => void;
    assert.throws(() => onData.call(client, Buffer.from("<presence/>")), TypeError, "the guard in ContainedClient._onData may no longer be needed");
    assert.doesNotThrow(() => client._onData(Buffer.from("<presence/>")));
  });

  it("see-other-host is not followed", () => {
    const client = newClient();
    let connects = 0;
    client.connect = async () => { connects++; };
    assert.equal(client._onSeeOtherHost(), undefined);
    assert.equal(connects, 0);
  });

  it("markBound sets the entity's JID and brings it online", () => {
    const client = newClient();
    const online: unknown[] = [];
    client.on("online", (address: unknown) => online.push(String(address)));
    markBound(client, "romeo@localhost/orchard");
    assert.equal(client.jid?.toString(), "romeo@localhost/orchard");
    assert.equal(client.status, "online");
    assert.deepEqual(online, ["romeo@localhost/orchard"]);
  });

  it("attachTlsSocket puts the TLS socket under the stream", () => {
    const client = newClient();
    const tlsSocket = new TlsSocketWrapper();
    attachTlsSocket(client, tlsSocket);
    assert.equal(client.socket, tlsSocket as unknown);
  });
});
