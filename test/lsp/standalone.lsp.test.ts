import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { HoverRequest, TextDocumentSyncKind, type MarkupContent } from "vscode-languageserver/node";
import { ensureServerBuilt, spawnLspServer, type SpawnedServer } from "../support/lsp/spawnedServer";
import { BALCONY, BALCONY_URI, positionOf, rangeOf } from "../support/lsp/lspFixtures";

const EXIT_WAIT_MS = 5000;

/** `promise`, or a rejection naming `what` after `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let deadline: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    deadline = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(deadline));
}

describe("the bundled server, spawned as `node dist/server.js --stdio`", () => {
  const servers: SpawnedServer[] = [];
  before(() => ensureServerBuilt());
  after(() => servers.forEach((server) => server.kill())); // only those that did not exit by themselves

  it("initializes, publishes diagnostics, answers a request, then exits with code 0 on shutdown + exit", async () => {
    const server = await spawnLspServer();
    servers.push(server);
    const { session } = server;
    assert.equal(session.initializeResult.serverInfo?.name, "scansion-language-server");
    assert.equal(session.initializeResult.capabilities.textDocumentSync, TextDocumentSyncKind.Incremental);

    session.open(BALCONY_URI, BALCONY);
    const published = await session.nextDiagnostics(BALCONY_URI, 1);
    assert.deepEqual(published.diagnostics.map((d) => [d.code, d.range]), [["client-unused", rangeOf(BALCONY, "Rosaline")]]);

    const broken = BALCONY.replace("<body>Hello</body>", "<body>Hello</bdy>");
    session.change(BALCONY_URI, 2, [{ text: broken }]);
    const republished = await session.nextDiagnostics(BALCONY_URI, 2);
    assert.ok(republished.diagnostics.some((d) => d.code === "xml-malformed" && d.range.start.line === positionOf(broken, "</bdy>").line));

    const hover = await session.client.sendRequest(HoverRequest.type, {
      textDocument: { uri: BALCONY_URI },
      position: positionOf(broken, "${Romeo's full JID}", 3),
    });
    assert.match((hover?.contents as MarkupContent).value, /romeo@localhost/);

    await session.close();
    assert.equal(await within(server.exited, EXIT_WAIT_MS, "the server's exit"), 0, `stderr: ${server.stderr()}`);
  });

  it("exits by itself when its client goes away (stdin closed) without shutdown", async () => {
    const server = await spawnLspServer();
    servers.push(server);
    server.child.stdin?.end();
    assert.equal(await within(server.exited, EXIT_WAIT_MS, "the server's exit"), 1, "exit code 1: no shutdown request came first");
  });
});
