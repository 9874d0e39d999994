/**
 * Coverage runs (issue 21): Prosody 13.0.1's 50 specs from the built source tree, as a Prosody
 * developer runs them (`scansion-run --prosody-config spec/scansion/prosody.cfg.lua spec/scansion`
 * in the tree, the bundled CLI), plain and with `--coverage`, back to back in each round.
 * Target: the coverage run at most 3x the plain run's wall time (aim 2x), LCOV written included.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { cachedProsodyCheckout } from "@server/servers/prosody/prosodyInstall";
import { figure, percentile, skipped, type BenchFigure } from "./figures";
import { REPOSITORY_ROOT } from "./specs";

const TARGET_RATIO = 3;
const ROUNDS = 3;
const CLI = join(REPOSITORY_ROOT, "dist", "cli.js");

interface Run {
  readonly wallMs: number;
  readonly passed: boolean;
  readonly output: string;
}

function runCli(tree: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, "--prosody-config", "spec/scansion/prosody.cfg.lua", ...args, "spec/scansion"], {
      cwd: tree, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (text: string) => { output += text; });
    child.stderr.setEncoding("utf8").on("data", (text: string) => { output += text; });
    child.once("close", (code) => resolve({ wallMs: performance.now() - started, passed: code === 0, output }));
  });
}

export async function benchmarks(): Promise<BenchFigure[]> {
  const ratioName = `13.0.1 suite from the built tree, --coverage / plain wall time (median of ${ROUNDS} back-to-back pairs)`;
  const checkout = cachedProsodyCheckout("13.0.1");
  if (checkout === undefined) return [skipped(ratioName, "x", TARGET_RATIO, "no built Prosody 13.0.1 tree (sudo node scripts/ensure-prosody.mjs)")];
  const folder = mkdtempSync(join(tmpdir(), "scansion-bench-coverage-"));
  try {
    const lcov = join(folder, "out.lcov");
    await runCli(checkout.tree, []); // warm-up: file cache, Lua bytecode
    const plain: Run[] = [];
    const covered: Run[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      plain.push(await runCli(checkout.tree, []));
      covered.push(await runCli(checkout.tree, ["--coverage", lcov]));
    }
    const ratios = plain.map((run, round) => covered[round]!.wallMs / run.wallMs);
    const summary = /^Coverage of .*$/m.exec(covered.at(-1)!.output)?.[0] ?? "no summary line";
    const muc = /SF:\S*\/muc\.lib\.lua\n(?:DA:.*\n)*LF:(\d+)\nLH:(\d+)/.exec(readFileSync(lcov, "utf8"));
    const allPassed = [...plain, ...covered].every((run) => run.passed);
    return [
      figure(`13.0.1 suite (50 specs), plain run wall (median of ${ROUNDS})`, percentile(plain.map((run) => run.wallMs), 50), "ms", undefined,
        `default --jobs, a fresh Prosody per spec stopped with SIGKILL, nothing injected; every run passed: ${allPassed}`),
      figure(`13.0.1 suite (50 specs), --coverage run wall (median of ${ROUNDS})`, percentile(covered.map((run) => run.wallMs), 50), "ms", undefined,
        `line hook in every server, stopped with SIGTERM, luac + LCOV written; ${summary}`),
      figure(ratioName, percentile(ratios, 50), "x", TARGET_RATIO, `pairs: ${ratios.map((ratio) => ratio.toFixed(2)).join(", ")}; muc.lib.lua ${muc ? `${muc[2]}/${muc[1]} lines` : "missing"}`),
    ];
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
