/**
 * What "loopback" means, for the runner (SASL PLAIN without TLS goes to loopback only unless
 * allowed) and for the throwaway servers (every listener must be on loopback). A folder of its
 * own at the bottom, so that both can import it and the servers import nothing of the runner.
 */
import { isIP } from "node:net";

/** True for 127.0.0.0/8 (also IPv4-mapped) and ::1. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  if (isIP(v4) === 4) return v4.startsWith("127.");
  return address === "::1";
}
