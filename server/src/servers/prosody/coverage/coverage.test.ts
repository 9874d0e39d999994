// The parts of a coverage run that need no server: the collector's file format, chunk names to
// user paths, luac's listing, merging, a spec's lines beyond start-up, the summary and LCOV.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseHits } from "./collector";
import { coveredSourcePath } from "./sourcePaths";
import { parseListing } from "./executableLines";
import { beyondBaseline, commonFolder, fileCoverages, formatFolderSummary, mergeHits, summarizeByFolder, summarizeRun, type LineHits } from "./lineCoverage";
import { renderLcov, writeFileAtomically } from "./lcov";

const TREE = "/home/dev/prosody";
const CONTEXT = { cwd: TREE, scratch: "/tmp/scansion-prosody-abc", configPath: `${TREE}/spec/scansion/prosody.cfg.lua` };

function hits(entries: Record<string, Record<number, number>>): LineHits {
  return new Map(Object.entries(entries).map(([file, lines]) => [file, new Map(Object.entries(lines).map(([line, count]) => [Number(line), count]))]));
}

describe("the collector's hits file", () => {
  it("reads chunks and their line counts when the file is complete", () => {
    const parsed = parseHits("@./core/a.lua\n3 2\n5 1\n@plugins/mod_b.lua\n1 7\n.\n");
    assert.deepEqual(parsed, new Map([["./core/a.lua", new Map([[3, 2], [5, 1]])], ["plugins/mod_b.lua", new Map([[1, 7]])]]));
  });

  it("refuses a file without its end mark or with a broken line", () => {
    assert.equal(parseHits("@./core/a.lua\n3 2\n"), undefined);
    assert.equal(parseHits("@./core/a.lua\n3 x\n.\n"), undefined);
    assert.equal(parseHits("3 2\n.\n"), undefined, "a count before any chunk");
  });
});

describe("chunk names to the user's files", () => {
  it("resolves a source tree's relative names from the server's working directory and keeps absolute ones", () => {
    assert.equal(coveredSourcePath("./core/moduleapi.lua", CONTEXT), `${TREE}/core/moduleapi.lua`);
    assert.equal(coveredSourcePath("plugins/muc/muc.lib.lua", CONTEXT), `${TREE}/plugins/muc/muc.lib.lua`);
    assert.equal(coveredSourcePath(`${TREE}/prosody`, CONTEXT), `${TREE}/prosody`, "the launcher");
    assert.equal(coveredSourcePath("/usr/lib/prosody/core/sessionmanager.lua", CONTEXT), "/usr/lib/prosody/core/sessionmanager.lua", "an installed Prosody, shown from where it is");
  });

  it("leaves out the wrapper config, the run's config and what it includes, and Lua's own libraries", () => {
    for (const chunk of [
      "/tmp/scansion-prosody-abc/wrapper.cfg.lua", `${TREE}/spec/scansion/prosody.cfg.lua`, `${TREE}/spec/scansion/extra.cfg.lua`,
      "/usr/share/lua/5.4/socket.lua", "/usr/share/lua/5.4/socket/url.lua", "/usr/lib/x86_64-linux-gnu/lua/5.4/ssl.lua", "/usr/local/share/lua/5.4/x.lua",
      "=stdin", "some-data",
    ]) {
      assert.equal(coveredSourcePath(chunk, CONTEXT), undefined, chunk);
    }
  });
});

describe("luac's listing", () => {
  it("gives the lines holding statements per file, and nothing for a file luac refused", () => {
    const listing = [
      "@@ /a.lua", "", "main <a.lua:0,0> (3 instructions at 0x1)", "0+ params, 2 slots, 1 upvalue, 0 locals, 1 constant, 0 functions",
      "\t1\t[1]\tVARARGPREP\t0", "\t2\t[4]\tLOADI    \t0 1", "\t3\t[4]\tRETURN   \t0 1 1\t; 0 out",
      "@@ /broken.lua", "luac5.4: /broken.lua:1: syntax error", "@@!",
      "@@ /b.lua", "\t1\t[7]\tRETURN0",
    ].join("\n");
    assert.deepEqual(parseListing(listing), new Map<string, ReadonlySet<number> | undefined>([["/a.lua", new Set([4])], ["/broken.lua", undefined], ["/b.lua", new Set([7])]]),
      "a chunk's VARARGPREP prologue on line 1 is no statement");
  });
});

