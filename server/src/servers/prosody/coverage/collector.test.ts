// The collector in real Prosody servers: injected only when asked, in each kind of Prosody we
// start (Debian's 0.12.3, the unpacked 13.0.1, a built 13.0.1 source tree), answering SIGTERM at
// once with its counts, and a server killed without a chance to write says so.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { cachedProsodyCheckout, cachedProsodyRelease } from "../prosodyInstall";
import { isProsodyInstalled, projectProsodyConfig, startProsody, type StartProsodyOptions } from "../throwawayProsody";
import type { ServerCoverage } from "./collector";

const checkout = cachedProsodyCheckout("13.0.1");
const release = cachedProsodyRelease("13.0.1");

/** The environment a running process was started with (we are root or its owner). */
function environmentOf(pid: number): string[] {
  return fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
}

async function collectedFrom(options: StartProsodyOptions): Promise<{ coverage: ServerCoverage; stopMs: number; sourceRoot: string }> {
  const server = await startProsody({ ...options, collectCoverage: true });
  try {
    assert.ok(environmentOf(server.pid).some((entry) => entry.startsWith("LUA_INIT_5_4=@") && entry.endsWith("coverage-collector.lua")));
    const started = performance.now();
    await server.stop();
    const coverage = await server.coverage!;
    return { coverage, stopMs: performance.now() - started, sourceRoot: path.dirname(server.executable) };
  } finally {
    await server.stop();
  }
}

function assertCollectedProsody(coverage: ServerCoverage, coreFile: string): void {
  assert.equal(coverage.kind, "collected", coverage.kind === "lost" ? coverage.reason : "");
  if (coverage.kind !== "collected") return;
  const files = [...coverage.hits.keys()];
  assert.ok(files.includes(coreFile), `${coreFile} among ${files.length} files: ${files.slice(0, 5).join(", ")}…`);
  assert.ok((coverage.hits.get(coreFile)?.size ?? 0) > 20, "start-up runs many lines of the module manager");
  for (const file of files) {
    assert.ok(path.isAbsolute(file), file);
    assert.doesNotMatch(file, /\.cfg\.lua$|^\/usr\/share\/lua\/|scansion-prosody-|coverage-collector/, "no config, wrapper, Lua library or collector");
  }
}

describe("the coverage collector in a throwaway Prosody", { skip: !isProsodyInstalled() && "Prosody is not installed" }, () => {
  it("is not injected into a plain run", async () => {
    const server = await startProsody({ configPath: projectProsodyConfig() });
    try {
      assert.equal(server.coverage, undefined);
      assert.deepEqual(environmentOf(server.pid).filter((entry) => /^LUA_INIT|^SCANSION_COVERAGE/.test(entry)), []);
    } finally {
      await server.stop();
    }
  });

  it("counts Debian's Prosody 0.12.3 lines, by their installed paths, and writes them on SIGTERM at once", async () => {
    const { coverage, stopMs } = await collectedFrom({ configPath: projectProsodyConfig(), executable: "/usr/bin/prosody" });
    assertCollectedProsody(coverage, "/usr/lib/prosody/core/modulemanager.lua");
    assert.ok(stopMs < 3000, `stopped in ${Math.round(stopMs)} ms`);
  });

  it("counts the unpacked Prosody 13.0.1's lines", { skip: !release && "Prosody 13.0.1 is not unpacked (scripts/ensure-prosody.mjs)" }, async () => {
    const { coverage } = await collectedFrom({ configPath: projectProsodyConfig(), executable: release! });
    assertCollectedProsody(coverage, path.resolve(path.dirname(release!), "../lib/prosody/core/modulemanager.lua"));
  });

  it("counts a built source tree's lines by their paths in the tree, the launcher too", { skip: !checkout && "no built Prosody 13.0.1 tree (scripts/ensure-prosody.mjs)" }, async () => {
    const { coverage } = await collectedFrom({ configPath: checkout!.config });
    assertCollectedProsody(coverage, path.join(checkout!.tree, "core/modulemanager.lua"));
    assert.ok(coverage.kind === "collected" && coverage.hits.has(checkout!.prosody), "the launcher ./prosody");
    assert.ok(coverage.kind === "collected" && [...coverage.hits.keys()].some((file) => file.startsWith(path.join(checkout!.tree, "plugins/"))), "plugins/");
  });

  it("says the coverage was lost when the server was killed before it could write it", async () => {
    const server = await startProsody({ configPath: projectProsodyConfig(), collectCoverage: true });
    process.kill(server.pid, "SIGKILL");
    await server.stop();
    const coverage = await server.coverage!;
    assert.equal(coverage.kind, "lost");
    assert.match(coverage.kind === "lost" ? coverage.reason : "", /without writing its coverage/);
  });
});
