// A throwaway Prosody from a config used unchanged: Prosody 13.0.1's own spec config, which
// prosody runs, which version it is, and where it listens.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { builtSourceTreeOf, cachedProsodyCheckout, cachedProsodyRelease, defaultProsodyFor, describeProsody, findExecutable, prosodyCacheRoot } from "./prosodyInstall";
import { listeningAddresses } from "../listeningSockets";
import { isLoopbackAddress } from "../../network/loopback";
import { startProsody, type ThrowawayProsody } from "./throwawayProsody";
import { luaString } from "./wrapperConfig";

const REPOSITORY = path.resolve(__dirname, "../../../..");
const checkout13 = cachedProsodyCheckout("13.0.1");
// The suite's config: from the source tree scripts/ensure-prosody.mjs built, else ../shared's copy.
const PROSODY_13_CONFIG = checkout13?.config ?? path.resolve(REPOSITORY, "../shared/conformance/prosody-13.0.1/spec/scansion/prosody.cfg.lua");
const prosody13 = cachedProsodyRelease("13.0.1");
const skip13 = !prosody13 ? "Prosody 13.0.1 is not unpacked (sudo node scripts/ensure-prosody.mjs)"
  : !fs.existsSync(PROSODY_13_CONFIG) ? "Prosody 13.0.1's spec config is missing (neither a source tree built by sudo node scripts/ensure-prosody.mjs nor ../shared)" : false;

function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-tree-"));
  fs.chmodSync(dir, 0o755);
  return dir;
}

describe("Prosody 13.0.1 with its own spec config, unchanged", { skip: skip13 }, () => {
  let server: ThrowawayProsody;
  before(async () => {
    server = await startProsody({ configPath: PROSODY_13_CONFIG, executable: prosody13! });
  });
  after(() => server?.stop());

  it("says which server and version it started", () => {
    assert.equal(server.version, "13.0.1");
    assert.equal(server.executable, prosody13);
    assert.equal(server.configPath, PROSODY_13_CONFIG);
  });

  it("listens on loopback only: the client and HTTP ports it was given, nothing else (no s2s, no 5222)", () => {
    const listeners = listeningAddresses([server.pid]);
    assert.ok(listeners, "/proc tells the listeners");
    assert.deepEqual(listeners.map((listener) => `${listener.address}:${listener.port}`).sort(),
      [`127.0.0.1:${server.c2sPort}`, `127.0.0.1:${server.httpPort}`].sort());
  });

  it("logs to ENV_PROSODY_LOGFILE in its scratch folder, where its pid file also is", () => {
    assert.ok(server.logFile.startsWith(server.directory));
    assert.match(fs.readFileSync(server.logFile, "utf8"), /Hello and welcome to Prosody version 13\.0\.1/);
    assert.equal(fs.readFileSync(path.join(server.directory, "prosody.pid"), "utf8").trim(), String(server.pid));
  });

  it("resolves the config's relative paths from the config's folder (admins.txt, certificates = \".\")", () => {
    const log = fs.readFileSync(server.logFile, "utf8");
    assert.ok(log.includes(`Searching ${path.dirname(PROSODY_13_CONFIG)}/.`), "certificates are looked for beside the config");
    assert.doesNotMatch(log, /\berror\b.*admins\.txt|No such file/);
  });
});

