/**
 * `npm run conformance`: the Prosody 0.12.3 specs in ../shared/conformance
 * against a throwaway Prosody run with the config beside them.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, runCliAgainstProsody } from "./withProsody";

const conformance = join(ROOT, "..", "shared", "conformance", "prosody-0.12.3");
if (!existsSync(conformance)) {
  console.log(`conformance: skipped, ${conformance} is not present`);
} else {
  mkdirSync(join(ROOT, "artifacts"), { recursive: true });
  const report = join(ROOT, "artifacts", "conformance.junit.xml");
  runCliAgainstProsody(["--reporter", "junit", "--output", report, join(conformance, "specs")], join(conformance, "prosody.cfg.lua"))
    .then((code) => { process.exitCode = code; });
}
