/**
 * Extension benchmarks (issue #4): activation time as VS Code itself reports
 * it, discovery of 1,000 spec files, and the size of the .vsix. Targets are in
 * docs/PERFORMANCE.md.
 *
 * Activation and discovery are read off a real VS Code (code-server, see
 * test/support/e2e/codeServer.ts): the "Activation: N ms" of Developer: Show Running
 * Extensions (code loading + the activate call), and the lines the extension
 * writes to its own log (language client loading, discovery). Discovery is
 * also timed in-process (listing, reading and parsing the same files, no
 * editor), which runs without the e2e tools.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { describeSpec } from "../client/src/testExplorer/specCatalog";
import { findSpecFiles } from "@server/runner/specFiles";
import { packageExtension, requireE2eTools, startCodeServer } from "@support/e2e/codeServer";
import { openWorkbench } from "@support/e2e/workbench";
import { figure, percentile, skipped, type BenchFigure } from "./figures";
import { bodySources } from "./specs";

const TARGET = { activationMs: 100, discoveryMs: 2000, vsixMb: 2 } as const;
const SPEC_FILES = 1000;
const CODE_SERVER_STARTS = 3;
const IN_PROCESS_RUNS = 10;
/** How long VS Code may take to show what is measured (activation, a finished discovery). */
const UI_WAIT_MS = 120_000;

const ACTIVATION_NAME = "activation in VS Code (code-server 1.139): code loading + activate call, median";
const DISCOVERY_NAME = `discovery of ${SPEC_FILES.toLocaleString("en")} spec files in VS Code (extension's own log), median`;

