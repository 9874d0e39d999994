/**
 * Line coverage as data: per file (absolute path), per line, how often it ran. Merging the servers
 * of a run, what one spec added beyond start-up, and the per-folder summary line.
 */
import path from "node:path";

/** File (absolute) → line → times run. */
export type LineHits = Map<string, Map<number, number>>;

/** A file's lines for a report: every executable line, with 0 for those never run. */
export interface FileCoverage {
  readonly file: string;
  /** Line → times run, sorted by line. */
  readonly lines: ReadonlyMap<number, number>;
}

/** Adds `from` into `into` (counts add up). */
export function mergeHits(into: LineHits, from: LineHits): LineHits {
  for (const [file, lines] of from) {
    let known = into.get(file);
    if (!known) {
      known = new Map();
      into.set(file, known);
    }
    for (const [line, count] of lines) known.set(line, (known.get(line) ?? 0) + count);
  }
  return into;
}

/**
 * What a spec's server ran beyond a server that only started and stopped (`baseline`): every
 * server runs ~10,000 lines to start, which would hide what the spec itself exercised. A line
 * counts when it ran more often than in the baseline (by the difference).
 */
export function beyondBaseline(hits: LineHits, baseline: LineHits): LineHits {
  const added: LineHits = new Map();
  for (const [file, lines] of hits) {
    const before = baseline.get(file);
    const kept = new Map<number, number>();
    for (const [line, count] of lines) {
      const extra = count - (before?.get(line) ?? 0);
      if (extra > 0) kept.set(line, extra);
    }
    if (kept.size > 0) added.set(file, kept);
  }
  return added;
}

/**
 * Every file that ran, with its executable lines (luac's view; a line run always counts as one)
 * and 0 for those never run; sorted by path. `executable` undefined for a file: only its lines run.
 */
export function fileCoverages(hits: LineHits, executable: ReadonlyMap<string, ReadonlySet<number> | undefined>): FileCoverage[] {
  return [...hits.keys()].sort().map((file) => {
    const ran = hits.get(file)!;
    const lines = new Map<number, number>();
    for (const line of executable.get(file) ?? []) lines.set(line, 0);
    for (const [line, count] of ran) lines.set(line, count);
    return { file, lines: new Map([...lines].sort(([a], [b]) => a - b)) };
  });
}

export interface FolderSummary {
  /** `core/`, `plugins/`, or the file's own folder outside `root`. */
  readonly folder: string;
  readonly found: number;
  readonly hit: number;
}

/** Lines found and hit per top folder below `root` (the Prosody source tree), in path order. */
export function summarizeByFolder(files: readonly FileCoverage[], root: string): FolderSummary[] {
  const folders = new Map<string, { found: number; hit: number }>();
  for (const { file, lines } of files) {
    const relative = path.relative(root, file);
    const inside = !relative.startsWith("..") && !path.isAbsolute(relative);
    const parts = relative.split(path.sep);
    const folder = !inside ? `${path.dirname(file)}/` : parts.length > 1 ? `${parts[0]}/` : relative;
    const totals = folders.get(folder) ?? { found: 0, hit: 0 };
    totals.found += lines.size;
    for (const count of lines.values()) if (count > 0) totals.hit += 1;
    folders.set(folder, totals);
  }
  return [...folders].sort(([a], [b]) => a.localeCompare(b)).map(([folder, totals]) => ({ folder, ...totals }));
}

/** `core/ 60.4%  plugins/ 71.2%  prosody 80.0%`. */
export function formatFolderSummary(summaries: readonly FolderSummary[]): string {
  return summaries.map(({ folder, found, hit }) => `${folder} ${percent(hit, found)}`).join("  ");
}

export function percent(hit: number, found: number): string {
  return found === 0 ? "–" : `${((100 * hit) / found).toFixed(1)}%`;
}

/**
 * The summary of a run's files: the largest group (files sharing their first three folders,
 * e.g. the Prosody tree) by top folder below its common folder (`core/`, `plugins/`), every
 * other group (a community module's folder, Debian's launcher) as one entry under its own path.
 */
export function summarizeRun(files: readonly FileCoverage[]): FolderSummary[] {
  const groups = new Map<string, FileCoverage[]>();
  for (const file of files) {
    const key = file.file.split("/").slice(0, 4).join("/");
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  const [main, ...others] = [...groups.values()].sort((a, b) => b.length - a.length);
  if (!main) return [];
  const summaries = summarizeByFolder(main, commonFolder(main.map((file) => file.file)));
  for (const group of others) {
    const folder = group.length === 1 ? group[0]!.file : `${commonFolder(group.map((file) => file.file))}/`;
    const totals = summarizeByFolder(group, "/").reduce((sum, entry) => ({ found: sum.found + entry.found, hit: sum.hit + entry.hit }), { found: 0, hit: 0 });
    summaries.push({ folder, ...totals });
  }
  return summaries;
}

/** The deepest folder holding every file (the Prosody source tree), for the summary's top folders. */
export function commonFolder(files: readonly string[]): string {
  if (files.length === 0) return "/";
  let common = path.dirname(files[0]!);
  for (const file of files) {
    while (path.relative(common, file).startsWith("..")) common = path.dirname(common);
  }
  return common;
}
