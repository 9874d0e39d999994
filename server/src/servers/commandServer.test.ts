import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { freeLoopbackPort } from "./freePorts";
import { acceptsTcp, ServerStartError, startServer, type ServerCommands } from "./commandServer";
import { isAlive, liveProcesses } from "./processState";

const node = JSON.stringify(process.execPath);

/** A shell command running a tiny TCP server (Node) that writes its pid to ./server.pid. */
function listenerCommand(port: number): string {
  const script = `require('fs').writeFileSync('server.pid', String(process.pid)); require('net').createServer((s) => s.end()).listen(${port}, '127.0.0.1', () => console.log('listening on ${port}'));`;
  return `${node} -e ${JSON.stringify(script)}`;
}

/** Live processes whose command line contains the marker. */
function processesWith(marker: string): number[] {
  return liveProcesses().filter((info) => info.commandLine.includes(marker) && info.pid !== process.pid).map((info) => info.pid);
}

describe("a throwaway server for a run", () => {
  let directory: string;
  before(() => { directory = mkdtempSync(join(tmpdir(), "scansion-server-")); });
  after(() => rmSync(directory, { recursive: true, force: true }));

  async function commands(overrides: Partial<ServerCommands> & { port: number }): Promise<ServerCommands & { log: string[] }> {
    const log: string[] = [];
    return { startCommand: listenerCommand(overrides.port), stopCommand: undefined, cwd: directory, host: "127.0.0.1", readyTimeoutMs: 5000, output: (text) => log.push(text), log, ...overrides };
  }

  it("starts the command, resolves once the port accepts TCP, and stops it by process group", async () => {
    const port = await freeLoopbackPort();
    const setup = await commands({ port });
    const server = await startServer(setup);
    assert.equal(await acceptsTcp("127.0.0.1", port), true);
    const serverPid = Number(readFileSync(join(directory, "server.pid"), "utf8"));
    assert.ok(isAlive(serverPid));

    await server.stop();
    assert.equal(isAlive(serverPid), false, "the node process the shell started is gone");
    assert.equal(await acceptsTcp("127.0.0.1", port), false);
    const log = setup.log.join("");
    assert.match(log, /^\$ /, "the command is echoed first");
    assert.match(log, new RegExp(`listening on ${port}`), "the server's own output reaches the output sink");
  });

  it("stopping twice is harmless", async () => {
    const port = await freeLoopbackPort();
    const server = await startServer(await commands({ port }));
    await Promise.all([server.stop(), server.stop()]);
    await server.stop();
    assert.equal(await acceptsTcp("127.0.0.1", port), false);
  });

  it("runs the stop command when one is set", async () => {
    const port = await freeLoopbackPort();
    const stop = `${node} -e ${JSON.stringify("process.kill(Number(require('fs').readFileSync('server.pid', 'utf8'))); console.log('stop command ran')")}`;
    const setup = await commands({ port, stopCommand: stop });
    const server = await startServer(setup);
    await server.stop();
    assert.match(setup.log.join(""), /stop command ran/);
    assert.equal(await acceptsTcp("127.0.0.1", port), false);
  });

  it("fails at once, with the exit code, when the command exits before the port opens", async () => {
    const port = await freeLoopbackPort();
    const started = performance.now();
    await assert.rejects(
      startServer(await commands({ port, startCommand: `${node} -e "console.error('bad config'); process.exit(3)"`, readyTimeoutMs: 20000 })),
      (error: unknown) => error instanceof ServerStartError && /exited with code 3/.test(error.message),
    );
    assert.ok(performance.now() - started < 10000, "did not wait for the ready timeout");
  });

  it("gives up after the ready timeout and ends the command", async () => {
    const port = await freeLoopbackPort();
    const marker = `idle-server-${port}`;
    const setup = await commands({ port, startCommand: `${node} -e "setInterval(() => {}, 1000)" ${marker}`, readyTimeoutMs: 400 });
    await assert.rejects(startServer(setup), (error: unknown) => error instanceof ServerStartError && /did not accept connections within 400 ms/.test(error.message));
    assert.deepEqual(processesWith(marker), []);
  });

  it("refuses to start when something already listens on the port (the run would test the wrong server)", async () => {
    const occupant = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => occupant.listen(0, "127.0.0.1", resolve));
    const address = occupant.address();
    const port = typeof address === "object" && address ? address.port : 0;
    try {
      await assert.rejects(startServer(await commands({ port })), (error: unknown) => error instanceof ServerStartError && /already accepts connections/.test(error.message));
    } finally {
      await new Promise((resolve) => occupant.close(resolve));
    }
  });

  it("stops starting when the run is cancelled", async () => {
    const port = await freeLoopbackPort();
    const controller = new AbortController();
    const setup = await commands({ port, startCommand: `${node} -e "setInterval(() => {}, 1000)"`, readyTimeoutMs: 20000 });
    const starting = startServer(setup, controller.signal);
    controller.abort();
    await assert.rejects(starting, (error: unknown) => error instanceof ServerStartError && /cancelled/.test(error.message));
  });
});
