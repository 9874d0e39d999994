// Where the project's Prosody servers are looked up and cached: plain JavaScript, so that
// scripts/ensure-prosody.mjs runs it with plain Node (before any build or install of tsx)
// and the TypeScript code (prosodyInstall.ts, bundled by esbuild) imports the same rule.
// Its types are in prosodyCache.d.mts.
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";

/** `name` on PATH, else in the usual system folders (sudo and services drop /usr/sbin from PATH). */
export function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

export function isExecutableFile(file) {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Where scripts/ensure-prosody.mjs puts Prosody releases and source builds:
 * $XDG_CACHE_HOME, else /var/cache for root (root's home is closed to the `prosody`
 * account the server runs as), else ~/.cache; then vscode-scansion-prosody/.
 */
export function prosodyCacheRoot(env = process.env, isRoot = process.getuid?.() === 0) {
  const base = env.XDG_CACHE_HOME || (isRoot ? "/var/cache" : join(homedir(), ".cache"));
  return join(base, "vscode-scansion-prosody");
}

/** The cache roots to look in, this user's first: what `sudo node scripts/ensure-prosody.mjs` filled serves every user. */
export function prosodyCacheRoots() {
  return [...new Set([prosodyCacheRoot(), prosodyCacheRoot({}, true)])];
}

/** A Debian release package unpacked (`dpkg -x`): its launcher is usr/bin/prosody. */
export function releaseFolder(root, release) {
  return join(root, release);
}

/** A release's source, built in place as a Prosody developer's checkout: ./prosody, spec/scansion/. */
export function checkoutFolder(root, release) {
  return join(root, `${release}-checkout`);
}

/** Written last into a folder of the cache, when everything else in it is in place. */
export const COMPLETE_MARKER = ".complete";
