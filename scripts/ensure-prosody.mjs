// Makes sure the Prosody servers the project runs against are there, for `npm run demo`,
// the conformance run and CI:
//   1. the system's Prosody (Debian's `prosody` package, 0.12.3 on Debian 12): installed with
//      apt-get when missing and running as root;
//   2. Prosody 13.0.1 beside it, never replacing it: Debian's bookworm-backports package
//      unpacked (`dpkg -x`) into a cache folder, its launcher patched to load its own
//      libraries. Needs root once (adds bookworm-backports to apt's sources and installs
//      the Lua 5.4 libraries); afterwards a run only checks the cache;
//   3. Prosody 13.0.1's own source (Debian's source package), built beside it as a Prosody
//      developer's checkout with all 50 specs of spec/scansion (scripts/lib/prosodyCheckout.mjs).
// Options: --system-only (only 1), --no-checkout (skip 3), --best-effort (report what is
//          missing but exit 0), --where (print the 13.0.1 cache folder and exit).
// Never reads standard input, every command has a time limit: it cannot hang waiting.
// The cache folders are those of server/src/servers/prosody/prosodyCache.mjs, which the
// TypeScript code (prosodyInstall.ts) reads too.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { COMPLETE_MARKER, prosodyCacheRoot, releaseFolder } from "../server/src/servers/prosody/prosodyCache.mjs";
import { debianCodename, findExecutable, hasAptSource, isRoot, listDir, output, run, withServicesHeldBack } from "./lib/debianPackage.mjs";
import { ensureProsodyCheckout } from "./lib/prosodyCheckout.mjs";

const RELEASE = "13.0.1";
const LUA = "lua5.4";
const LUA_PACKAGES = ["lua5.4", "lua-expat", "lua-filesystem", "lua-sec", "lua-socket", "lua-bitop"];
const LUA_MODULES = ["lxp", "lfs", "ssl", "socket"];
const BACKPORTS_SOURCE = "/etc/apt/sources.list.d/vscode-scansion-bookworm-backports.sources";

const args = new Set(process.argv.slice(2));
const cacheRoot = prosodyCacheRoot();
const releaseDir = releaseFolder(cacheRoot, RELEASE);
if (args.has("--where")) {
  console.log(releaseDir);
  process.exit(0);
}

let problems = 0;
function problem(line) {
  console.error(line);
  problems += 1;
}

// 1. The system's Prosody.
function ensureSystemProsody() {
  const hint = "Prosody is not installed: install Prosody 0.12 (Debian/Ubuntu: `sudo apt-get install prosody`, or run `sudo node scripts/ensure-prosody.mjs`) and try again.";
  const found = findExecutable("prosody");
  if (found) {
    console.log(`prosody (system): ${found}`);
    return;
  }
  const aptGet = findExecutable("apt-get");
  if (!isRoot || !aptGet) return problem(hint);
  if (!withServicesHeldBack(() => run(aptGet, ["update"]) && run(aptGet, ["install", "-y", "prosody"]))) return problem(`apt-get could not install prosody. ${hint}`);
  const installed = findExecutable("prosody");
  if (!installed) return problem("apt-get finished but no prosody executable was found.");
  console.log(`prosody (system): ${installed}`);
}

// 2. Prosody 13.0.1 in the cache.
const launcher = join(releaseDir, "usr", "bin", "prosody");
const sourceDir = join(releaseDir, "usr", "lib", "prosody");

function luaLibrariesPresent() {
  if (!findExecutable(LUA)) return false;
  const probe = LUA_MODULES.map((name) => `require"${name}"`).join(";");
  return output(LUA, ["-e", probe]) !== undefined;
}

function releaseReady() {
  return existsSync(join(releaseDir, COMPLETE_MARKER)) && luaLibrariesPresent();
}

function hasBackportsSource() {
  return hasAptSource("deb", "bookworm-backports");
}

/** Points the launcher's CFG_SOURCEDIR and CFG_PLUGINDIR at the unpacked libraries. */
function patchLauncher(file, libraries) {
  const text = readFileSync(file, "utf8")
    .replace(/^CFG_SOURCEDIR=.*$/m, `CFG_SOURCEDIR='${libraries}';`)
    .replace(/^CFG_PLUGINDIR=.*$/m, `CFG_PLUGINDIR='${libraries}/modules/';`);
  if (!text.includes(`CFG_SOURCEDIR='${libraries}'`)) throw new Error(`${file} has no CFG_SOURCEDIR line to patch`);
  writeFileSync(file, text);
}

