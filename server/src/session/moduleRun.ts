/**
 * How a module target's servers start: the generated config for what its specs say (or the one
 * beside them), the module's folder in `plugin_paths`, the module required to load.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { moduleConfig, moduleConfigHosts } from "../servers/prosody/moduleConfig";
import { moduleSpecFacts } from "./moduleSpecFacts";
import type { ProsodyModuleTarget } from "./runTarget";

export interface ModuleRunPlan {
  /** The generated config's text; undefined: `configPath`, unchanged. */
  readonly configText: string | undefined;
  readonly configPath: string | undefined;
  readonly pluginPaths: readonly string[];
  readonly requiredModules: readonly string[];
  /** Which config, for the announcement: "generated: VirtualHost localhost, MUC conference.localhost (mod_x enabled globally)". */
  readonly configDescription: string;
}

export function moduleRunPlan(target: ProsodyModuleTarget): ModuleRunPlan {
  const common = { pluginPaths: [target.pluginRoot], requiredModules: [target.module] };
  if (target.config !== undefined) {
    return { ...common, configText: undefined, configPath: path.resolve(target.config), configDescription: `${path.resolve(target.config)} (beside the specs, unchanged)` };
  }
  const facts = moduleSpecFacts(target.specFiles.map((file) => readFileSync(file, "utf8")));
  const enabledOn = target.mucModule || facts.onlyTalkToRooms ? "muc" : "global";
  const settings = { module: target.module, enabledOn, hosts: facts.clientDomains, mucHosts: facts.roomDomains } as const;
  const { hosts, mucHosts } = moduleConfigHosts(settings);
  const where = enabledOn === "muc" ? "on the MUC components" : "globally";
  return {
    ...common,
    configText: moduleConfig(settings),
    configPath: undefined,
    configDescription: `the generated module config: VirtualHost ${hosts.join(", ")}; MUC ${mucHosts.join(", ")}; mod_${target.module} enabled ${where}`,
  };
}
