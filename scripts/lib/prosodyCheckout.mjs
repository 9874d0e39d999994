// Prosody's own source, built in place the way a Prosody developer has it: Debian's source
// package of the release (bookworm-backports), its upstream tarball (`.orig.tar.gz`, without
// Debian's patches) unpacked, `./configure --ostype=debian --lua-version=5.4 && make`.
// The tree holds `./prosody`, `spec/scansion/*.scs` (all of the release's specs) and the
// suite's `spec/scansion/prosody.cfg.lua`; `npm run conformance` runs them from it.
// Built in a temporary folder beside its final place and renamed when complete, so that an
// interrupted build is never taken for a finished one; afterwards a run only checks.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkoutFolder, COMPLETE_MARKER, prosodyCacheRoot, prosodyCacheRoots } from "../../server/src/servers/prosody/prosodyCache.mjs";
import { aptKnowsIndex, findExecutable, hasAptSource, isRoot, listDir, MINUTE, missingPackages, output, run, withServicesHeldBack } from "./debianPackage.mjs";

const BACKPORTS = "bookworm-backports";
const SOURCES_FILE = "/etc/apt/sources.list.d/vscode-scansion-bookworm-backports-src.sources";
/** What the build needs (all in bookworm); dpkg-dev for `apt-get source`. */
const BUILD_PACKAGES = ["liblua5.4-dev", "libicu-dev", "libssl-dev", "libidn2-dev", "gcc", "libc6-dev", "make", "openssl", "dpkg-dev"];

function isBuilt(tree) {
  return existsSync(join(tree, COMPLETE_MARKER)) && existsSync(join(tree, "prosody")) &&
    existsSync(join(tree, "spec", "scansion", "prosody.cfg.lua")) && listDir(join(tree, "util")).some((name) => name.endsWith(".so"));
}

const BUILDING_PREFIX = ".building-";
/** A build takes seconds: a build folder this old was left by a run that was killed. */
const ABANDONED_AFTER_MS = 30 * MINUTE;

function removeAbandonedBuilds(root) {
  for (const name of listDir(root).filter((entry) => entry.startsWith(BUILDING_PREFIX))) {
    const folder = join(root, name);
    try {
      if (Date.now() - statSync(folder).mtimeMs > ABANDONED_AFTER_MS) rmSync(folder, { recursive: true, force: true });
    } catch {
      // gone already
    }
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

/**
 * Makes sure `release` is built in the cache. `problem(line)` reports what stops it;
 * `luaReady()` says whether the Lua 5.4 libraries the server loads are installed.
 */
export function ensureProsodyCheckout(release, { problem, luaReady }) {
  const started = Date.now();
  const ready = prosodyCacheRoots().map((root) => checkoutFolder(root, release)).find(isBuilt);
  if (ready && luaReady()) {
    console.log(`prosody ${release} (checkout): ${ready} (checked in ${seconds(started)})`);
    return;
  }
  const tree = checkoutFolder(prosodyCacheRoot(), release);
  const hint = `run \`sudo node scripts/ensure-prosody.mjs\` once (it adds deb-src lines for ${BACKPORTS}, installs ${BUILD_PACKAGES.join(" ")} and builds Prosody ${release}'s source into ${tree})`;
  if (!luaReady()) return problem(`Prosody ${release} (checkout) cannot run: the Lua 5.4 libraries are missing; ${hint}.`);
  const aptGet = findExecutable("apt-get");
  if (!aptGet) return problem(`Prosody ${release} (checkout) is not built and this script builds it only from Debian's source package (apt-get was not found).`);

  const stepStarted = Date.now();
  if (!aptKnowsIndex(BACKPORTS, "_source_Sources") || missingPackages(BUILD_PACKAGES).length > 0) {
    if (!isRoot) return problem(`Prosody ${release} (checkout) is not built: ${hint}.`);
    if (!hasAptSource("deb-src", BACKPORTS)) {
      writeFileSync(SOURCES_FILE, `Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: ${BACKPORTS}\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`);
      console.log(`added ${SOURCES_FILE}`);
    }
    if (!aptKnowsIndex(BACKPORTS, "_source_Sources") && !run(aptGet, ["update"])) return problem("apt-get update failed; see above.");
    const missing = missingPackages(BUILD_PACKAGES);
    if (missing.length > 0 && !withServicesHeldBack(() => run(aptGet, ["install", "-y", "--no-install-recommends", ...missing]))) {
      return problem(`apt-get could not install ${missing.join(" ")}, which building Prosody ${release} needs; see above.`);
    }
    console.log(`apt: deb-src for ${BACKPORTS} and the build packages ready in ${seconds(stepStarted)}`);
  }

  // Prefer exactly `release`; Debian's version string is e.g. 13.0.1-1~bpo12+1.
  const versions = [...(output("apt-cache", ["showsrc", "prosody"]) ?? "").matchAll(/^Version: (\S+)$/gm)].map((match) => match[1]);
  const version = versions.find((candidate) => candidate.startsWith(`${release}-`));
  if (!version) return problem(`apt knows no prosody ${release} source package (versions: ${versions.join(", ") || "none"}); run apt-get update as root.`);

  mkdirSync(prosodyCacheRoot(), { recursive: true });
  removeAbandonedBuilds(prosodyCacheRoot());
  const work = mkdtempSync(join(prosodyCacheRoot(), BUILDING_PREFIX));
  try {
    if (isRoot) chmodSync(work, 0o777); // apt-get source downloads as _apt when it can
    const download = Date.now();
    // Only the upstream tarball is used. apt checks each file against the signed Sources
    // index before giving it its name, so a tarball there is the right one even when apt
    // fails on the others (some mirrors answer 404 for the .dsc and Debian's patches).
    const downloaded = run("apt-get", ["source", "--download-only", `prosody=${version}`], { cwd: work });
    const tarball = `prosody_${release}.orig.tar.gz`;
    if (!existsSync(join(work, tarball))) return problem(`apt-get source --download-only prosody=${version} left no ${tarball}; see above.`);
    if (!downloaded) console.log(`(apt-get failed on some of the source package's files, not on ${tarball}, the only one used)`);
    console.log(`downloaded in ${seconds(download)}`);

    const build = Date.now();
    const unpacked = join(work, "unpacked");
    mkdirSync(unpacked);
    if (!run("tar", ["-xzf", join(work, tarball), "-C", unpacked, "--strip-components=1", "--no-same-owner"])) return problem(`tar could not unpack ${tarball}; see above.`);
    if (!run("./configure", ["--ostype=debian", "--lua-version=5.4", "--runwith=lua5.4"], { cwd: unpacked })) return problem(`./configure of Prosody ${release} failed; see above.`);
    if (!run("make", [], { cwd: unpacked, timeoutMs: 15 * MINUTE })) return problem(`make of Prosody ${release} failed; see above.`);
    writeFileSync(join(unpacked, COMPLETE_MARKER), `${version}\n`);
    if (!isBuilt(unpacked)) return problem(`Prosody ${release} was built in ${unpacked} but has no ./prosody, spec/scansion/prosody.cfg.lua or util/*.so.`);
    if (!run("chmod", ["-R", "a+rX", unpacked])) return problem("chmod -R a+rX failed; see above.");
    rmSync(tree, { recursive: true, force: true });
    renameSync(unpacked, tree);
    console.log(`built in ${seconds(build)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const specs = listDir(join(tree, "spec", "scansion")).filter((name) => name.endsWith(".scs")).length;
  console.log(`prosody ${release} (checkout): ${tree}, ${specs} specs (set up in ${seconds(started)})`);
}
