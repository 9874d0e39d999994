/**
 * `--prosody-config`: a throwaway Prosody for the run, started with the config unchanged
 * (server/src/servers/prosody/throwawayProsody.ts) and stopped afterwards, also on failure, Ctrl-C
 * and SIGTERM. Says which server and version it started; a start failure is one line with
 * where the log is.
 */
import { ProsodyStartError, startProsody, type ThrowawayProsody } from "../servers/prosody/throwawayProsody";
import type { RunSettings } from "../runner/settings";

export type ProsodyStart =
  | { readonly kind: "started"; readonly server: ThrowawayProsody; readonly settings: RunSettings }
  | { readonly kind: "failed"; readonly message: string };

export async function startRunServer(
  configPath: string, executable: string | undefined, settings: RunSettings, signal: AbortSignal, say: (line: string) => void,
): Promise<ProsodyStart> {
  try {
    const server = await startProsody({ configPath, ...(executable !== undefined ? { executable } : {}), signal });
    say(`Prosody ${server.version} (${server.executable}) started with ${server.configPath} on ${server.host}:${server.c2sPort}, pid ${server.pid}; log: ${server.logFile}`);
    return { kind: "started", server, settings: { ...settings, host: server.host, port: server.c2sPort } };
  } catch (error) {
    if (error instanceof ProsodyStartError) return { kind: "failed", message: error.summary };
    return { kind: "failed", message: `Prosody could not be started: ${error instanceof Error ? error.message : String(error)}` };
  }
}
