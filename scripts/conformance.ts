/**
 * `npm run conformance`: Prosody's own specs, each set with its own config, unchanged, and
 * its own Prosody, through `scansion-run --prosody-config --jobs 2`:
 *   - prosody-13.0.1 (checkout): all 50 specs of the Prosody 13.0.1 source tree that
 *     scripts/ensure-prosody.mjs builds from Debian's source package, run from that tree
 *     with its own ./prosody, the way a Prosody developer runs them;
 *   - from ../shared/conformance, when it is there: prosody-0.12.3 (15 specs with their
 *     config, against the system's Prosody 0.12.3; its source is not obtainable from
 *     Debian's archive, so they live only there) and prosody-13.0.1 (15 specs of the suite,
 *     against the 13.0.1 package that scripts/ensure-prosody.mjs unpacks).
 * Ends with one line per set, `<set>: <passed>/<total> passed`. Exit status 1 when a spec
 * failed or a set that should run could not; a missing ../shared only skips its sets.
 * JUnit reports go to artifacts/conformance-<set>.junit.xml.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { cachedProsodyCheckout, cachedProsodyRelease, findExecutable } from "@server/servers/prosody/prosodyInstall";

const ROOT = join(__dirname, "..");
const SHARED = join(ROOT, "..", "shared", "conformance");
const JOBS = "2";
const ENSURE = "sudo node scripts/ensure-prosody.mjs";

interface ConformanceSet {
  readonly name: string;
  /** Folder the run starts in; `specs` and `config` may be relative to it. */
  readonly cwd: string;
  readonly specs: string;
  readonly config: string;
  /** The Prosody to run; undefined: the CLI's default for the config (a built tree's ./prosody). */
  readonly prosody?: string;
}

/** A set to run, or why it cannot run: `skip` when its files are absent (../shared), `fail` when its server is. */
type Planned = ConformanceSet | { readonly name: string; readonly skip: string } | { readonly name: string; readonly fail: string };

function plannedSets(): Planned[] {
  const checkout = cachedProsodyCheckout("13.0.1");
  const sets: Planned[] = [checkout
    ? { name: "prosody-13.0.1 (checkout)", cwd: checkout.tree, specs: "spec/scansion", config: "spec/scansion/prosody.cfg.lua" }
    : { name: "prosody-13.0.1 (checkout)", fail: `Prosody 13.0.1's source is not built (${ENSURE} builds it from Debian's source package; see its messages above)` }];
  if (!existsSync(SHARED)) {
    return [
      ...sets,
      { name: "prosody-0.12.3 (../shared)", skip: `${SHARED} is absent (Prosody 0.12.3's source is not obtainable from Debian's archive: its 15 specs are only there)` },
      { name: "prosody-13.0.1 (../shared)", skip: `${SHARED} is absent (its 15 specs are among the checkout's 50; this set runs them against Debian's 13.0.1 package)` },
    ];
  }
  const system = findExecutable("prosody");
  const release = cachedProsodyRelease("13.0.1");
  const legacy = join(SHARED, "prosody-0.12.3");
  const current = join(SHARED, "prosody-13.0.1", "spec", "scansion");
  return [
    ...sets,
    system
      ? { name: "prosody-0.12.3 (../shared)", cwd: ROOT, specs: join(legacy, "specs"), config: join(legacy, "prosody.cfg.lua"), prosody: system }
      : { name: "prosody-0.12.3 (../shared)", fail: `Prosody is not installed (${ENSURE})` },
    release
      ? { name: "prosody-13.0.1 (../shared)", cwd: ROOT, specs: current, config: join(current, "prosody.cfg.lua"), prosody: release }
      : { name: "prosody-13.0.1 (../shared)", fail: `Prosody 13.0.1 is not unpacked (${ENSURE})` },
  ];
}

function runCli(args: readonly string[], cwd: string): Promise<number> {
  const child = spawn(process.execPath, [join(ROOT, "dist", "cli.js"), ...args], { cwd, stdio: "inherit" });
  return new Promise((resolve) => child.on("exit", (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

/** passed/total from a JUnit report's <testsuites> element, or undefined when there is none. */
function junitCounts(report: string): { passed: number; total: number } | undefined {
  let text: string;
  try {
    text = readFileSync(report, "utf8");
  } catch {
    return undefined;
  }
  const count = (name: string) => Number(new RegExp(`<testsuites[^>]*\\s${name}="(\\d+)"`).exec(text)?.[1] ?? NaN);
  const total = count("tests");
  const passed = total - count("failures") - count("errors") - count("skipped");
  return Number.isNaN(passed) ? undefined : { passed, total };
}

async function runSet(set: ConformanceSet): Promise<{ line: string; ok: boolean }> {
  console.log(`\n── conformance ${set.name} ──`);
  const report = join(ROOT, "artifacts", `conformance-${set.name.replace(" (../shared)", "").replace(/[^\w.]+/g, "-").replace(/-$/, "")}.junit.xml`);
  rmSync(report, { force: true });
  const prosody = set.prosody === undefined ? [] : ["--prosody", set.prosody];
  const code = await runCli(["--prosody-config", set.config, ...prosody, "--jobs", JOBS, "--reporter", "junit", "--output", report, set.specs], set.cwd);
  const counts = junitCounts(report);
  if (!counts) return { line: `${set.name}: no report (scansion-run exit ${code})`, ok: false };
  const ok = code === 0 && counts.passed === counts.total && counts.total > 0;
  return { line: `${set.name}: ${counts.passed}/${counts.total} passed${code === 0 ? "" : ` (scansion-run exit ${code})`}`, ok };
}

async function main(): Promise<number> {
  if (!existsSync(join(ROOT, "dist", "cli.js"))) {
    console.error("dist/cli.js is missing: run `npm run build` first.");
    return 2;
  }
  mkdirSync(join(ROOT, "artifacts"), { recursive: true });
  const lines: string[] = [];
  let failed = false;
  let ran = 0;
  for (const set of plannedSets()) {
    if ("skip" in set) {
      lines.push(`${set.name}: skipped, ${set.skip}`);
    } else if ("fail" in set) {
      lines.push(`${set.name}: not run, ${set.fail}`);
      failed = true;
    } else {
      const outcome = await runSet(set);
      lines.push(outcome.line);
      failed ||= !outcome.ok;
      ran += 1;
    }
  }
  console.log(`\n── conformance ──\n${lines.join("\n")}`);
  if (ran === 0) console.log("no set ran: that is a failure, not a pass");
  return failed || ran === 0 ? 1 : 0;
}

main().then((code) => { process.exitCode = code; });
