/**
 * A workspace laid out as a built Prosody checkout for e2e tests: the built tree's files (all but
 * spec/) linked in, else that layout made from the unpacked 13.0.1, whose ./prosody loads its
 * libraries from the tree.
 */
import fs from "node:fs";
import path from "node:path";
import type { Prosody13Suite } from "@support/prosodySuite";
import { startWorkbenchSession, type WorkbenchSession } from "./workbenchSession";

/**
 * A VS Code on a Prosody checkout workspace: spec/scansion/ with the suite's config, admins.txt
 * and these specs, beside the built tree (makeCheckout).
 */
export async function startCheckoutWorkbench(suite: Prosody13Suite, specs: readonly string[]): Promise<WorkbenchSession> {
  const files: Record<string, string> = {};
  for (const file of ["prosody.cfg.lua", "admins.txt", ...specs]) files[`spec/scansion/${file}`] = fs.readFileSync(path.join(suite.specs, file), "utf8");
  const session = await startWorkbenchSession(files);
  makeCheckout(session.workspace, suite);
  return session;
}

/** The title line of one of the suite's specs, without its `# ` (the Test Explorer's label). */
export function specTitle(suite: Prosody13Suite, file: string): string {
  return fs.readFileSync(path.join(suite.specs, file), "utf8").split("\n")[0]!.replace(/^#\s*/, "");
}

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