describe("line counts", () => {
  it("adds up the servers of a run", () => {
    const merged = mergeHits(hits({ "/a.lua": { 1: 1, 2: 3 } }), hits({ "/a.lua": { 2: 1, 9: 1 }, "/b.lua": { 4: 2 } }));
    assert.deepEqual(merged, hits({ "/a.lua": { 1: 1, 2: 4, 9: 1 }, "/b.lua": { 4: 2 } }));
  });

  it("keeps of a spec's server what it ran beyond a server that only started, by how much more", () => {
    const spec = hits({ "/a.lua": { 1: 1, 2: 5, 3: 2 }, "/b.lua": { 1: 1 } });
    const startUp = hits({ "/a.lua": { 1: 1, 2: 2 }, "/b.lua": { 1: 1 } });
    assert.deepEqual(beyondBaseline(spec, startUp), hits({ "/a.lua": { 2: 3, 3: 2 } }));
  });

  it("lists every executable line with 0 for those never run, and the lines run even where luac saw none", () => {
    const [file] = fileCoverages(hits({ "/a.lua": { 2: 4, 10: 1 } }), new Map([["/a.lua", new Set([1, 2, 5])]]));
    assert.deepEqual([...file!.lines], [[1, 0], [2, 4], [5, 0], [10, 1]]);
  });

  it("sums up per top folder of the source tree, files outside it by their own folder", () => {
    const files = fileCoverages(hits({
      [`${TREE}/core/a.lua`]: { 1: 1 }, [`${TREE}/core/b.lua`]: { 1: 1 },
      [`${TREE}/plugins/muc/m.lua`]: { 1: 2 }, [`${TREE}/prosody`]: { 3: 1 }, "/usr/lib/prosody/x.lua": { 1: 1 },
    }), new Map([[`${TREE}/core/a.lua`, new Set([1, 2])], [`${TREE}/core/b.lua`, new Set([1, 2, 3])], [`${TREE}/plugins/muc/m.lua`, new Set([1, 2, 3, 4])]]));
    assert.equal(commonFolder([`${TREE}/core/a.lua`, `${TREE}/plugins/muc/m.lua`]), TREE);
    assert.equal(formatFolderSummary(summarizeByFolder(files, TREE)), "/usr/lib/prosody/ 100.0%  core/ 40.0%  plugins/ 25.0%  prosody 100.0%");
  });
});

describe("the run's summary line", () => {
  it("sums up the largest group by its top folders and each other group (a module, the launcher) by its own path", () => {
    const files = fileCoverages(hits({
      "/usr/lib/prosody/core/a.lua": { 1: 1 }, "/usr/lib/prosody/modules/m.lua": { 1: 1 }, "/usr/lib/prosody/util/u.lua": { 1: 1 },
      "/usr/bin/prosody": { 1: 1 }, "/home/dev/modules/mod_hello/mod_hello.lua": { 1: 1, 2: 1 },
    }), new Map([["/usr/lib/prosody/core/a.lua", new Set([1, 2])]]));
    assert.equal(formatFolderSummary(summarizeRun(files)), "core/ 50.0%  modules/ 100.0%  util/ 100.0%  /home/dev/modules/mod_hello/mod_hello.lua 100.0%  /usr/bin/prosody 100.0%");
  });
});

describe("LCOV", () => {
  it("writes SF, DA per line, LF and LH, end_of_record per file", () => {
    const files = fileCoverages(hits({ "/a.lua": { 2: 4 } }), new Map([["/a.lua", new Set([1, 2])]]));
    assert.equal(renderLcov(files), "SF:/a.lua\nDA:1,0\nDA:2,4\nLF:2\nLH:1\nend_of_record\n");
  });

  it("replaces a file whole, leaving no temporary file", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-lcov-"));
    try {
      const file = path.join(folder, "out.lcov");
      fs.writeFileSync(file, "old");
      writeFileAtomically(file, "new\n");
      assert.equal(fs.readFileSync(file, "utf8"), "new\n");
      assert.deepEqual(fs.readdirSync(folder), ["out.lcov"]);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it("fails without touching the old file when the folder cannot be written", () => {
    assert.throws(() => writeFileAtomically("/nonexistent-folder/out.lcov", "x"), /ENOENT/);
  });
});
