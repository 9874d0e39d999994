/**
 * `npm run bench`: runs every benchmark module in bench/ (any bench/*.ts
 * whose source has a top-level `export async function benchmarks(): Promise<BenchFigure[]>`,
 * see figures.ts), prints a table and writes bench/results/latest.json.
 * Exits 1 when a figure misses its target or a module fails.
 *
 * Usage: node --import tsx bench/run.ts [module name substring...]
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, totalmem } from "node:os";
import { basename, join } from "node:path";
import type { BenchFigure } from "./figures";

interface BenchModule {
  benchmarks(): Promise<BenchFigure[]>;
}

interface ModuleResult {
  readonly module: string;
  readonly figures: readonly BenchFigure[];
  readonly error?: string;
}

const RESULTS_DIRECTORY = join(__dirname, "results");

function isBenchModule(value: unknown): value is BenchModule {
  return typeof value === "object" && value !== null && typeof (value as { benchmarks?: unknown }).benchmarks === "function";
}

/** Read from the source, so that helper files (figures.ts, specs.ts, scratch files) are never imported. */
const EXPORTS_BENCHMARKS = /^export\s+(?:async\s+)?(?:function|const)\s+benchmarks\b/m;

/** bench/*.ts files that export `benchmarks`, matching the command-line filters, in name order. */
function moduleFiles(filters: readonly string[]): string[] {
  return readdirSync(__dirname)
    .filter((entry) => entry.endsWith(".ts") && !entry.endsWith(".d.ts") && entry !== basename(__filename))
    .filter((entry) => filters.length === 0 || filters.some((filter) => entry.includes(filter)))
    .filter((entry) => EXPORTS_BENCHMARKS.test(readFileSync(join(__dirname, entry), "utf8")))
    .sort();
}

function machine(): Record<string, string | number> {
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? "unknown",
    totalMemoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    // Other work on the machine skews timings; the 1-minute load average says how much there was.
    loadAverage: loadavg().map((load) => load.toFixed(2)).join(" "),
  };
}

function formatValue(figure: BenchFigure): string {
  if (figure.value === undefined) return "-";
  return `${figure.value.toFixed(figure.unit === "ms" || figure.unit === "x" ? 2 : 1)} ${figure.unit}`;
}

function verdict(figure: BenchFigure): string {
  return figure.pass === undefined ? (figure.value === undefined ? "skip" : "info") : figure.pass ? "pass" : "MISS";
}

function printTable(results: readonly ModuleResult[]): void {
  const rows = results.flatMap((result) => result.figures.map((figure) => [
    `${result.module}: ${figure.name}`,
    formatValue(figure),
    figure.target === undefined ? "-" : `< ${figure.target} ${figure.unit}`,
    verdict(figure),
  ]));
  const header = ["benchmark", "figure", "target", "pass"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, column) => (column === 1 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((width) => "-".repeat(width)).join("  "));
  rows.forEach((row) => console.log(line(row)));
  for (const result of results) {
    for (const figure of result.figures) console.log(`  ${result.module}: ${figure.name}: ${figure.note}`);
    if (result.error) console.log(`  ${result.module}: FAILED: ${result.error}`);
  }
}

async function main(): Promise<number> {
  const files = moduleFiles(process.argv.slice(2));
  const results: ModuleResult[] = [];
  for (const file of files) {
    const name = file.replace(/\.ts$/, "");
    console.error(`running ${name} ...`);
    try {
      const loaded: unknown = await import(join(__dirname, file));
      const module = isBenchModule(loaded) ? loaded : (loaded as { default?: unknown }).default;
      if (!isBenchModule(module)) throw new Error(`${file} looks like a benchmark module but exports no benchmarks() function`);
      results.push({ module: name, figures: await module.benchmarks() });
    } catch (error) {
      // One broken module must not cost the figures of the others.
      results.push({ module: name, figures: [], error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  }
  if (results.length === 0) {
    console.error("no benchmark module matched");
    return 1;
  }
  printTable(results);
  mkdirSync(RESULTS_DIRECTORY, { recursive: true });
  const report = { date: new Date().toISOString(), machine: machine(), results };
  // undefined (skipped value, no target) is written as null rather than dropped.
  const json = JSON.stringify(report, (_, value: unknown) => (value === undefined ? null : value), 2);
  writeFileSync(join(RESULTS_DIRECTORY, "latest.json"), `${json}\n`);
  console.log(`\nwritten: ${join("bench/results", "latest.json")}`);
  const failed = results.some((result) => result.error !== undefined || result.figures.some((figure) => figure.pass === false));
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
