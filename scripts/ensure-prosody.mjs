// Makes sure the Prosody servers the project runs against are there, for `npm run demo`,
// the conformance run and CI:
//   1. the system's Prosody (Debian's `prosody` package, 0.12.3 on Debian 12): installed with
//      apt-get when missing and running as root;
//   2. Prosody 13.0.1 beside it, never replacing it: Debian's bookworm-backports package
//      unpacked (`dpkg -x`) into a cache folder, its launcher patched to load its own
//      libraries. Needs root once (adds bookworm-backports to apt's sources and installs
//      the Lua 5.4 libraries); afterwards a run only checks the cache.
// Options: --system-only (skip 13.0.1), --best-effort (report what is missing but exit 0),
//          --where (print the 13.0.1 cache folder and exit).
// Never reads standard input, every command has a time limit: it cannot hang waiting.
// The cache folder rule is mirrored in server/src/servers/prosody/prosodyInstall.ts (prosodyCacheRoot);
// a test checks the two agree.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { findExecutable, withServicesHeldBack } from "./lib/debianPackage.mjs";

const RELEASE = "13.0.1";
const LUA = "lua5.4";
const LUA_PACKAGES = ["lua5.4", "lua-expat", "lua-filesystem", "lua-sec", "lua-socket", "lua-bitop"];
const LUA_MODULES = ["lxp", "lfs", "ssl", "socket"];
const BACKPORTS_SOURCE = "/etc/apt/sources.list.d/vscode-scansion-bookworm-backports.sources";
const MINUTE = 60_000;
const SYSTEM_CACHE = "/var/cache";

const args = new Set(process.argv.slice(2));
const isRoot = process.getuid?.() === 0;

/** Same rule as prosodyCacheRoot() in server/src/servers/prosody/prosodyInstall.ts. */
function cacheRoot() {
  // root's home is closed to the `prosody` account the server runs as: use the system cache.
  const base = process.env.XDG_CACHE_HOME || (isRoot ? SYSTEM_CACHE : join(homedir(), ".cache"));
  return join(base, "vscode-scansion-prosody");
}

const releaseDir = join(cacheRoot(), RELEASE);
if (args.has("--where")) {
  console.log(releaseDir);
  process.exit(0);
}

/** Runs a command with its output shown, no stdin, a time limit; returns true on exit code 0. */
function run(command, commandArgs, { timeoutMs = 5 * MINUTE, cwd } = {}) {
  console.log(`$ ${command} ${commandArgs.join(" ")}`);
  const result = spawnSync(command, commandArgs, {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return result.status === 0;
}

/** Output of a command (quiet), or undefined when it fails. */
function output(command, commandArgs, timeoutMs = MINUTE) {
  const result = spawnSync(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8" });
  return result.status === 0 ? result.stdout : undefined;
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
  return existsSync(join(releaseDir, ".complete")) && luaLibrariesPresent();
}

function hasBackportsSource() {
  const files = ["/etc/apt/sources.list", ...listDir("/etc/apt/sources.list.d").map((name) => join("/etc/apt/sources.list.d", name))];
  return files.some((file) => /^[^#]*bookworm-backports/m.test(readText(file)));
}

function listDir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readText(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
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
  const systemWide = join(SYSTEM_CACHE, "vscode-scansion-prosody", RELEASE);
  if (!isRoot && existsSync(join(systemWide, ".complete")) && luaLibrariesPresent()) {
    console.log(`prosody ${RELEASE}: ${join(systemWide, "usr", "bin", "prosody")} (run with ${LUA})`);
    return;
  }
  const needsRoot = "run `sudo node scripts/ensure-prosody.mjs` once (it adds Debian's bookworm-backports to apt's sources, installs the Lua 5.4 libraries and unpacks Prosody " +
    `${RELEASE} into ${releaseDir}; the system's Prosody is not changed)`;
  const codename = /^VERSION_CODENAME=(.*)$/m.exec(readText("/etc/os-release"))?.[1];
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
  mkdirSync(cacheRoot(), { recursive: true });
  const work = mkdtempSync(join(cacheRoot(), ".unpacking-"));
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
    writeFileSync(join(unpacked, ".complete"), `${version}\n`);
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
if (!args.has("--system-only")) ensureRelease();
if (problems > 0 && !args.has("--best-effort")) process.exit(2);
