/**
 * LCOV tracefiles (geninfo(1)'s format, read by genhtml, Coveralls, Codecov and VS Code's
 * coverage extensions): per file `SF:`, `DA:line,hits` for each executable line, `LF`/`LH`,
 * `end_of_record`. Written whole or not at all: a temporary file beside it, then a rename.
 */
import fs from "node:fs";
import path from "node:path";
import type { FileCoverage } from "./lineCoverage";

export function renderLcov(files: readonly FileCoverage[], testName?: string): string {
  const out: string[] = [];
  for (const { file, lines } of files) {
    if (testName !== undefined) out.push(`TN:${testName.replace(/[^\w]/g, "_")}`);
    out.push(`SF:${file}`);
    let hit = 0;
    for (const [line, count] of lines) {
      out.push(`DA:${line},${count}`);
      if (count > 0) hit += 1;
    }
    out.push(`LF:${lines.size}`, `LH:${hit}`, "end_of_record");
  }
  return out.length === 0 ? "" : `${out.join("\n")}\n`;
}

/** Writes `text` to `file` atomically: readers see the old file or the whole new one. */
export function writeFileAtomically(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.partial`);
  try {
    fs.writeFileSync(temporary, text);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