describe("a config that opens every kind of port Prosody has", () => {
  // s2s (auto-loaded), an external component, a proxy65 component, the telnet console, BOSH and WebSocket.
  const CONFIG = [
    `modules_enabled = { "roster"; "saslauth"; "disco"; "dialback"; "admin_telnet"; "bosh"; "websocket" }`,
    `authentication = "insecure"`, `storage = "memory"`,
    `VirtualHost "localhost"`, `Component "proxy.localhost" "proxy65"`, `Component "ext.localhost"`, `\tcomponent_secret = "x"`, "",
  ].join("\n");

  for (const [version, executable] of [["0.12.3", findExecutable("prosody")], ["13.0.1", prosody13]] as const) {
    it(`listens only on its client and HTTP ports on loopback (Prosody ${version})`, { skip: executable ? false : `Prosody ${version} is missing` }, async () => {
      const folder = scratch();
      try {
        fs.writeFileSync(path.join(folder, "prosody.cfg.lua"), CONFIG, { mode: 0o644 });
        const server = await startProsody({ configPath: path.join(folder, "prosody.cfg.lua"), executable: executable! });
        try {
          assert.equal(server.version, version);
          assert.deepEqual((listeningAddresses([server.pid]) ?? []).map((listener) => `${listener.address}:${listener.port}`).sort(),
            [`127.0.0.1:${server.c2sPort}`, `127.0.0.1:${server.httpPort}`].sort());
        } finally {
          await server.stop();
        }
      } finally {
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });
  }
});

describe("a config the prosody account cannot read", () => {
  it("runs as root when we are root (Prosody 13 refuses root unless told), and still on loopback only", { skip: skip13 || (process.getuid?.() !== 0 ? "not root" : false) }, async () => {
    const closed = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-closed-")); // mode 700: only root gets in
    try {
      for (const file of ["prosody.cfg.lua", "admins.txt"]) fs.copyFileSync(path.join(path.dirname(PROSODY_13_CONFIG), file), path.join(closed, file));
      const server = await startProsody({ configPath: path.join(closed, "prosody.cfg.lua"), executable: prosody13! });
      try {
        assert.equal(fs.statSync(`/proc/${server.pid}`).uid, 0);
        assert.ok(listeningAddresses([server.pid])!.every((listener) => listener.address === "127.0.0.1"));
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(closed, { recursive: true, force: true });
    }
  });
});

describe("which Prosody runs a config", () => {
  it("walks up from the config to a built source tree and runs its ./prosody from the tree with its RUNWITH", { skip: skip13 }, async () => {
    // A checkout's layout, made from the unpacked 13.0.1: libraries beside ./prosody, which loads them from its working directory.
    const tree = scratch();
    try {
      const libraries = path.resolve(path.dirname(prosody13!), "../lib/prosody");
      // A checkout keeps the modules in plugins/ (Debian installs them as modules/).
      for (const entry of fs.readdirSync(libraries)) fs.symlinkSync(path.join(libraries, entry), path.join(tree, entry === "modules" ? "plugins" : entry));
      // As in a checkout: `#!/usr/bin/env lua` (there is no `lua` here), run with config.unix's RUNWITH.
      const launcher = fs.readFileSync(prosody13!, "utf8").replace(/^CFG_(SOURCEDIR|PLUGINDIR)=.*$/gm, "").replace(/^#!.*$/m, "#!/usr/bin/env lua-that-is-not-there");
      fs.writeFileSync(path.join(tree, "prosody"), launcher, { mode: 0o755 });
      fs.writeFileSync(path.join(tree, "prosodyctl"), "", { mode: 0o755 });
      fs.writeFileSync(path.join(tree, "config.unix"), "# written by ./configure\nLUA_SUFFIX=5.4\nRUNWITH=lua5.4\n");
      const specs = path.join(tree, "spec", "scansion");
      fs.mkdirSync(specs, { recursive: true, mode: 0o755 });
      for (const file of ["prosody.cfg.lua", "admins.txt"]) fs.copyFileSync(path.join(path.dirname(PROSODY_13_CONFIG), file), path.join(specs, file));
      fs.chmodSync(path.join(tree, "spec"), 0o755);
      const config = path.join(specs, "prosody.cfg.lua");

      assert.equal(builtSourceTreeOf(config), tree);
      assert.equal(defaultProsodyFor(config), path.join(tree, "prosody"));
      assert.deepEqual(describeProsody(path.join(tree, "prosody")), { path: path.join(tree, "prosody"), cwd: tree, version: "13.0.1", interpreter: findExecutable("lua5.4") });
      const server = await startProsody({ configPath: config });
      try {
        assert.equal(server.executable, path.join(tree, "prosody"));
        assert.equal(server.version, "13.0.1");
      } finally {
        await server.stop();
      }
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  it("runs the source tree scripts/ensure-prosody.mjs built from its own folder, with its RUNWITH", { skip: checkout13 ? false : "Prosody 13.0.1's source is not built (sudo node scripts/ensure-prosody.mjs)" }, () => {
    const { tree, prosody, specs, config } = checkout13!;
    assert.equal(config, path.join(specs, "prosody.cfg.lua"));
    assert.equal(builtSourceTreeOf(config), tree);
    assert.equal(defaultProsodyFor(config), prosody);
    assert.deepEqual(describeProsody(prosody), { path: prosody, cwd: tree, version: "13.0.1", interpreter: findExecutable("lua5.4") });
    assert.equal(fs.readdirSync(specs).filter((name) => name.endsWith(".scs")).length, 50, "all of the release's specs");
  });

  it("takes `prosody` on PATH when the tree is not built (no util/*.so) or there is no tree", () => {
    const tree = scratch();
    try {
      fs.writeFileSync(path.join(tree, "prosody"), "", { mode: 0o755 });
      fs.writeFileSync(path.join(tree, "prosodyctl"), "", { mode: 0o755 });
      fs.mkdirSync(path.join(tree, "util"));
      fs.writeFileSync(path.join(tree, "util", "encodings.c"), "");
      const config = path.join(tree, "spec", "scansion", "prosody.cfg.lua");
      assert.equal(builtSourceTreeOf(config), undefined);
      assert.equal(defaultProsodyFor(config), findExecutable("prosody"));
      assert.equal(defaultProsodyFor(path.join(os.tmpdir(), "nowhere", "prosody.cfg.lua")), findExecutable("prosody"));
    } finally {
      fs.rmSync(tree, { recursive: true, force: true });
    }
  });

  it("reads an installed Prosody's version from its source folder", () => {
    const system = findExecutable("prosody");
    assert.ok(system, "prosody is installed");
    assert.deepEqual(describeProsody(system), { path: system, cwd: undefined, version: "0.12.3" });
    assert.equal(describeProsody(path.join(os.tmpdir(), "no-such-prosody")), undefined);
  });

  it("finds the cache folder where scripts/ensure-prosody.mjs unpacks releases", () => {
    const where = execFileSync(process.execPath, [path.join(REPOSITORY, "scripts", "ensure-prosody.mjs"), "--where"], { encoding: "utf8" }).trim();
    assert.equal(where, path.join(prosodyCacheRoot(), "13.0.1"));
    assert.equal(prosodyCacheRoot({ XDG_CACHE_HOME: "/x" }, false), "/x/vscode-scansion-prosody");
    assert.equal(prosodyCacheRoot({}, true), "/var/cache/vscode-scansion-prosody");
  });
});

describe("listening sockets from /proc", () => {
  it("lists a process's TCP listeners with their addresses", async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const listeners = listeningAddresses([process.pid]) ?? [];
      assert.ok(listeners.some((listener) => listener.address === "127.0.0.1" && listener.port === port));
    } finally {
      server.close();
    }
  });

  it("tells loopback addresses from others", () => {
    for (const address of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopbackAddress(address), true, address);
    for (const address of ["0.0.0.0", "::", "10.0.0.1", "::ffff:10.0.0.1"]) assert.equal(isLoopbackAddress(address), false, address);
  });
});

describe("the wrapper config", () => {
  it("writes any path as a Lua string literal", () => {
    assert.equal(luaString(String.raw`/a "b"\c`), String.raw`"/a \"b\"\\c"`);
    assert.equal(luaString("line\nbreak"), String.raw`"line\nbreak"`);
  });
});
