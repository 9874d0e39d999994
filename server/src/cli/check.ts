/**
 * `scansion-run --check`: the diagnostics the editor gives, for files and folders of specs,
 * with no server. One line per problem, `path:line:column: error|warning: message [code]`
 * (1-based line and column, as compilers print them; the `$scansion` problem matcher in
 * package.json reads this form), then a summary on stderr. Hints, which VS Code's Problems
 * view does not list either (an unused client, a second disconnect), are left out.
 *
 * Loads the parser and the editor's checks only: no runner, no XMPP stack, no server code,
 * so that a pre-commit hook over a whole suite starts and ends in well under a second.
 */
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import type { Diagnostic } from "vscode-languageserver";
import { parseSpec } from "../language/parser";
import { computeDiagnostics } from "../features/diagnostics";
import { discoverSpecFiles, SpecPathError } from "../runner/specFiles";
import type { CheckOptions } from "./arguments";

const ERROR = 1;
const WARNING = 2;

export interface CheckOutcome {
  /** The problem lines, in file order, then position order. */
  readonly lines: readonly string[];
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
}

/** One problem as a line; `path` as it should be printed. */
export function problemLine(path: string, diagnostic: Diagnostic): string {
  const severity = diagnostic.severity === ERROR ? "error" : "warning";
  const text = typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
  const message = text.replace(/\s*\n\s*/g, " ");
  const code = diagnostic.code === undefined ? "" : ` [${String(diagnostic.code)}]`;
  return `${path}:${diagnostic.range.start.line + 1}:${diagnostic.range.start.character + 1}: ${severity}: ${message}${code}`;
}

/** Checks one spec's text: its errors and warnings, in position order. */
export function checkSpecText(text: string): Diagnostic[] {
  return computeDiagnostics(parseSpec(text), { unusedClient: false })
    .filter((diagnostic) => diagnostic.severity === ERROR || diagnostic.severity === WARNING)
    .sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Checks every spec the paths name (files, or folders searched for *.scs). @throws SpecPathError */
export function checkSpecs(options: CheckOptions, cwd = process.cwd()): CheckOutcome {
  const files = discoverSpecFiles(options.paths);
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new SpecPathError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const shown = printablePath(file, cwd);
    for (const diagnostic of checkSpecText(text)) {
      if (diagnostic.severity === ERROR) errors++;
      else warnings++;
      lines.push(problemLine(shown, diagnostic));
    }
  }
  return { lines, files: files.length, errors, warnings };
}

/** Relative to the working folder when inside it (what a task's problem matcher resolves), else as given. */
function printablePath(file: string, cwd: string): string {
  if (!isAbsolute(file)) return file;
  const inside = relative(cwd, file);
  return inside !== "" && !inside.startsWith("..") && !isAbsolute(inside) ? inside : file;
}

/** The `--check` command: prints the problems, returns the exit status (0 clean or warnings only, 1 an error, 2 bad paths). */
export function runCheck(options: CheckOptions): number {
  let outcome: CheckOutcome;
  try {
    outcome = checkSpecs(options);
  } catch (error) {
    if (error instanceof SpecPathError) {
      process.stderr.write(`scansion-run: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
  if (outcome.files === 0) {
    process.stderr.write(`scansion-run: no .scs files found in ${options.paths.join(", ")}\n`);
    return 2;
  }
  if (outcome.lines.length > 0) process.stdout.write(`${outcome.lines.join("\n")}\n`);
  const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
  process.stderr.write(`${count(outcome.files, "spec")} checked: ${count(outcome.errors, "error")}, ${count(outcome.warnings, "warning")}\n`);
  return outcome.errors > 0 ? 1 : 0;
}
