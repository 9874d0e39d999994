/**
 * The scansion debug adapter as its own process, speaking DAP on stdin/stdout
 * (for editors other than VS Code, or a `debugServer`-style setup). VS Code
 * runs the same session inside the extension instead.
 */
import { ScansionDebugAdapter } from "./debugAdapter";

const session = new ScansionDebugAdapter();
// Close every XMPP connection before the process goes (shutdown exits once they are closed).
process.on("SIGTERM", () => session.shutdown());
session.start(process.stdin, process.stdout);
