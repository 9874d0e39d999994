import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseSpec } from "../language/parser";
import {
  discoverSpecFiles, filesOfShard, parseShard, specName, specTags, SpecPathError, tagSkipReason, type Shard,
} from "./specFiles";

/** A spec with the given header lines (title, description, `##` tags) and a trivial body. */
function spec(...header: string[]): string {
  return [...header, "", "[Client] Romeo", "\tjid: romeo@localhost", "\tpassword: password", "", "-----", "", "Romeo connects", ""].join("\n");
}

describe("discoverSpecFiles", () => {
  let root: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-specfiles-"));
    const files = [
      "b.scs", "a.scs", "notes.txt", "a.scs.bak",
      "nested/deeper/z.scs", "nested/c.scs", "nested/readme.md",
      ".hidden/secret.scs", "node_modules/pkg/dep.scs",
    ];
    for (const file of files) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), spec("# " + file));
    }
    fs.mkdirSync(path.join(root, "empty"));
  });

  after(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("finds every .scs file below a directory, recursively and sorted", () => {
    assert.deepEqual(discoverSpecFiles([root]), [
      path.join(root, "a.scs"),
      path.join(root, "b.scs"),
      path.join(root, "nested/c.scs"),
      path.join(root, "nested/deeper/z.scs"),
    ]);
  });

  it("ignores files that do not end in .scs, hidden directories and node_modules", () => {
    const found = discoverSpecFiles([root]).map((file) => path.relative(root, file));
    for (const ignored of ["notes.txt", "a.scs.bak", "nested/readme.md", ".hidden/secret.scs", "node_modules/pkg/dep.scs"]) {
      assert.ok(!found.includes(ignored), `${ignored} is not a spec`);
    }
  });

  it("takes a named file as given, whatever its extension", () => {
    const notes = path.join(root, "notes.txt");
    assert.deepEqual(discoverSpecFiles([notes]), [notes]);
  });

  it("merges files and directories into one sorted list without duplicates", () => {
    const found = discoverSpecFiles([path.join(root, "nested"), path.join(root, "b.scs"), path.join(root, "nested/c.scs"), path.join(root, "a.scs")]);
    assert.deepEqual(found, [
      path.join(root, "a.scs"),
      path.join(root, "b.scs"),
      path.join(root, "nested/c.scs"),
      path.join(root, "nested/deeper/z.scs"),
    ]);
  });

  it("gives an empty list for a directory without specs", () => {
    assert.deepEqual(discoverSpecFiles([path.join(root, "empty")]), []);
  });

  it("throws SpecPathError naming a path that does not exist", () => {
    const missing = path.join(root, "no-such.scs");
    assert.throws(() => discoverSpecFiles([path.join(root, "a.scs"), missing]), (error: unknown) => {
      assert.ok(error instanceof SpecPathError);
      assert.ok(error.message.includes(missing), error.message);
      return true;
    });
  });

  describe("with dangling symlinks", () => {
    let linked: string;

    before(() => {
      linked = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-specfiles-links-"));
      fs.writeFileSync(path.join(linked, "real.scs"), spec("# real"));
      fs.symlinkSync(path.join(linked, "gone"), path.join(linked, "stale-link"));
    });

    after(() => {
      fs.rmSync(linked, { recursive: true, force: true });
    });

    it("passes over a dangling symlink that is not a spec", () => {
      assert.deepEqual(discoverSpecFiles([linked]), [path.join(linked, "real.scs")]);
    });

    it("throws SpecPathError for a dangling symlink named like a spec", () => {
      fs.symlinkSync(path.join(linked, "gone.scs"), path.join(linked, "stale.scs"));
      assert.throws(() => discoverSpecFiles([linked]), (error: unknown) => error instanceof SpecPathError && error.message.includes("stale.scs"));
    });
  });
});

describe("specName", () => {
  it("is the spec's title", () => {
    assert.equal(specName(parseSpec(spec("# MUC: members-only rooms")), "/x/muc.scs"), "MUC: members-only rooms");
  });

  it("is the file name when the spec has no title", () => {
    assert.equal(specName(parseSpec(spec()), "/x/specs/untitled.scs"), "untitled.scs");
  });
});

describe("specTags", () => {
  it("lists plain tags by name", () => {
    assert.deepEqual(specTags(parseSpec(spec("# T", "## muc", "## slow"))), ["muc", "slow"]);
  });

  it("lists a valued tag both by name and as `name: value`", () => {
    assert.deepEqual(specTags(parseSpec(spec("# T", "## area: features"))), ["area", "area: features"]);
  });

  it("is empty for a spec without tags", () => {
    assert.deepEqual(specTags(parseSpec(spec("# T", "# only a description"))), []);
  });
});

