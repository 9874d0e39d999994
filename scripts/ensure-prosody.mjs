// Makes sure Prosody (Debian's `prosody` package, 0.12 on Debian 12) is installed, for
// `npm run demo`, the conformance run and CI.
import { ensureDebianPackage } from "./lib/debianPackage.mjs";

ensureDebianPackage({
  aptPackage: "prosody",
  executable: "prosody",
  installHint:
    "Prosody is not installed: install Prosody 0.12 (Debian/Ubuntu: `sudo apt-get install prosody`, or run `node scripts/ensure-prosody.mjs` as root) and try again.",
});
