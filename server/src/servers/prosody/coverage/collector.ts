/**
 * The Lua line collector (coverage-collector.lua) of a coverage run: where it is, the environment
 * that makes Lua 5.4 load it before Prosody (`LUA_INIT_5_4=@file`), and reading what it wrote.
 *
 * Why "write at exit" and not a journal of first hits: a journal survives SIGKILL but costs a
 * write per new line (~10,000 at start-up) and knows no counts, which LCOV's `DA:line,hits` and
 * VS Code's per-line counts show. Prosody leaves through os.exit after SIGTERM (the collector
 * wraps it), so a coverage run stops its servers with SIGTERM (35–60 ms instead of 12 ms with
 * SIGKILL); a server that dies some other way has written nothing, and the run says that its
 * coverage was lost (ServerCoverage "lost") rather than counting its lines as never run.
 */
import fs from "node:fs";
import path from "node:path";
import { coveredSourcePath, type SourceContext } from "./sourcePaths";
import type { LineHits } from "./lineCoverage";

const COLLECTOR_FILE_NAME = "coverage-collector.lua";
/** Written by the collector into the server's scratch folder. */
export const HITS_FILE_NAME = "coverage.hits";

/** What a stopped server's collector gave: its lines run, or why there are none. */
export type ServerCoverage =
  | { readonly kind: "collected"; readonly hits: LineHits }
  | { readonly kind: "lost"; readonly reason: string };

/**
 * The collector: beside this module in the sources, beside the bundle in dist/ (scripts/build.mjs
 * copies it there). Undefined when it is missing or unreadable (Lua would refuse to start).
 */
export function collectorFile(): string | undefined {
  const candidate = path.join(__dirname, COLLECTOR_FILE_NAME);
  try {
    fs.accessSync(candidate, fs.constants.R_OK);
    return candidate;
  } catch {
    return undefined;
  }
}

/** The server's extra environment: Lua 5.4 runs the collector first, which writes to `hitsFile`. */
export function collectorEnvironment(collector: string, hitsFile: string): Record<string, string> {
  return { LUA_INIT_5_4: `@${collector}`, SCANSION_COVERAGE_FILE: hitsFile };
}

/**
 * The hits file of a stopped server, by user path (sourcePaths.ts leaves out configs and Lua's own
 * libraries). `ending` says how the server ended, for the reason when there is no file.
 */
export function readServerCoverage(hitsFile: string, context: SourceContext, ending: string): ServerCoverage {
  let text: string;
  try {
    text = fs.readFileSync(hitsFile, "utf8");
  } catch {
    return { kind: "lost", reason: `Prosody ${ending} without writing its coverage (a server ended by SIGKILL or a crash writes none)` };
  }
  const parsed = parseHits(text);
  if (parsed === undefined) return { kind: "lost", reason: `the coverage file ${hitsFile} is incomplete` };
  const hits: LineHits = new Map();
  for (const [chunk, lines] of parsed) {
    const file = coveredSourcePath(chunk, context);
    if (file === undefined) continue;
    const known = hits.get(file);
    if (!known) hits.set(file, lines);
    else for (const [line, count] of lines) known.set(line, (known.get(line) ?? 0) + count);
  }
  return { kind: "collected", hits };
}

/** The collector's format: "@chunk" lines, each followed by "line count" lines; "." ends a whole file. */
export function parseHits(text: string): Map<string, Map<number, number>> | undefined {
  const chunks = new Map<string, Map<number, number>>();
  let current: Map<number, number> | undefined;
  const lines = text.split("\n");
  for (const line of lines) {
    if (line === ".") return chunks;
    if (line.startsWith("@")) {
      const chunk = line.slice(1);
      current = chunks.get(chunk) ?? new Map();
      chunks.set(chunk, current);
      continue;
    }
    const match = /^(\d+) (\d+)$/.exec(line);
    if (!match || !current) return undefined;
    current.set(Number(match[1]), Number(match[2]));
  }
  return undefined;
}
