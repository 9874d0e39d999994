/**
 * `scansion.expectations`: the failures each named target is known to have (the CLI's
 * `--expectations` file, runner/expectations.ts), read when a run starts. A known failure
 * still shows as failed; its message says it is known. A file that cannot be used is one line
 * in the run's output, and the run goes on without it.
 */
import fs from "node:fs";
import path from "node:path";
import * as vscode from "vscode";
import { judge, parseExpectations } from "@server/runner/expectations";
import type { SpecResult } from "@server/runner/specResult";
import { readSetting } from "../settings/settings";

export interface KnownFailures {
  /** The file as the setting names it, for messages. */
  readonly file: string;
  /** The result with `knownFailure` set when it is one on `target`; whether a known failure passes now. */
  judge(result: SpecResult, target: string): { readonly result: SpecResult; readonly passesNow: boolean };
}

/** The known failures of the folder's setting, undefined when none is set, or a one-line problem. */
export function readKnownFailures(folder: vscode.Uri | undefined): KnownFailures | string | undefined {
  const setting = readSetting(vscode.workspace, "expectations", folder).trim();
  if (setting === "") return undefined;
  const expanded = folder ? setting.replaceAll("${workspaceFolder}", folder.fsPath) : setting;
  const file = folder && !path.isAbsolute(expanded) ? path.join(folder.fsPath, expanded) : expanded;
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    return `scansion.expectations: cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`;
  }
  const expectations = parseExpectations(text, `scansion.expectations (${file})`);
  if (typeof expectations === "string") return expectations;
  const keysFolder = path.dirname(path.resolve(file));
  return {
    file: setting,
    judge: (result, target) => {
      const judged = judge([{ ...result, target }], expectations, keysFolder);
      return { result: judged.results[0]!, passesNow: judged.passingNow.length > 0 };
    },
  };
}
