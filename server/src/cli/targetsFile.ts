/**
 * `--targets <file>`: named targets for a run over several servers. The file is a JSON list of
 * entries shaped like the `scansion.targets` setting, or a VS Code settings file (comments
 * allowed) holding `scansion.targets`; paths in it are relative to the file. The entries are
 * read by the editor's own rule (session/targetEntries.ts). Any problem is one line.
 */
import fs from "node:fs";
import path from "node:path";
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { readTargetEntries, selectTargets, type TargetEntry } from "../session/targetEntries";

const SETTING = "scansion.targets";

/** The targets of `file` (only those named, when names are given, in that order), or a one-line problem. */
export function readTargetsFile(file: string, names: readonly string[]): readonly TargetEntry[] | string {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return `cannot read --targets ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`;
  }
  const errors: ParseError[] = [];
  const raw: unknown = parse(text, errors, { allowTrailingComma: true });
  if (errors.length > 0) {
    const first = errors[0]!;
    const line = text.slice(0, first.offset).split("\n").length;
    return `${file}:${line}: not JSON (${printParseErrorCode(first.error)})`;
  }
  const list = Array.isArray(raw) ? raw : listInSettings(raw);
  if (list === undefined) return `${file}: expected a list of targets, or a settings file holding "${SETTING}"`;
  const folder = path.dirname(path.resolve(file));
  const reading = readTargetEntries(list, { where: file, resolvePath: (value) => path.resolve(folder, value) });
  if (reading.problems.length > 0) return reading.problems[0]!;
  if (reading.entries.length === 0) return `${file} names no target`;
  return selectTargets(reading.entries, names, file);
}

/** `"scansion.targets": [...]` as settings.json writes it, or `{"scansion": {"targets": [...]}}`. */
function listInSettings(raw: unknown): unknown[] | undefined {
  if (typeof raw !== "object" || raw === null) return undefined;
  const settings = raw as Record<string, unknown>;
  if (Array.isArray(settings[SETTING])) return settings[SETTING];
  const nested = settings.scansion;
  if (typeof nested === "object" && nested !== null && Array.isArray((nested as Record<string, unknown>).targets)) return (nested as { targets: unknown[] }).targets;
  return undefined;
}
