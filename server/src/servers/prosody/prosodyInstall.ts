/**
 * Which Prosody to run: the one named, the built source tree a config lies in, the release
 * that scripts/ensure-prosody.mjs unpacked into the cache, or `prosody` on PATH; and which
 * version it is (read as Prosody reads it: `prosody.version` in its source folder).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

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

export function findExecutable(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter), "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Where scripts/ensure-prosody.mjs unpacks Prosody releases (same rule, checked by a test):
 * $XDG_CACHE_HOME, else /var/cache for root (root's home is closed to the `prosody`
 * account the server runs as), else ~/.cache; then vscode-scansion-prosody/.
 */
export function prosodyCacheRoot(env: NodeJS.ProcessEnv = process.env, isRoot = process.getuid?.() === 0): string {
  const base = env.XDG_CACHE_HOME || (isRoot ? "/var/cache" : path.join(os.homedir(), ".cache"));
  return path.join(base, "vscode-scansion-prosody");
}

/**
 * The launcher of a release unpacked by scripts/ensure-prosody.mjs (e.g. "13.0.1"), if it is
 * there: in this user's cache, else in the system-wide one that `sudo` filled.
 */
export function cachedProsodyRelease(release: string): string | undefined {
  const roots = [prosodyCacheRoot(), prosodyCacheRoot({}, true)];
  for (const root of roots) {
    const folder = path.join(root, release);
    const launcher = path.join(folder, "usr", "bin", "prosody");
    if (fs.existsSync(path.join(folder, ".complete")) && isExecutableFile(launcher)) return launcher;
  }
  return undefined;
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
