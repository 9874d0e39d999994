/**
 * `npm run conformance`: Prosody's own specs in ../shared/conformance, each set with its
 * own config, unchanged, and its own Prosody, through `scansion-run --prosody-config`:
 *   - prosody-0.12.3: specs/ with prosody.cfg.lua, against the system's Prosody 0.12.3;
 *   - prosody-13.0.1: spec/scansion/ laid out as in a checkout, against the Prosody 13.0.1
 *     that scripts/ensure-prosody.mjs unpacks.
 * A set is skipped, with a message saying why, only when its files or its server are missing.
 * JUnit reports go to artifacts/conformance-<set>.junit.xml.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { cachedProsodyRelease, findExecutable } from "@server/servers/prosody/prosodyInstall";

const ROOT = join(__dirname, "..");
const SHARED = join(ROOT, "..", "shared", "conformance");

interface ConformanceSet {
  readonly name: string;
  readonly specs: string;
  readonly config: string;
  /** The Prosody to run, or why there is none. */
  readonly prosody: string | { readonly missing: string };
}

const sets: ConformanceSet[] = [
  {
    name: "prosody-0.12.3",
    specs: join(SHARED, "prosody-0.12.3", "specs"),
    config: join(SHARED, "prosody-0.12.3", "prosody.cfg.lua"),
    prosody: findExecutable("prosody") ?? { missing: "Prosody is not installed (sudo node scripts/ensure-prosody.mjs)" },
  },
  {
    name: "prosody-13.0.1",
    specs: join(SHARED, "prosody-13.0.1", "spec", "scansion"),
    config: join(SHARED, "prosody-13.0.1", "spec", "scansion", "prosody.cfg.lua"),
    prosody: cachedProsodyRelease("13.0.1") ?? { missing: "Prosody 13.0.1 is not unpacked (sudo node scripts/ensure-prosody.mjs)" },
  },
];

function runCli(args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), ...args], { stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, "dist", "cli.js"))) {
    console.error("dist/cli.js is missing: run `npm run build` first.");
    return 2;
  }
  mkdirSync(join(ROOT, "artifacts"), { recursive: true });
  let worst = 0;
  for (const set of sets) {
    if (!existsSync(set.specs)) {
      console.log(`conformance ${set.name}: skipped, ${set.specs} is not present`);
      continue;
    }
    if (typeof set.prosody !== "string") {
      console.log(`conformance ${set.name}: skipped, ${set.prosody.missing}`);
      continue;
    }
    console.log(`\n── conformance ${set.name} ──`);
    const report = join(ROOT, "artifacts", `conformance-${set.name}.junit.xml`);
    const code = await runCli(["--prosody-config", set.config, "--prosody", set.prosody, "--reporter", "junit", "--output", report, set.specs]);
    console.log(`conformance ${set.name}: ${code === 0 ? "passed" : `failed (exit ${code})`}; report ${report}`);
    worst = Math.max(worst, code);
  }
  return worst;
}

main().then((code) => { process.exitCode = code; });
