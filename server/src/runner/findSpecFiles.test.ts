import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { discoverSpecFiles, findSpecFiles, inSkippedFolder } from "./specFiles";

describe("finding spec files on disk", () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), "scansion-find-"));
    const files = [
      "top.scs",
      "spec/scansion/basic.scs",
      "spec/scansion/deep/nested.scs",
      "spec/scansion/notes.txt",
      "spec/scansion/basic.scs.bak",
      "node_modules/dep/spec.scs",
      ".git/hooks/x.scs",
      "spec/.hidden/secret.scs",
      "spec/.draft.scs",
    ];
    for (const file of files) {
      mkdirSync(join(root, file, ".."), { recursive: true });
      writeFileSync(join(root, file), "# t\n");
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("lists every .scs below the folder (hidden files too), sorted, without node_modules and dot-directories", async () => {
    assert.deepEqual(await findSpecFiles(root), [
      join(root, "spec/.draft.scs"),
      join(root, "spec/scansion/basic.scs"),
      join(root, "spec/scansion/deep/nested.scs"),
      join(root, "top.scs"),
    ]);
  });

  it("finds what the CLI's discovery finds (one rule for both)", async () => {
    assert.deepEqual(await findSpecFiles(root), discoverSpecFiles([root]));
  });

  it("tells the Test Explorer's file watcher the same: a spec in node_modules or a dot-folder is not the project's", () => {
    assert.equal(inSkippedFolder("spec/scansion/basic.scs"), false);
    assert.equal(inSkippedFolder("node_modules/dep/spec.scs"), true);
    assert.equal(inSkippedFolder("spec/.hidden/secret.scs"), true);
    assert.equal(inSkippedFolder(".top.scs"), false, "a hidden file is still a spec; only folders are skipped");
  });

  it("a folder that does not exist has no specs", async () => {
    assert.deepEqual(await findSpecFiles(join(root, "missing")), []);
  });

  it("lists a thousand files quickly", async () => {
    const many = join(root, "many");
    for (let i = 0; i < 1000; i++) {
      mkdirSync(join(many, `suite${i % 10}`), { recursive: true });
      writeFileSync(join(many, `suite${i % 10}`, `spec_${i}.scs`), "# t\n");
    }
    const started = performance.now();
    const found = await findSpecFiles(many);
    const elapsed = performance.now() - started;
    assert.equal(found.length, 1000);
    assert.ok(elapsed < 500, `took ${Math.round(elapsed)} ms`);
  });
});
