/**
 * From the chunk names Lua reports to the files a user opens. Prosody's are mixed: the launcher's
 * is absolute, `./core/x.lua` (core, util, net) and `plugins/x.lua` are relative to the server's
 * working directory (a source tree), an installed Prosody's are absolute. Left out: the generated
 * wrapper config (in the server's scratch folder), the run's config and every `*.cfg.lua` it
 * includes (config, not code under test), and Lua's own libraries (luasocket, luasec, …).
 */
import path from "node:path";

export interface SourceContext {
  /** The server's working directory, against which relative chunk names resolve. */
  readonly cwd: string;
  /** The server's scratch folder (the wrapper config). */
  readonly scratch: string;
  /** The config the server ran. */
  readonly configPath: string;
}

/** Lua's system library folders (Debian's and /usr/local's, any Lua version). */
const SYSTEM_LUA = /^\/usr(\/local)?\/(share|lib)(\/[^/]+)?\/lua\//;

/** The absolute path of the file a chunk came from, or undefined when it is left out. */
export function coveredSourcePath(chunkName: string, context: SourceContext): string | undefined {
  if (!chunkName.endsWith(".lua") && !isLauncher(chunkName)) return undefined;
  const file = path.resolve(context.cwd, chunkName);
  if (file === path.resolve(context.configPath) || file.endsWith(".cfg.lua")) return undefined;
  if (isInside(file, context.scratch) || SYSTEM_LUA.test(file)) return undefined;
  return file;
}

/** Prosody's launchers (`prosody`, `prosodyctl`) have no .lua suffix. */
function isLauncher(chunkName: string): boolean {
  return /(^|\/)prosody(ctl)?$/.test(chunkName);
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}
