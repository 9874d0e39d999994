/**
 * A workspace laid out as a built Prosody checkout for e2e tests: the built tree's files (all but
 * spec/) linked in, else that layout made from the unpacked 13.0.1, whose ./prosody loads its
 * libraries from the tree.
 */
import fs from "node:fs";
import path from "node:path";
import type { Prosody13Suite } from "@support/prosodySuite";

export function makeCheckout(workspace: string, suite: Prosody13Suite): void {
  if (suite.source === "checkout") {
    const tree = path.dirname(suite.prosody);
    for (const entry of fs.readdirSync(tree)) if (entry !== "spec") fs.symlinkSync(path.join(tree, entry), path.join(workspace, entry));
    return;
  }
  const libraries = path.resolve(path.dirname(suite.prosody), "../lib/prosody");
  for (const entry of fs.readdirSync(libraries)) fs.symlinkSync(path.join(libraries, entry), path.join(workspace, entry === "modules" ? "plugins" : entry));
  const launcher = fs.readFileSync(suite.prosody, "utf8").replace(/^CFG_(SOURCEDIR|PLUGINDIR)=.*$/gm, "");
  fs.writeFileSync(path.join(workspace, "prosody"), launcher, { mode: 0o755 });
  fs.writeFileSync(path.join(workspace, "prosodyctl"), "", { mode: 0o755 });
}