function ensureRelease() {
  if (releaseReady()) {
    console.log(`prosody ${RELEASE}: ${launcher} (run with ${LUA})`);
    return;
  }
  // What `sudo node scripts/ensure-prosody.mjs` unpacked serves every user.
  const systemWide = releaseFolder(prosodyCacheRoot({}, true), RELEASE);
  if (!isRoot && existsSync(join(systemWide, COMPLETE_MARKER)) && luaLibrariesPresent()) {
    console.log(`prosody ${RELEASE}: ${join(systemWide, "usr", "bin", "prosody")} (run with ${LUA})`);
    return;
  }
  const needsRoot = "run `sudo node scripts/ensure-prosody.mjs` once (it adds Debian's bookworm-backports to apt's sources, installs the Lua 5.4 libraries and unpacks Prosody " +
    `${RELEASE} into ${releaseDir}; the system's Prosody is not changed)`;
  const codename = debianCodename();
  const aptGet = findExecutable("apt-get");
  if (codename !== "bookworm" || !aptGet) {
    return problem(`Prosody ${RELEASE} is not installed and this script installs it only on Debian 12 (bookworm): install Prosody 13 (https://prosody.im/download/) and pass it with --prosody.`);
  }
  if (!isRoot && (!hasBackportsSource() || !luaLibrariesPresent())) return problem(`Prosody ${RELEASE} is not installed: ${needsRoot}.`);

  if (isRoot) {
    if (!hasBackportsSource()) {
      writeFileSync(BACKPORTS_SOURCE, "Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n");
      console.log(`added ${BACKPORTS_SOURCE}`);
    }
    const backportsKnown = listDir("/var/lib/apt/lists").some((name) => name.includes("bookworm-backports"));
    if (!backportsKnown && !run(aptGet, ["update"])) return problem("apt-get update failed; see above.");
    if (!luaLibrariesPresent() && !withServicesHeldBack(() => run(aptGet, ["install", "-y", "--no-install-recommends", "-t", "bookworm-backports", ...LUA_PACKAGES]))) {
      return problem("apt-get could not install the Lua 5.4 libraries Prosody 13 needs; see above.");
    }
  }

  // Unpacked beside its final place, so that the last step is a rename on one file system.
  mkdirSync(cacheRoot, { recursive: true });
  const work = mkdtempSync(join(cacheRoot, ".unpacking-"));
  try {
    // Prefer exactly RELEASE; Debian's version string is e.g. 13.0.1-1~bpo12+1.
    const versions = (output("apt-cache", ["madison", "prosody"]) ?? "").split("\n").map((line) => line.split("|")[1]?.trim()).filter(Boolean);
    const version = versions.find((candidate) => candidate.startsWith(`${RELEASE}-`));
    if (!version) return problem(`apt knows no prosody ${RELEASE} package (versions: ${versions.join(", ") || "none"}); run apt-get update as root.`);
    if (isRoot) chmodSync(work, 0o777); // apt-get download runs as _apt when it can
    if (!run("apt-get", ["download", `prosody=${version}`], { cwd: work })) return problem(`apt-get download prosody=${version} failed; see above.`);
    const deb = listDir(work).find((name) => name.endsWith(".deb"));
    if (!deb) return problem("apt-get download left no .deb file.");
    const unpacked = join(work, "unpacked");
    if (!run("dpkg", ["-x", join(work, deb), unpacked])) return problem(`dpkg -x ${deb} failed; see above.`);
    for (const name of ["prosody", "prosodyctl"]) patchLauncher(join(unpacked, "usr", "bin", name), sourceDir);
    writeFileSync(join(unpacked, COMPLETE_MARKER), `${version}\n`);
    rmSync(releaseDir, { recursive: true, force: true });
    renameSync(unpacked, releaseDir);
    run("chmod", ["-R", "a+rX", releaseDir]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  if (!releaseReady()) return problem(`Prosody ${RELEASE} was unpacked into ${releaseDir} but its Lua libraries do not load with ${LUA}.`);
  console.log(`prosody ${RELEASE}: ${launcher} (run with ${LUA})`);
}

ensureSystemProsody();
if (!args.has("--system-only")) {
  ensureRelease();
  if (!args.has("--no-checkout")) ensureProsodyCheckout(RELEASE, { problem, luaReady: luaLibrariesPresent });
}
if (problems > 0 && !args.has("--best-effort")) process.exit(2);
