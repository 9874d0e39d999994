import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { parseSpec } from "@server/language/parser";
import { describeSpec, tagIds } from "./specCatalog";
import { treeGroups } from "./treeLayout";

const minimal = `# Romeo says hello

[Client] Romeo
\tjid: romeo@localhost
\tpassword: password

-----

Romeo connects
`;

describe("what the Test Explorer shows for a spec", () => {
  it("labels a spec with its title and places it on the title line", () => {
    const entry = describeSpec(minimal, "hello.scs");
    assert.equal(entry.label, "Romeo says hello");
    assert.equal(entry.titleLine, 0);
    assert.equal(entry.titleLineLength, "# Romeo says hello".length);
    assert.equal(entry.error, undefined);
    assert.deepEqual(entry.tags, []);
  });

  it("falls back to the file name when the spec has no title", () => {
    const entry = describeSpec(minimal.split("\n").slice(2).join("\n"), "untitled_spec.scs");
    assert.equal(entry.label, "untitled_spec.scs");
    assert.equal(entry.titleLine, 0);
  });

  it("finds the title below leading blank lines", () => {
    const entry = describeSpec(`\n\n${minimal}`, "hello.scs");
    assert.equal(entry.titleLine, 2);
  });

  it("reports the first syntax error with its 1-based line", () => {
    const broken = minimal.replace("Romeo connects", "Romeo sends:\n\t<message><body></message>");
    const entry = describeSpec(broken, "broken.scs");
    assert.match(entry.error ?? "", /^line 1[0-9]: /);
    assert.equal(entry.label, "Romeo says hello", "a broken spec keeps its title");
  });

  it("a broken fixture of the language tests shows an error", () => {
    const text = readFileSync(new URL("../../../testFixture/language/broken-header.scs", import.meta.url), "utf8");
    assert.notEqual(describeSpec(text, "broken-header.scs").error, undefined);
  });
});

describe("test tags from ## lines", () => {
  it("a bare tag is its own id; a valued tag gives its name and name:value without spaces around the colon", () => {
    const doc = parseSpec(`# Tagged\n## slow\n## status: stable\n## prosody-0.9 result: fails: because of a colon\n\n-----\n`);
    assert.deepEqual(tagIds(doc), ["slow", "status", "status:stable", "prosody-0.9 result", "prosody-0.9 result:fails: because of a colon"]);
  });

  it("repeated tags give one id", () => {
    const doc = parseSpec(`# Tagged\n## slow\n## slow\n## area: muc\n## area: pubsub\n\n-----\n`);
    assert.deepEqual(tagIds(doc), ["slow", "area", "area:muc", "area:pubsub"]);
  });
});

describe("where a spec goes in the tree", () => {
  it("a spec at a single folder's root needs no group", () => {
    assert.deepEqual(treeGroups("file:///w", "w", "basic.scs", false), []);
  });

  it("a spec in a subdirectory goes under one group named by the relative directory", () => {
    assert.deepEqual(treeGroups("file:///w", "w", "spec/scansion/basic.scs", false), [{ id: "dir:file:///w/spec/scansion", label: "spec/scansion", path: "spec/scansion" }]);
  });

  it("in a multi-root workspace every spec goes under its folder first", () => {
    assert.deepEqual(treeGroups("file:///a", "prosody", "spec/x.scs", true), [
      { id: "folder:file:///a", label: "prosody", path: "" },
      { id: "dir:file:///a/spec", label: "spec", path: "spec" },
    ]);
    assert.deepEqual(treeGroups("file:///b", "other", "x.scs", true), [{ id: "folder:file:///b", label: "other", path: "" }]);
  });

  it("a community module's specs go under its module folder, whichever of its folders they are in", () => {
    const modules = ["mod_hello", "mod_muc_hello"];
    assert.deepEqual(treeGroups("file:///m", "m", "mod_hello/tests/hello.scs", false, modules), [{ id: "module:file:///m/mod_hello", label: "mod_hello", path: "mod_hello" }]);
    assert.deepEqual(treeGroups("file:///m", "m", "mod_muc_hello/spec/scansion/room.scs", false, modules), [{ id: "module:file:///m/mod_muc_hello", label: "mod_muc_hello", path: "mod_muc_hello" }]);
    assert.deepEqual(treeGroups("file:///m", "m", "mod_hellox/tests/x.scs", false, modules), [{ id: "dir:file:///m/mod_hellox/tests", label: "mod_hellox/tests", path: "mod_hellox/tests" }], "a folder whose name only starts like a module's");
    assert.deepEqual(treeGroups("file:///m", "m", "tests/hello.scs", false, [""]), [{ id: "dir:file:///m/tests", label: "tests", path: "tests" }], "a workspace that is the module's folder keeps its directories");
  });
});
