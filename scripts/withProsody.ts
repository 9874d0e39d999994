/**
 * Runs `scansion-run` (dist/cli.js) against a throwaway Prosody and stops the
 * server afterwards, whatever happens. Shared by `npm run demo` and
 * `npm run conformance`.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isProsodyInstalled, PROSODY_INSTALL_HINT, startProsody } from "@server/servers/prosody/throwawayProsody";

export const ROOT = join(__dirname, "..");

export async function runCliAgainstProsody(cliArguments: readonly string[], configPath?: string): Promise<number> {
  if (!isProsodyInstalled()) {
    console.error(PROSODY_INSTALL_HINT);
    return 2;
  }
  const cli = join(ROOT, "dist", "cli.js");
  if (!existsSync(cli)) {
    console.error("dist/cli.js is missing: run `npm run build` first.");
    return 2;
  }
  const server = await startProsody(configPath ? { configPath } : {});
  console.log(`Prosody (pid ${server.pid}) listening on ${server.host}:${server.c2sPort}; log: ${server.logFile}\n`);
  try {
    const child = spawn(process.execPath, [cli, "--host", server.host, "--port", String(server.c2sPort), ...cliArguments], { stdio: "inherit" });
    return await new Promise<number>((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1))));
  } finally {
    await server.stop();
    console.log(`\nProsody (pid ${server.pid}) stopped.`);
  }
}
