/**
 * A throwaway ejabberd as one spec's server: started from its config on free loopback ports,
 * every account the spec's clients use registered before the spec (ejabberd creates none on
 * login, unlike the insecure auth of Prosody's test config), its self-signed certificate
 * trusted (the run started the server itself), ended with SIGKILL after the spec (its Mnesia
 * lives in a scratch folder that goes with it).
 */
import type { SpecAccount } from "../runner/specAccounts";
import type { SpecServer } from "../runner/suite";
import type { ThrowawayEjabberd } from "../servers/ejabberd/throwawayEjabberd";

/** Starts one ejabberd (config undefined: the project's); a start failure is one line with where the log is. */
export async function startEjabberdServer(config: string | undefined, signal: AbortSignal): Promise<ThrowawayEjabberd> {
  const { EjabberdStartError, startEjabberd } = await import("../servers/ejabberd/throwawayEjabberd");
  try {
    return await startEjabberd({ ...(config !== undefined ? { configPath: config } : {}), signal });
  } catch (error) {
    // The start error ends with the log's tail: a run reports its first line.
    throw error instanceof EjabberdStartError ? new Error(error.message.split("\n")[0]) : error;
  }
}

/** `server` ready for a spec: its accounts (runner/specAccounts.ts) registered; stop() ends it at once. */
export async function ejabberdForSpec(server: ThrowawayEjabberd, accounts: readonly SpecAccount[]): Promise<SpecServer> {
  const stop = () => {
    try {
      process.kill(server.pid, "SIGKILL");
    } catch {
      // already gone
    }
    return server.stop();
  };
  try {
    for (const account of accounts) await server.register(account.user, account.password, account.domain);
  } catch (error) {
    await stop();
    throw error;
  }
  return { host: server.host, port: server.c2sPort, ownCertificate: true, stop };
}
