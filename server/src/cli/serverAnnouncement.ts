import type { ServerHandle } from "../session/serverHandle";

/** "Prosody 13.0.1 (/usr/bin/prosody) started with /path/prosody.cfg.lua on 127.0.0.1:40123, pid 4242; log: /tmp/…/prosody.log" */
export function announcement(server: ServerHandle): string {
  const where = server.address ? ` on ${server.address.host}:${server.address.port}` : "";
  const identity = server.identity;
  const about = identity.kind === "prosody"
    ? `Prosody ${identity.version} (${identity.executable}) started with ${identity.module ? `mod_${identity.module.name} (${identity.module.folder}) and ${identity.module.config}, ` : ""}${identity.configPath}`
    : identity.kind === "ejabberd"
      ? `ejabberd started with ${identity.configPath} in ${identity.startupMs} ms`
      : `${identity.startCommand} started`;
  return `${about}${where}, pid ${server.pid ?? "unknown"}; log: ${server.logFile ?? "none"}`;
}