export async function benchmarks(): Promise<BenchFigure[]> {
  const workspace = writeSpecWorkspace();
  try {
    const vsix = await packagedExtension();
    const inEditor = await inVsCode(workspace, vsix.path);
    return [
      vsix.figure,
      ...inEditor,
      await discoveryInProcess(workspace),
    ];
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

/** 1,000 real specs (copies of the conformance specs, each with a title of its own) in 10 folders. */
function writeSpecWorkspace(): string {
  const { specs } = bodySources();
  const workspace = mkdtempSync(join(tmpdir(), "scansion-bench-workspace-"));
  for (let index = 0; index < SPEC_FILES; index++) {
    const source = specs[index % specs.length]!;
    const folder = join(workspace, `suite-${Math.floor(index / 100)}`);
    mkdirSync(folder, { recursive: true });
    const text = source.text.replace(/^#([^\n]*)/, (_, title: string) => `#${title} (copy ${index})`);
    writeFileSync(join(folder, `${basename(source.name, ".scs")}-${index}.scs`), text);
  }
  return workspace;
}

async function packagedExtension(): Promise<{ path: string | undefined; figure: BenchFigure }> {
  const name = ".vsix size (npm run package)";
  try {
    const path = await packageExtension();
    const megabytes = statSync(path).size / 1_000_000;
    return { path, figure: figure(name, megabytes, "MB", TARGET.vsixMb, `${basename(path)}: the bundles, grammar, snippets, manifest, README, icon`) };
  } catch (error) {
    return { path: undefined, figure: skipped(name, "MB", TARGET.vsixMb, `packaging failed: ${firstLine(error)}`) };
  }
}

async function inVsCode(workspace: string, vsix: string | undefined): Promise<BenchFigure[]> {
  const unavailable = vsix === undefined ? "no .vsix" : e2eToolsMissing();
  if (unavailable !== undefined) {
    return [skipped(ACTIVATION_NAME, "ms", TARGET.activationMs, unavailable), skipped(DISCOVERY_NAME, "ms", TARGET.discoveryMs, unavailable)];
  }
  const activations: number[] = [];
  const discoveries: number[] = [];
  const clientLoads: number[] = [];
  for (let start = 0; start < CODE_SERVER_STARTS; start++) {
    const measured = await oneStart(workspace, vsix!);
    activations.push(measured.activationMs);
    discoveries.push(measured.discoveryMs);
    if (measured.clientLoadMs !== undefined) clientLoads.push(measured.clientLoadMs);
  }
  const list = (values: readonly number[]) => values.map((value) => Math.round(value)).join(", ");
  const clientNote = clientLoads.length > 0 ? `; the language client, loaded right after activation, took ${list(clientLoads)} ms` : "";
  return [
    figure(ACTIVATION_NAME, percentile(activations, 50), "ms", TARGET.activationMs,
      `${CODE_SERVER_STARTS} fresh code-server starts with a workspace of ${SPEC_FILES} specs: ${list(activations)} ms${clientNote}`),
    figure(DISCOVERY_NAME, percentile(discoveries, 50), "ms", TARGET.discoveryMs,
      `"Test Explorer: found ${SPEC_FILES} specs in N ms" (listing, reading, parsing) over the same starts: ${list(discoveries)} ms`),
  ];
}

interface OneStart {
  readonly activationMs: number;
  readonly discoveryMs: number;
  readonly clientLoadMs?: number;
}

async function oneStart(workspace: string, vsix: string): Promise<OneStart> {
  const server = await startCodeServer({ workspace, vsix });
  try {
    const workbench = await openWorkbench(server);
    try {
      const log = await waitForLogLine(server.userDataDir, new RegExp(`Test Explorer: found (\\d+) specs in (\\d+) ms`));
      const found = Number(log.match[1]);
      if (found !== SPEC_FILES) throw new Error(`discovery found ${found} specs, expected ${SPEC_FILES}`);
      const clientLoad = /Language client loaded in (\d+) ms/.exec(log.text)?.[1];
      // The list only renders the rows in view, slowest first: make room for all of them.
      await workbench.page.setViewportSize({ width: 1400, height: 3000 });
      await workbench.runCommand("Developer: Show Running Extensions");
      const row = workbench.page.locator(".runtime-extensions-editor .monaco-list-row").filter({ hasText: /Scansion/ });
      const time = row.locator(".activation-time", { hasText: /Activation: \d+ms/ });
      await workbench.page.locator(".runtime-extensions-editor .monaco-list-row").first().waitFor({ timeout: UI_WAIT_MS });
      await workbench.screenshot("bench-running-extensions");
      await time.waitFor({ timeout: UI_WAIT_MS });
      const activation = Number(/(\d+)ms/.exec(await time.innerText())![1]);
      return { activationMs: activation, discoveryMs: Number(log.match[2]), ...(clientLoad !== undefined ? { clientLoadMs: Number(clientLoad) } : {}) };
    } finally {
      await workbench.close();
    }
  } finally {
    await server.stop();
  }
}

/** The extension's log file (Scansion.log under the user data dir) once it holds a line matching `pattern`. */
async function waitForLogLine(userDataDir: string, pattern: RegExp): Promise<{ match: RegExpExecArray; text: string }> {
  const deadline = Date.now() + UI_WAIT_MS;
  for (;;) {
    const file = findFile(join(userDataDir, "logs"), "Scansion.log");
    const text = file ? readFileSync(file, "utf8") : "";
    const match = pattern.exec(text);
    if (match) return { match, text };
    if (Date.now() > deadline) throw new Error(`the extension's log never said ${pattern} (log: ${file ?? "not written"})`);
    // The log is a file another process writes: look again shortly.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function findFile(directory: string, name: string): string | undefined {
  if (!existsSync(directory)) return undefined;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isFile() && entry.name === name) return path;
    if (entry.isDirectory()) {
      const found = findFile(path, name);
      if (found) return found;
    }
  }
  return undefined;
}

/** What discovery does (specTree.ts), without the editor: list, read, parse and describe every file. */
async function discoveryInProcess(workspace: string): Promise<BenchFigure> {
  const samples: number[] = [];
  for (let run = 0; run < IN_PROCESS_RUNS; run++) {
    const started = performance.now();
    const files = await findSpecFiles(workspace);
    for (const file of files) describeSpec(await readFile(file, "utf8"), basename(file));
    samples.push(performance.now() - started);
    if (files.length !== SPEC_FILES) throw new Error(`found ${files.length} spec files, expected ${SPEC_FILES}`);
  }
  return figure(`discovery of ${SPEC_FILES.toLocaleString("en")} spec files, in-process (no editor), median`, percentile(samples, 50), "ms", TARGET.discoveryMs,
    `findSpecFiles + readFile + describeSpec (parse) for each, ${IN_PROCESS_RUNS} runs; the first includes the JIT warming up`);
}

function e2eToolsMissing(): string | undefined {
  try {
    requireE2eTools();
    return undefined;
  } catch (error) {
    return firstLine(error);
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}
