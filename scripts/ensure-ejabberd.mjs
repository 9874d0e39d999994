// Makes sure ejabberd (Debian's `ejabberd` package, 23.01 on Debian 12) is installed, for the
// ejabberd integration test and CI. The package's service is never started by us: the test
// starts its own ejabberd on loopback ports (server/src/servers/ejabberd/throwawayEjabberd.ts).
import { ensureDebianPackage } from "./lib/debianPackage.mjs";

ensureDebianPackage({
  aptPackage: "ejabberd",
  executable: "ejabberdctl",
  installHint:
    "ejabberd is not installed: install it (Debian/Ubuntu: `sudo apt-get install ejabberd`, or run `node scripts/ensure-ejabberd.mjs` as root) and try again.",
});
