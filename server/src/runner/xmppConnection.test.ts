import { describe, it } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import { chooseSaslMechanism } from "./xmppConnection";
import { isLoopbackAddress } from "../network/loopback";
import { openStream, XmppStreamError } from "./xmppStream";
import type { StreamOptions } from "./xmppStream";
import { startFakeXmppServer } from "@support/fakeXmppServer";
import { freeLoopbackPort } from "../servers/prosody/throwawayProsody";

const PASSWORD = "s3cret-Pa55word";

function options(port: number, extra: Partial<StreamOptions> = {}): StreamOptions {
  return { jid: "romeo@localhost", password: PASSWORD, host: "127.0.0.1", port, connectTimeoutMs: 3000, ...extra };
}

async function loginError(streamOptions: StreamOptions): Promise<XmppStreamError> {
  const error = await openStream(streamOptions).then(
    async (stream) => {
      await stream.close();
      return undefined;
    },
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof XmppStreamError, `expected an XmppStreamError, got ${String(error)}`);
  assert.doesNotMatch(error.message, /\n/, "errors are one line");
  assert.ok(!error.message.includes(PASSWORD) && !String(error.stack).includes(PASSWORD), "the password never appears");
  return error;
}

function openTcpSockets(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === "TCPSocketWrap").length;
}

describe("SASL mechanism choice", () => {
  const base = { secure: false, peerIsLoopback: false, allowPlainOnNonLoopback: false };

  it("prefers SCRAM-SHA-1 whenever the server offers it", () => {
    assert.deepEqual(chooseSaslMechanism({ ...base, offered: ["PLAIN", "SCRAM-SHA-1"] }), { mechanism: "SCRAM-SHA-1" });
  });

  it("uses PLAIN over an unencrypted stream only to a loopback peer or when the run allows it", () => {
    assert.deepEqual(chooseSaslMechanism({ ...base, offered: ["PLAIN"], peerIsLoopback: true }), { mechanism: "PLAIN" });
    assert.deepEqual(chooseSaslMechanism({ ...base, offered: ["PLAIN"], allowPlainOnNonLoopback: true }), { mechanism: "PLAIN" });
    assert.deepEqual(chooseSaslMechanism({ ...base, offered: ["PLAIN"] }), { refused: "insecure-plain-refused" });
  });

  it("uses PLAIN over TLS to any host", () => {
    assert.deepEqual(chooseSaslMechanism({ ...base, offered: ["PLAIN"], secure: true }), { mechanism: "PLAIN" });
  });

  it("refuses when nothing supported is offered", () => {
    assert.deepEqual(chooseSaslMechanism({ ...base, offered: [], peerIsLoopback: true }), { refused: "no-sasl-mechanism" });
  });

  it("recognises loopback addresses, IPv4-mapped ones included", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopbackAddress(address), true, address);
    for (const address of ["10.0.0.1", "::ffff:10.0.0.1", "fe80::1", "128.0.0.1", undefined]) assert.equal(isLoopbackAddress(address), false, String(address));
  });
});

describe("login failures", () => {
  it("reports a closed port as a refused connection naming host:port, within 1 s", async () => {
    const port = await freeLoopbackPort();
    const started = Date.now();
    const error = await loginError(options(port));
    assert.equal(error.code, "connection-refused");
    assert.equal(error.message, `connection refused by 127.0.0.1:${port}`);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.equal(openTcpSockets(), 0, "the failed socket is released");
  });

  it("reports refused credentials with the JID and the server's condition, never the password", async () => {
    const server = await startFakeXmppServer({ auth: { failure: "not-authorized", text: "Invalid username or password" } });
    try {
      const error = await loginError(options(server.port));
      assert.equal(error.code, "login-refused");
      assert.equal(error.condition, "not-authorized");
      assert.equal(error.message, "login refused for romeo@localhost: not-authorized (Invalid username or password)");
      await server.clientClosed();
    } finally {
      await server.close();
    }
  });

  it("times out when the server accepts but never answers, and drops the connection", async () => {
    const server = await startFakeXmppServer({ silent: true });
    try {
      const started = Date.now();
      const error = await loginError(options(server.port, { connectTimeoutMs: 300 }));
      assert.equal(error.code, "connect-timeout");
      assert.match(error.message, new RegExp(`^timed out after 300 ms connecting to 127\\.0\\.0\\.1:${server.port} as romeo@localhost`));
      assert.ok(Date.now() - started < 1000);
      await server.clientClosed();
      assert.equal(openTcpSockets(), 0, "neither end of the connection is left open");
    } finally {
      await server.close();
    }
  });

  it("cancels a login through its AbortSignal and drops the connection", async () => {
    const server = await startFakeXmppServer({ silent: true });
    try {
      const controller = new AbortController();
      const failing = loginError(options(server.port, { signal: controller.signal, connectTimeoutMs: 5000 }));
      controller.abort();
      const error = await failing;
      assert.equal(error.code, "aborted");
      assert.equal(error.message, `connecting to 127.0.0.1:${server.port} as romeo@localhost was cancelled`);
      await server.clientClosed();
      assert.equal(openTcpSockets(), 0);
    } finally {
      await server.close();
    }
  });

  it("reports a server that offers no supported SASL mechanism", async () => {
    const server = await startFakeXmppServer({ mechanisms: ["SCRAM-SHA-256", "X-OAUTH2"] });
    try {
      const error = await loginError(options(server.port));
      assert.equal(error.code, "no-sasl-mechanism");
      assert.equal(error.message, `127.0.0.1:${server.port} offers no supported SASL mechanism (offered: SCRAM-SHA-256, X-OAUTH2)`);
    } finally {
      await server.close();
    }
  });

  it("rejects a JID without a local part before connecting", async () => {
    for (const jid of ["localhost", "romeo@", ""]) {
      const error = await loginError(options(1, { jid }));
      assert.equal(error.code, "invalid-jid", jid);
    }
  });

  const external = Object.values(os.networkInterfaces()).flat()
    .find((entry) => entry?.family === "IPv4" && !entry.internal)?.address;

  it("refuses SASL PLAIN over plaintext to a peer that is not loopback, unless allowed", { skip: external ? false : "no non-loopback IPv4 interface" }, async () => {
    const server = await startFakeXmppServer({ listenHost: "0.0.0.0" });
    try {
      const error = await loginError(options(server.port, { host: external as string }));
      assert.equal(error.code, "insecure-plain-refused");
      assert.match(error.message, /romeo@localhost with SASL PLAIN over an unencrypted connection/);
      // Says how to allow it in the editor and on the command line.
      assert.ok(error.message.endsWith(`which is not loopback; to allow it, set "allowPlain": true on the target (scansion.targets) or in the launch configuration, or pass --allow-plain`), error.message);

      const stream = await openStream(options(server.port, { host: external as string, allowPlainOnNonLoopback: true }));
      assert.equal(stream.fullJid, "user@localhost/fake-resource");
      await stream.close();
    } finally {
      await server.close();
    }
  });
});
