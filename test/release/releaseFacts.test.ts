import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { bundledPackageFolders } from "../../scripts/release/bundledLicenses";
import { externalRequires } from "../../scripts/release/package";
import { CLI_PACKAGE_NAME, PLACEHOLDER_OWNER, REPOSITORY_ROOT, artifactPaths, cliPackageManifest, readManifest, releaseProblems, type ExtensionManifest } from "../../scripts/release/releaseFacts";

const published: ExtensionManifest = {
  name: "vscode-scansion",
  version: "1.2.3",
  publisher: "someone",
  license: "MIT",
  repository: { type: "git", url: "https://github.com/someone/vscode-scansion.git" },
  bugs: { url: "https://github.com/someone/vscode-scansion/issues" },
  homepage: "https://github.com/someone/vscode-scansion#readme",
  engines: { node: ">=20" },
};
const changelog = "# Changelog\n\n## [Unreleased]\n\n## [1.2.3] - 2027-01-31\n\n### Fixed\n\n- a thing\n";

describe("a release", () => {
  it("may be published when the metadata, the CHANGELOG and the tag agree", () => {
    assert.deepEqual(releaseProblems(published, changelog, "v1.2.3"), []);
    assert.deepEqual(releaseProblems(published, changelog), []);
  });

  it("is refused while the repository URLs are the placeholder or missing", () => {
    const placeholder = { ...published, repository: `https://github.com/${PLACEHOLDER_OWNER}/vscode-scansion`, homepage: undefined };
    const problems = releaseProblems(placeholder, changelog);
    assert.equal(problems.length, 2);
    assert.match(problems[0] ?? "", /repository is still the placeholder/);
    assert.match(problems[1] ?? "", /no homepage URL/);
  });

  it("is refused without a dated CHANGELOG section for its version", () => {
    assert.match(releaseProblems(published, "## [Unreleased]\n\n## [1.2.2] - 2026-01-01\n").join(), /no section "## \[1\.2\.3\] - YYYY-MM-DD"/);
    assert.match(releaseProblems(published, "## [1.2.3]\n").join(), /no section/, "a section without a date is not released");
    assert.match(releaseProblems({ ...published, version: "1.2.30" }, changelog).join(), /no section/, "1.2.3's section is not 1.2.30's");
  });

  it("is refused when the tag is not the package's version", () => {
    assert.deepEqual(releaseProblems(published, changelog, "v1.2.4"), ["the tag v1.2.4 is not v1.2.3, package.json's version"]);
  });

  it("of this checkout has a CHANGELOG section for package.json's version", () => {
    const problems = releaseProblems(readManifest(), readFileSync(path.join(REPOSITORY_ROOT, "CHANGELOG.md"), "utf8"));
    assert.deepEqual(problems.filter((problem) => problem.includes("CHANGELOG")), []);
  });
});

describe("the CLI's npm package", () => {
  it("is named for its command, has package.json's version and nothing to install", () => {
    const manifest = cliPackageManifest(published);
    assert.equal(manifest.name, CLI_PACKAGE_NAME);
    assert.equal(manifest.version, "1.2.3");
    assert.deepEqual(manifest.bin, { "scansion-run": "cli.js" });
    for (const field of ["dependencies", "optionalDependencies", "peerDependencies", "bundleDependencies"]) assert.equal(field in manifest, false, field);
    assert.equal(artifactPaths(published).cliTarball, "dist/scansion-run-1.2.3.tgz");
  });

  it("refuses a bundle that requires a package at run time", () => {
    const bundle = `var a = require("node:fs"); var b = require("events"); var c = require('ltx'); var d = require("@xmpp/jid");`;
    assert.deepEqual(externalRequires(bundle), ["@xmpp/jid", "ltx"]);
  });

  it("lists the licenses of the packages the bundle was built from", () => {
    const metafile = { inputs: { "server/src/cli/main.ts": {}, "node_modules/ltx/lib/ltx.js": {}, "node_modules/@xmpp/jid/index.js": {}, "node_modules/@xmpp/jid/lib/JID.js": {}, "node_modules/a/node_modules/b/x.js": {} } };
    assert.deepEqual(bundledPackageFolders(metafile), ["node_modules/@xmpp/jid", "node_modules/a/node_modules/b", "node_modules/ltx"]);
  });
});
