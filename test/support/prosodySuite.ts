/**
 * Prosody 13.0.1's scansion suite for tests and tools that need a real Prosody config:
 * the source tree scripts/ensure-prosody.mjs builds in the cache (all 50 specs, run with its
 * own ./prosody) when it is there, else the 15 specs of ../shared/conformance with the
 * 13.0.1 package ensure-prosody.mjs unpacks; or why there is neither.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { cachedProsodyCheckout, cachedProsodyRelease } from "@server/servers/prosody/prosodyInstall";

const SHARED_SPECS = resolve(__dirname, "../../../shared/conformance/prosody-13.0.1/spec/scansion");

export interface Prosody13Suite {
  /** Where it comes from, for messages: "checkout" or "../shared". */
  readonly source: "checkout" | "../shared";
  /** spec/scansion: the .scs files, prosody.cfg.lua and admins.txt. */
  readonly specs: string;
  /** spec/scansion/prosody.cfg.lua, unchanged. */
  readonly config: string;
  /** The Prosody launcher to start it with. */
  readonly prosody: string;
}

export type Prosody13SuiteLookup = Prosody13Suite | { readonly missing: string };

export function prosody13Suite(): Prosody13SuiteLookup {
  const checkout = cachedProsodyCheckout("13.0.1");
  if (checkout) return { source: "checkout", specs: checkout.specs, config: checkout.config, prosody: checkout.prosody };
  const release = cachedProsodyRelease("13.0.1");
  if (release && existsSync(SHARED_SPECS)) return { source: "../shared", specs: SHARED_SPECS, config: join(SHARED_SPECS, "prosody.cfg.lua"), prosody: release };
  return { missing: "Prosody 13.0.1's suite is missing: `sudo node scripts/ensure-prosody.mjs` builds its source tree with all its specs" };
}