describe("tagSkipReason", () => {
  const muc = parseSpec(spec("# T", "## muc", "## area: features"));
  const untagged = parseSpec(spec("# T"));

  it("runs every spec when no filter is given", () => {
    assert.equal(tagSkipReason(muc, { onlyTags: [], skipTags: [] }), undefined);
    assert.equal(tagSkipReason(untagged, { onlyTags: [], skipTags: [] }), undefined);
  });

  it("--only-tags runs specs having one of the tags and skips the others", () => {
    assert.equal(tagSkipReason(muc, { onlyTags: ["pep", "muc"], skipTags: [] }), undefined);
    const reason = tagSkipReason(untagged, { onlyTags: ["pep", "muc"], skipTags: [] });
    assert.ok(reason !== undefined);
    assert.match(reason, /--only-tags/);
    assert.match(reason, /"pep", "muc"/);
  });

  it("--skip-tags skips specs having any of the tags, and says which", () => {
    const reason = tagSkipReason(muc, { onlyTags: [], skipTags: ["slow", "muc"] });
    assert.ok(reason !== undefined);
    assert.match(reason, /"muc"/);
    assert.match(reason, /--skip-tags/);
    assert.equal(tagSkipReason(untagged, { onlyTags: [], skipTags: ["muc"] }), undefined);
  });

  it("--skip-tags wins over --only-tags", () => {
    assert.match(tagSkipReason(muc, { onlyTags: ["muc"], skipTags: ["muc"] }) ?? "", /--skip-tags/);
  });

  it("matches a valued tag by its name or by `name: value`, not by another value", () => {
    assert.equal(tagSkipReason(muc, { onlyTags: ["area"], skipTags: [] }), undefined);
    assert.equal(tagSkipReason(muc, { onlyTags: ["area: features"], skipTags: [] }), undefined);
    assert.notEqual(tagSkipReason(muc, { onlyTags: ["area: runner"], skipTags: [] }), undefined);
    assert.notEqual(tagSkipReason(muc, { onlyTags: [], skipTags: ["area: features"] }), undefined);
    assert.equal(tagSkipReason(muc, { onlyTags: [], skipTags: ["area: runner"] }), undefined);
  });

  it("does not match a value alone", () => {
    assert.notEqual(tagSkipReason(muc, { onlyTags: ["features"], skipTags: [] }), undefined);
  });
});

describe("parseShard", () => {
  it("parses i/n", () => {
    assert.deepEqual(parseShard("1/4"), { index: 1, count: 4 });
    assert.deepEqual(parseShard("4/4"), { index: 4, count: 4 });
    assert.deepEqual(parseShard(" 2/3 "), { index: 2, count: 3 });
  });

  for (const text of ["", "1", "1/", "/2", "a/b", "1/2/3", "-1/2", "1.5/2"]) {
    it(`refuses ${JSON.stringify(text)} with an example of the form`, () => {
      const result = parseShard(text);
      assert.equal(typeof result, "string");
      assert.match(result as string, /i\/n/);
    });
  }

  for (const text of ["0/2", "3/2", "1/0", "0/0"]) {
    it(`refuses ${text}: i must lie between 1 and n`, () => {
      assert.match(parseShard(text) as string, /between 1 and n/);
    });
  }
});

describe("filesOfShard", () => {
  const shardsOf = (count: number): Shard[] => Array.from({ length: count }, (_, i) => ({ index: i + 1, count }));

  for (const [fileCount, shardCount] of [[0, 1], [1, 1], [1, 3], [7, 2], [10, 3], [12, 4], [5, 5], [3, 8]] as const) {
    it(`puts each of ${fileCount} files in exactly one of ${shardCount} shards, balanced`, () => {
      const files = Array.from({ length: fileCount }, (_, i) => `spec-${String(i).padStart(2, "0")}.scs`);
      const shards = shardsOf(shardCount).map((shard) => filesOfShard(files, shard));
      assert.deepEqual(shards.flat().sort(), files, "every file once");
      const sizes = shards.map((shard) => shard.length);
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `balanced: ${sizes.join(", ")}`);
    });
  }

  it("keeps the order of the list inside a shard (round-robin)", () => {
    const files = ["a", "b", "c", "d", "e"];
    assert.deepEqual(filesOfShard(files, { index: 1, count: 2 }), ["a", "c", "e"]);
    assert.deepEqual(filesOfShard(files, { index: 2, count: 2 }), ["b", "d"]);
  });

  it("gives the whole list for 1/1", () => {
    assert.deepEqual(filesOfShard(["x", "y"], { index: 1, count: 1 }), ["x", "y"]);
  });
});
