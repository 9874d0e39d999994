/**
 * A Prosody community module's checkout, as its specs' paths show it: `mod_<name>/mod_<name>.lua`
 * with the specs in `mod_<name>/tests/`, `mod_<name>/spec/scansion/` or the module folder itself
 * (prosody-modules' layouts). Pure: the file system is asked through `probe`, so the rules are
 * unit-tested without one. The module target (runTarget.ts) is built from what this finds.
 */
import { readdirSync, statSync, type Stats } from "node:fs";
import path from "node:path";

/** What the layout needs to know about the file system. */
export interface LayoutProbe {
  isFile(file: string): boolean;
  isDirectory(folder: string): boolean;
  /** Names in a folder ([] when it cannot be read). */
  list(folder: string): readonly string[];
}

export interface ModuleLayout {
  /** The module's name without `mod_`, as Prosody's `modules_enabled` names it. */
  readonly name: string;
  /** The `mod_<name>` folder. */
  readonly folder: string;
  /** The folder holding the module folders: what `plugin_paths` points at. */
  readonly pluginRoot: string;
  /** Loaded on the MUC component rather than globally: a `muc_` module (the specs may say so too: moduleSpecFacts.ts). */
  readonly mucModule: boolean;
}

/** The spec folders a module keeps, relative to its folder; a spec path is looked at up to this many levels up. */
const LEVELS_ABOVE_A_SPEC = 2;

/** The module a module folder holds: `mod_<name>/mod_<name>.lua`, or a folder's only `mod_*.lua`; undefined: none. */
export function moduleInFolder(folder: string, probe: LayoutProbe): ModuleLayout | undefined {
  const resolved = path.resolve(folder);
  const base = path.basename(resolved);
  const named = /^mod_(.+)$/.exec(base)?.[1];
  let name: string | undefined;
  if (named !== undefined && (probe.isFile(path.join(resolved, `${base}.lua`)) || probe.isFile(path.join(resolved, "init.lua")))) {
    name = named;
  } else {
    const sources = probe.list(resolved).filter((entry) => /^mod_.+\.lua$/.test(entry));
    if (sources.length === 1) name = sources[0]!.slice("mod_".length, -".lua".length);
  }
  if (name === undefined) return undefined;
  // A folder named mod_<name> is found by Prosody in its parent; a loose mod_<name>.lua in the folder itself.
  const pluginRoot = named === name ? path.dirname(resolved) : resolved;
  return { name, folder: resolved, pluginRoot, mucModule: name.startsWith("muc_") };
}

/**
 * The module that the spec paths (files or folders) belong to: the nearest module folder at or
 * above each path, at most LEVELS_ABOVE_A_SPEC above a spec folder. Undefined when no path is
 * in a module's checkout, or when they are in different modules (one run, one module).
 */
export function moduleOfSpecs(specPaths: readonly string[], probe: LayoutProbe): ModuleLayout | string | undefined {
  const found = new Map<string, ModuleLayout>();
  for (const specPath of specPaths) {
    const resolved = path.resolve(specPath);
    let folder = probe.isDirectory(resolved) ? resolved : path.dirname(resolved);
    for (let level = 0; level <= LEVELS_ABOVE_A_SPEC; level++) {
      const module = path.basename(folder).startsWith("mod_") ? moduleInFolder(folder, probe) : undefined;
      if (module) {
        found.set(module.folder, module);
        break;
      }
      const parent = path.dirname(folder);
      if (parent === folder) break;
      folder = parent;
    }
  }
  if (found.size > 1) return `the specs belong to ${found.size} modules (${[...found.values()].map((module) => `mod_${module.name}`).join(", ")}): run one module at a time`;
  return found.values().next().value;
}

/** The folders of a module where its specs are kept (prosody-modules' layouts), relative to the module's folder. */
const SPEC_FOLDERS = ["tests", path.join("spec", "scansion"), "."];

/**
 * The modules with specs that a workspace folder holds: the folder itself when it is a module's,
 * else its `mod_*` subfolders (a prosody-modules checkout), by name. A module counts when one of
 * its spec folders holds a `.scs` file.
 */
export function modulesWithSpecs(root: string, probe: LayoutProbe): ModuleLayout[] {
  const resolved = path.resolve(root);
  const itself = path.basename(resolved).startsWith("mod_") ? moduleInFolder(resolved, probe) : undefined;
  const candidates = itself ? [itself] : probe.list(resolved)
    .filter((entry) => entry.startsWith("mod_") && probe.isDirectory(path.join(resolved, entry)))
    .sort()
    .flatMap((entry) => moduleInFolder(path.join(resolved, entry), probe) ?? []);
  return candidates.filter((module) => SPEC_FOLDERS.some((folder) => probe.list(path.join(module.folder, folder)).some((entry) => entry.endsWith(".scs"))));
}

/** The `prosody.cfg.lua` that stands beside the spec files (in a spec's folder), which the run uses instead of the generated one. */
export function configBesideSpecs(specFiles: readonly string[], probe: LayoutProbe): string | undefined {
  for (const folder of new Set(specFiles.map((file) => path.dirname(path.resolve(file))))) {
    const candidate = path.join(folder, "prosody.cfg.lua");
    if (probe.isFile(candidate)) return candidate;
  }
  return undefined;
}

/** The probe over the real file system. */
export const FILE_SYSTEM_PROBE: LayoutProbe = {
  isFile: (file) => statOf(file)?.isFile() ?? false,
  isDirectory: (folder) => statOf(folder)?.isDirectory() ?? false,
  list: (folder) => {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  },
};

function statOf(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}
