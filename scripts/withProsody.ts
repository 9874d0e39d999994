/**
 * Runs `scansion-run` (dist/cli.js) with `--prosody-config`, as a user would: the CLI's run
 * session starts a throwaway Prosody from the config, says which one, and stops every server
 * it started, whatever happens. Used by `npm run demo`.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isProsodyInstalled, PROSODY_INSTALL_HINT, projectProsodyConfig } from "@server/servers/prosody/throwawayProsody";

export const ROOT = join(__dirname, "..");

export async function runCliAgainstProsody(cliArguments: readonly string[], configPath = projectProsodyConfig()): Promise<number> {
  if (!isProsodyInstalled()) {
    console.error(PROSODY_INSTALL_HINT);
    return 2;
  }
  const cli = join(ROOT, "dist", "cli.js");
  if (!existsSync(cli)) {
    console.error("dist/cli.js is missing: run `npm run build` first.");
    return 2;
  }
  const child = spawn(process.execPath, [cli, "--prosody-config", configPath, ...cliArguments], { stdio: "inherit" });
  return new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}
