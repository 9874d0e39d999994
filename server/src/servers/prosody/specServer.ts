/**
 * A throwaway Prosody as one spec's server (runner/suite.ts: serverPerSpec). Its data is
 * in memory and nobody needs it after the spec, so it is ended with SIGKILL at once:
 * a SIGTERM would make Prosody close every session, and with mod_debug_reset loaded the
 * last session's end resets every host first, CPU that the next spec's server start
 * needs. stop() then waits, as always, until no process of the server is left.
 */
import type { SpecServer } from "../../runner/suite";
import type { ThrowawayProsody } from "./throwawayProsody";

export function specServerOf(server: ThrowawayProsody): SpecServer {
  return {
    host: server.host,
    port: server.c2sPort,
    stop: () => {
      try {
        process.kill(server.pid, "SIGKILL");
      } catch {
        // already gone
      }
      return server.stop();
    },
  };
}
