/**
 * Choosing which specs a run covers: discovery on disk, tag filters and
 * sharding. Shared by the CLI and the editor so both pick the same specs.
 */
import { readdirSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { SpecDocument } from "../language/syntaxTree";

/** Thrown for a path that does not exist or cannot be read; the CLI turns it into exit status 2. */
export class SpecPathError extends Error {}

/** Folders discovery never enters: dependencies and hidden folders (`.git`, `.vscode`, …). */
export function isSkippedFolder(name: string): boolean {
  return name === "node_modules" || name.startsWith(".");
}

export function isSpecFileName(name: string): boolean {
  return name.endsWith(".scs");
}

/** True when a `/`-separated path, relative to the folder searched, lies in a folder discovery skips. */
export function inSkippedFolder(relativePath: string): boolean {
  return relativePath.split("/").slice(0, -1).some(isSkippedFolder);
}

/** Files as given, directories searched recursively for `*.scs`; sorted for a deterministic order. */
export function discoverSpecFiles(paths: readonly string[]): string[] {
  const found = new Set<string>();
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new SpecPathError(`cannot read ${path}: no such file or directory`);
    }
    if (isDirectory) collectSpecs(path, found);
    else found.add(path);
  }
  return [...found].sort();
}

function collectSpecs(directory: string, found: Set<string>): void {
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    throw new SpecPathError(`cannot read directory ${directory}`);
  }
  for (const entry of entries.sort()) {
    const path = join(directory, entry);
    let entryIsDirectory: boolean;
    try {
      entryIsDirectory = statSync(path).isDirectory();
    } catch {
      // A dangling symlink: only matters when it names a spec.
      if (isSpecFileName(entry)) throw new SpecPathError(`cannot read ${path}: no such file or directory`);
      continue;
    }
    if (entryIsDirectory) {
      if (!isSkippedFolder(entry)) collectSpecs(path, found);
    }
    else if (isSpecFileName(entry)) found.add(path);
  }
}

/**
 * The editor's discovery: absolute paths of every spec below `root`, sorted, by
 * the same rules; unreadable directories are passed over (a workspace is not a
 * command line). Straight from the disk: the editor's file search goes through
 * the window and is several times slower for a thousand files.
 */
export async function findSpecFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirectories: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!isSkippedFolder(entry.name)) subdirectories.push(join(directory, entry.name));
      } else if (isSpecFileName(entry.name) && (entry.isFile() || entry.isSymbolicLink())) {
        found.push(join(directory, entry.name));
      }
    }
    await Promise.all(subdirectories.map(walk));
  };
  await walk(root);
  return found.sort();
}

/** The name a spec goes by in reports: its title, else its file name. */
export function specName(doc: SpecDocument, file: string): string {
  return doc.header.title?.text.trim() || basename(file);
}

/** A spec's tags as the filters see them: `name` and, for valued tags, also `name: value`. */
export function specTags(doc: SpecDocument): string[] {
  return doc.header.tags.flatMap((tag) => {
    const name = tag.name.text.trim();
    return tag.value ? [name, `${name}: ${tag.value.text.trim()}`] : [name];
  });
}

export interface TagFilter {
  /** Run only specs having at least one of these tags (empty: no restriction). */
  readonly onlyTags: readonly string[];
  /** Skip specs having any of these tags. */
  readonly skipTags: readonly string[];
}

/** Why the filter skips the spec, or undefined when it runs. */
export function tagSkipReason(doc: SpecDocument, filter: TagFilter): string | undefined {
  const tags = new Set(specTags(doc));
  const skipped = filter.skipTags.find((tag) => tags.has(tag));
  if (skipped !== undefined) return `tagged "${skipped}" (--skip-tags)`;
  if (filter.onlyTags.length > 0 && !filter.onlyTags.some((tag) => tags.has(tag))) {
    return `has none of the tags ${filter.onlyTags.map((t) => `"${t}"`).join(", ")} (--only-tags)`;
  }
  return undefined;
}

export interface Shard {
  /** 1-based shard number. */
  readonly index: number;
  readonly count: number;
}

/** Parses `i/n` as given to --shard; returns an error message for anything else. */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return `--shard expects i/n, e.g. 1/4, not "${text}"`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index < 1 || index > count) return `--shard ${text}: i must be between 1 and n`;
  return { index, count };
}

/**
 * The files of one shard: round-robin over the sorted list, so that every
 * file lands in exactly one shard and shards stay balanced.
 */
export function filesOfShard<T>(files: readonly T[], shard: Shard): T[] {
  return files.filter((_, position) => position % shard.count === shard.index - 1);
}
