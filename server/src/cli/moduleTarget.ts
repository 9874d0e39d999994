/**
 * Which target a `scansion-run` without --host/--port runs on: --prosody-config's throwaway
 * Prosody, a community module's (--prosody-module, or specs in `mod_<name>/tests` or
 * `mod_<name>/spec/scansion`: session/moduleLayout.ts), else the server at each client's address.
 */
import { configBesideSpecs, FILE_SYSTEM_PROBE, moduleInFolder, moduleOfSpecs, type LayoutProbe } from "../session/moduleLayout";
import type { RunTarget } from "../session/runTarget";
import type { CliOptions } from "./arguments";

type TargetOptions = Pick<CliOptions, "paths" | "settings" | "prosodyConfig" | "prosodyExecutable" | "prosodyModule">;

/** The run's target, or a one-line usage problem. */
export function cliRunTarget(options: TargetOptions, specFiles: readonly string[], probe: LayoutProbe = FILE_SYSTEM_PROBE): RunTarget | string {
  const explicitAddress = options.settings.host !== undefined || options.settings.port !== undefined;
  let module;
  if (options.prosodyModule !== undefined) {
    module = moduleInFolder(options.prosodyModule, probe);
    if (!module) return `--prosody-module ${options.prosodyModule}: no mod_<name>.lua in that folder`;
  } else if (!explicitAddress) {
    const found = moduleOfSpecs(options.paths, probe);
    if (typeof found === "string") return found;
    module = found;
  }
  if (module) {
    return {
      kind: "prosody-module", module: module.name, folder: module.folder, pluginRoot: module.pluginRoot, mucModule: module.mucModule,
      specFiles, config: options.prosodyConfig ?? configBesideSpecs(specFiles, probe), executable: options.prosodyExecutable,
    };
  }
  if (options.prosodyConfig !== undefined) return { kind: "prosody", config: options.prosodyConfig, executable: options.prosodyExecutable };
  if (options.prosodyExecutable !== undefined) return "--prosody needs --prosody-config or a module's specs (--prosody-module)";
  return { kind: "address", host: options.settings.host, port: options.settings.port };
}
