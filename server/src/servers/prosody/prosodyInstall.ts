/**
 * Which Prosody to run: the one named, the built source tree a config lies in, the release
 * that scripts/ensure-prosody.mjs unpacked or built into the cache, or `prosody` on PATH; and which
 * version it is (read as Prosody reads it: `prosody.version` in its source folder).
 */
import fs from "node:fs";
import path from "node:path";
import { checkoutFolder, COMPLETE_MARKER, findExecutable, isExecutableFile, prosodyCacheRoots, releaseFolder } from "./prosodyCache.mjs";

// One home for these rules, shared with scripts/ensure-prosody.mjs (plain Node, no build).
export { findExecutable, prosodyCacheRoot } from "./prosodyCache.mjs";

export const PROSODY_INSTALL_HINT =
  "Prosody is not installed: install Prosody (Debian/Ubuntu: `sudo apt-get install prosody`; Prosody 13: `sudo node scripts/ensure-prosody.mjs`) and try again.";

/** A Prosody to start: its launcher and, when it has one, the folder its Lua sources are in. */
export interface ProsodyExecutable {
  /** The launcher (`prosody` script) to execute. */
  readonly path: string;
  /** Run the launcher from this folder (a source tree's `./prosody` loads its libraries from the working directory). */
  readonly cwd: string | undefined;
  /** "13.0.1", "0.12.3", "hg:…" or "unknown". */
  readonly version: string;
  /** The Lua interpreter to run the launcher with (a built tree's `RUNWITH`, as `make integration-test` does); undefined: its `#!` line. */
  readonly interpreter?: string;
}

/**
 * The launcher of a release unpacked by scripts/ensure-prosody.mjs (e.g. "13.0.1"), if it is
 * there: in this user's cache, else in the system-wide one that `sudo` filled.
 */
export function cachedProsodyRelease(release: string): string | undefined {
  for (const root of prosodyCacheRoots()) {
    const folder = releaseFolder(root, release);
    const launcher = path.join(folder, "usr", "bin", "prosody");
    if (fs.existsSync(path.join(folder, COMPLETE_MARKER)) && isExecutableFile(launcher)) return launcher;
  }
  return undefined;
}

/**
 * The source tree of a release that scripts/ensure-prosody.mjs built in the cache (e.g. "13.0.1"),
 * a Prosody developer's checkout: `./prosody`, `spec/scansion/*.scs` and the suite's
 * `spec/scansion/prosody.cfg.lua`. Looked up as cachedProsodyRelease.
 */
export function cachedProsodyCheckout(release: string): ProsodyCheckout | undefined {
  for (const root of prosodyCacheRoots()) {
    const tree = checkoutFolder(root, release);
    if (fs.existsSync(path.join(tree, COMPLETE_MARKER)) && builtSourceTreeOf(path.join(tree, "spec", "scansion", "prosody.cfg.lua")) === tree) {
      const specs = path.join(tree, "spec", "scansion");
      return { tree, prosody: path.join(tree, "prosody"), specs, config: path.join(specs, "prosody.cfg.lua") };
    }
  }
  return undefined;
}

/** A built Prosody source tree with its scansion suite. */
export interface ProsodyCheckout {
  readonly tree: string;
  /** The tree's own launcher, `./prosody`. */
  readonly prosody: string;
  /** spec/scansion: the suite's .scs files. */
  readonly specs: string;
  /** spec/scansion/prosody.cfg.lua: the config the suite runs with. */
  readonly config: string;
}

/**
 * The Prosody source tree a config lies in: the nearest folder above it holding `prosody`
 * and `prosodyctl`, if that tree is built (its util/*.so exist).
 */
export function builtSourceTreeOf(configPath: string): string | undefined {
  for (let dir = path.dirname(path.resolve(configPath)); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "prosody")) && fs.existsSync(path.join(dir, "prosodyctl"))) {
      return isBuilt(dir) ? dir : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function isBuilt(tree: string): boolean {
  try {
    return fs.readdirSync(path.join(tree, "util")).some((name) => name.endsWith(".so"));
  } catch {
    return false;
  }
}

/**
 * The Prosody for a config when none is named: `./prosody` of the built source tree the
 * config lies in, else `prosody` on PATH.
 */
export function defaultProsodyFor(configPath: string): string | undefined {
  const tree = builtSourceTreeOf(configPath);
  return tree ? path.join(tree, "prosody") : findExecutable("prosody");
}

/** Describes a launcher: where to run it from and its version. Undefined when it is not an executable file. */
export function describeProsody(launcher: string): ProsodyExecutable | undefined {
  const resolved = path.resolve(launcher);
  if (!isExecutableFile(resolved)) return undefined;
  let text = "";
  try {
    text = fs.readFileSync(resolved, "utf8").slice(0, 4000);
  } catch {
    // unreadable: version unknown
  }
  // Installed launchers name their source folder; a source tree's loads from its working directory.
  const sourceDir = /^CFG_SOURCEDIR\s*=\s*['"]([^'"]+)['"]/m.exec(text)?.[1];
  const cwd = sourceDir === undefined ? path.dirname(resolved) : undefined;
  const interpreter = cwd === undefined ? undefined : treeInterpreter(cwd);
  return { path: resolved, cwd, version: readVersion(sourceDir ?? path.dirname(resolved)), ...(interpreter ? { interpreter } : {}) };
}

/** `RUNWITH` of a tree's config.unix (written by ./configure, e.g. `RUNWITH=lua5.4`), found on PATH. */
function treeInterpreter(tree: string): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(tree, "config.unix"), "utf8");
  } catch {
    return undefined;
  }
  const runWith = /^RUNWITH\s*=\s*(\S+)\s*$/m.exec(text)?.[1];
  if (runWith === undefined) return undefined;
  return path.isAbsolute(runWith) ? (isExecutableFile(runWith) ? runWith : undefined) : findExecutable(runWith);
}

/** As Prosody's startup.read_version: `prosody.version` in the source folder; 12 hex digits are an hg revision. */
function readVersion(sourceDir: string): string {
  try {
    const version = fs.readFileSync(path.join(sourceDir, "prosody.version"), "utf8").trim();
    if (/^[a-f0-9]{12}$/.test(version)) return `hg:${version}`;
    return version || "unknown";
  } catch {
    return "unknown";
  }
}
