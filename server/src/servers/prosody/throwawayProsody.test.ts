import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { xml } from "@xmpp/client-core";
import type { Element } from "ltx";
import { openStream } from "../../runner/xmppStream";
import { isAlive } from "../processState";
import {
  PROSODY_INSTALL_HINT, ProsodyStartError, isProsodyInstalled, projectProsodyConfig, startProsody,
} from "./throwawayProsody";
import type { ThrowawayProsody } from "./throwawayProsody";

const CONFORMANCE_CONFIG = path.resolve(__dirname, "../../../../../shared/conformance/prosody-0.12.3/prosody.cfg.lua");

/** A process that is not our child cannot be awaited; poll for its end up to a deadline. */
async function waitUntilDead(pid: number, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) assert.fail(`process ${pid} still runs after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    socket.once("connect", () => { socket.destroy(); resolve(true); });
    socket.once("error", () => { socket.destroy(); resolve(false); });
  });
}

/** A config file in a directory the prosody user can read. */
function writeConfig(text: string): { file: string; remove(): void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-config-"));
  fs.chmodSync(directory, 0o755);
  const file = path.join(directory, "prosody.cfg.lua");
  fs.writeFileSync(file, text, { mode: 0o644 });
  return { file, remove: () => fs.rmSync(directory, { recursive: true, force: true }) };
}

async function startError(...args: Parameters<typeof startProsody>): Promise<ProsodyStartError> {
  const error = await startProsody(...args).then(async (server) => { await server.stop(); }, (reason: unknown) => reason);
  assert.ok(error instanceof ProsodyStartError, `expected a ProsodyStartError, got ${String(error)}`);
  return error;
}

describe("Prosody installation check", () => {
  it("finds the installed prosody and has a one-line install hint", () => {
    assert.equal(isProsodyInstalled(), true, PROSODY_INSTALL_HINT);
    assert.doesNotMatch(PROSODY_INSTALL_HINT, /\n/);
    assert.match(PROSODY_INSTALL_HINT, /apt-get install prosody/);
  });
});

describe("a throwaway Prosody with the project config", () => {
  let server: ThrowawayProsody;
  before(async () => {
    server = await startProsody();
  });
  after(() => server?.stop());

  it("runs from its own scratch directory on two distinct loopback ports", () => {
    assert.equal(server.host, "127.0.0.1");
    assert.notEqual(server.c2sPort, server.httpPort);
    assert.equal(server.configPath, projectProsodyConfig());
    assert.ok(isAlive(server.pid));
    assert.ok(server.directory.startsWith(os.tmpdir()));
    assert.equal(fs.readFileSync(path.join(server.directory, "prosody.pid"), "utf8").trim(), String(server.pid));
    assert.match(fs.readFileSync(server.logFile, "utf8"), /Hello and welcome to Prosody version 0\.12/);
    if (process.getuid?.() === 0) {
      assert.notEqual(fs.statSync(server.directory).uid, 0, "as root, the directory belongs to the prosody user");
      assert.notEqual(fs.statSync(`/proc/${server.pid}`).uid, 0, "as root, Prosody runs as the prosody user");
    }
  });

  it("serves HTTP on its http port", async () => {
    assert.equal(await accepts(server.host, server.httpPort), true);
  });

  it("runs with the frozen clock of the 0.12 specs (archive timestamps are 2008-08-22T21:09:04Z)", async () => {
    const stream = await openStream({ jid: "clock@localhost", password: "x", host: server.host, port: server.c2sPort, connectTimeoutMs: 5000 });
    const reply = async (id: string): Promise<Element> => {
      for (;;) {
        const stanza = await stream.nextStanza(2000);
        if (stanza.attrs.id === id) return stanza;
      }
    };
    try {
      await stream.send(xml("iq", { type: "set", id: "prefs" }, xml("prefs", { xmlns: "urn:xmpp:mam:2", default: "always" })));
      await reply("prefs");
      await stream.send(xml("message", { to: "someone@localhost", type: "chat", id: "archived" }, xml("body", {}, "tick")));
      await stream.send(xml("iq", { type: "get", id: "metadata" }, xml("metadata", { xmlns: "urn:xmpp:mam:2" })));
      const metadata = (await reply("metadata")).getChild("metadata", "urn:xmpp:mam:2");
      assert.equal(metadata?.getChild("start")?.attrs.timestamp, "2008-08-22T21:09:04Z");
    } finally {
      await stream.close();
    }
  });
});

describe("following a throwaway Prosody's log", () => {
  it("hands over the log as it is written, up to the shutdown", async () => {
    let text = "";
    const server = await startProsody({ onLog: (chunk) => { text += chunk; } });
    await server.stop();
    assert.match(text, /Hello and welcome to Prosody version 0\.12/);
    assert.match(text, /Shutdown complete/);
  });
});

describe("stopping a throwaway Prosody", () => {
  it("ends the process by pid, frees the port and removes the directory; stop() is idempotent", async () => {
    const server = await startProsody();
    const stopping = server.stop();
    assert.equal(server.stop(), stopping);
    await stopping;
    assert.equal(isAlive(server.pid), false);
    assert.equal(fs.existsSync(server.directory), false);
    assert.equal(await accepts(server.host, server.c2sPort), false);
    await server.stop();
  });

  it("runs several servers side by side", async () => {
    const [first, second] = await Promise.all([startProsody(), startProsody()]);
    try {
      assert.notEqual(first.c2sPort, second.c2sPort);
      assert.notEqual(first.pid, second.pid);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});

describe("starting Prosody with another config", () => {
  it("runs a caller-given config such as the conformance one", { skip: fs.existsSync(CONFORMANCE_CONFIG) ? false : "shared/ is not beside the repository" }, async () => {
    const server = await startProsody({ configPath: CONFORMANCE_CONFIG });
    try {
      assert.equal(server.configPath, CONFORMANCE_CONFIG);
      assert.equal(await accepts(server.host, server.c2sPort), true);
    } finally {
      await server.stop();
    }
  });

  it("fails with the log's last lines when Prosody exits at start", async () => {
    const config = writeConfig("this is not lua {\n");
    try {
      const error = await startError({ configPath: config.file });
      assert.match(error.message, /exited with code \d+ before it was ready; log: \S+prosody\.console\.log\n {2}\| /);
      assert.doesNotMatch(error.summary, /\n/);
      assert.ok(error.message.includes(error.logFile));
      assert.ok(fs.readFileSync(error.logFile, "utf8").length > 0, "the log is kept for inspection");
      fs.rmSync(error.directory, { recursive: true, force: true });
    } finally {
      config.remove();
    }
  });

  it("gives up at the deadline when the config does not open the client port, and ends the process", async () => {
    const config = writeConfig(`pidfile = "prosody.pid"\ndata_path = "."\ninterfaces = { "127.0.0.1" }\nc2s_ports = {}\nhttp_ports = {}\nhttps_ports = {}\nmodules_disabled = { "s2s" }\nlog = { debug = os.getenv("SCS_PROSODY_LOG") }\nVirtualHost "localhost"\n`);
    try {
      const started = Date.now();
      const error = await startError({ configPath: config.file, startTimeoutMs: 2500 });
      assert.ok(Date.now() - started < 8000);
      assert.match(error.message, /was not ready after 2500 ms: nothing answers XMPP on 127\.0\.0\.1:\d+/);
      assert.ok(error.pid !== undefined, "Prosody had written its pid");
      await waitUntilDead(error.pid);
      fs.rmSync(error.directory, { recursive: true, force: true });
    } finally {
      config.remove();
    }
  });
});

describe("cancelling a start", () => {
  it("stops the server, removes its folder and rejects saying it was cancelled", async () => {
    const config = writeConfig(`c2s_ports = {}\nhttp_ports = {}\nmodules_disabled = { "s2s" }\nVirtualHost "localhost"\n`);
    const controller = new AbortController();
    try {
      // The server's first log line: it runs, and will never be ready (no client port).
      const error = await startError({ configPath: config.file, startTimeoutMs: 20_000, signal: controller.signal, onLog: () => controller.abort() });
      assert.match(error.summary, /was stopped: the run was cancelled while it started/);
      assert.equal(fs.existsSync(error.directory), false);
      if (error.pid !== undefined) await waitUntilDead(error.pid);
    } finally {
      config.remove();
    }
  });
});

describe("the safety net for servers left running", () => {
  /** Runs a child Node process that starts Prosody, reports it, then ends as `ending` says. */
  async function childThatLeaks(ending: "exit" | "wait"): Promise<{ pid: number; directory: string; exit: Promise<NodeJS.Signals | number | null>; kill(): void }> {
    const module = JSON.stringify(path.join(__dirname, "throwawayProsody.ts"));
    const code = `require(${module}).startProsody().then((s) => {
      process.stdout.write(JSON.stringify({ pid: s.pid, directory: s.directory }) + "\\n");
      ${ending === "exit" ? "process.exit(3);" : "setInterval(() => {}, 1000);"}
    });`;
    const child = spawn(process.execPath, ["--import", "tsx", "--eval", code], { stdio: ["ignore", "pipe", "inherit"] });
    const exit = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (status, signal) => resolve(signal ?? status)));
    let output = "";
    for await (const chunk of child.stdout) {
      output += String(chunk);
      if (output.includes("\n")) break;
    }
    const report = JSON.parse(output) as { pid: number; directory: string };
    return { ...report, exit, kill: () => child.kill("SIGTERM") };
  }

  it("kills the server by pid and removes its directory when the process exits without stop()", async () => {
    const leak = await childThatLeaks("exit");
    assert.equal(await leak.exit, 3);
    await waitUntilDead(leak.pid);
    assert.equal(fs.existsSync(leak.directory), false);
  });

  it("kills the server when the process is terminated by a signal, then ends by that signal", async () => {
    const leak = await childThatLeaks("wait");
    assert.ok(isAlive(leak.pid));
    leak.kill();
    assert.equal(await leak.exit, "SIGTERM");
    await waitUntilDead(leak.pid);
    assert.equal(fs.existsSync(leak.directory), false);
  });
});
