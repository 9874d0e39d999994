/**
 * Which lines of a Lua file hold code, as `luac5.4 -l -p` lists its bytecode (every function,
 * nested ones too): `	12	[34]	GETTABUP …` is instruction 12 on line 34. A line never run is
 * reported as uncovered only when it is one of these (not a comment, a blank line or an `end`
 * that compiles to nothing). Without luac (Debian: `apt-get install lua5.4`), or for a file it
 * cannot compile, undefined: the report then shows the lines run alone.
 *
 * One luac per file, started by a shell loop (a few shells at once): a spawn from Node costs
 * ~10× a fork from sh, and a run covers ~170 files. (luac given many files at once crashes.)
 */
import { execFile } from "node:child_process";
import { availableParallelism } from "node:os";
import { findExecutable } from "../prosodyInstall";

// VARARGPREP, a vararg function's prologue (every chunk's), sits on its first line, often a
// comment, and never makes a line event: not a statement.
const INSTRUCTION_LINE = /^\s+\d+\s+\[(\d+)\]\s+(?!VARARGPREP\b)/;
const FILE_HEADER = "@@ ";
const FAILED = "@@!";
const LOOP = `for f do printf '${FILE_HEADER}%s\\n' "$f"; "$LUAC" -l -p -- "$f" || printf '${FAILED}\\n'; done`;

export function findLuac(): string | undefined {
  return findExecutable("luac5.4");
}

/** The executable lines of each file (undefined for one luac cannot read, or every file without luac). */
export async function executableLines(files: readonly string[], luac = findLuac()): Promise<Map<string, ReadonlySet<number> | undefined>> {
  const result = new Map<string, ReadonlySet<number> | undefined>(files.map((file) => [file, undefined]));
  const shell = findExecutable("sh");
  if (luac === undefined || shell === undefined) return result;
  const listable = files.filter((file) => !file.includes("\n"));
  const shells = Math.max(1, Math.min(4, availableParallelism()));
  const batches = Array.from({ length: shells }, (_, index) => listable.filter((_, position) => position % shells === index)).filter((batch) => batch.length > 0);
  const listings = await Promise.all(batches.map((batch) => listBatch(shell, luac, batch)));
  for (const listing of listings) for (const [file, lines] of parseListing(listing)) result.set(file, lines);
  return result;
}

function listBatch(shell: string, luac: string, files: readonly string[]): Promise<string> {
  return new Promise((resolve) => {
    execFile(shell, ["-c", LOOP, "sh", ...files], { env: { ...process.env, LUAC: luac }, maxBuffer: 1024 * 1024 * 1024 }, (_error, stdout) => resolve(stdout));
  });
}

/** Sections "@@ file" then luac's listing ("@@!" when it failed). */
export function parseListing(listing: string): Map<string, ReadonlySet<number> | undefined> {
  const result = new Map<string, ReadonlySet<number> | undefined>();
  let file: string | undefined;
  let lines = new Set<number>();
  const finish = () => { if (file !== undefined) result.set(file, lines); };
  for (const text of listing.split("\n")) {
    if (text === FAILED) {
      if (file !== undefined) result.set(file, undefined);
      file = undefined;
    } else if (text.startsWith(FILE_HEADER)) {
      finish();
      file = text.slice(FILE_HEADER.length);
      lines = new Set();
    } else {
      const match = INSTRUCTION_LINE.exec(text);
      if (match && file !== undefined) lines.add(Number(match[1]));
    }
  }
  finish();
  return result;
}
