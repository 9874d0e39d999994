/**
 * Known failures (`--expectations <file>`): for each target, the specs known to fail there,
 * each with its failure's one-line difference so that a person reads why.
 *
 *   { "ejabberd-23.01": { "specs/version.scs": "iq/query{jabber:iq:version}/name: expected text \"Prosody\", received \"ejabberd\"" } }
 *
 * Spec paths are relative to the file's folder (so that a file in the repository works from
 * any working directory). A run whose every failure is known passes; a known failure that
 * now passes is reported, and fails the run only when asked (--strict-expectations). Pure:
 * the caller reads and writes the file.
 */
import path from "node:path";
import type { SpecResult } from "./specResult";

/** target → spec path (relative to the file's folder, `/`-separated) → one-line difference. */
export type Expectations = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** The results of a run, judged against the expectations. */
export interface Judgement {
  /** Every result, known failures marked (knownFailure). */
  readonly results: readonly SpecResult[];
  /** Failures nobody expected: these fail the run. */
  readonly newFailures: readonly SpecResult[];
  /** Expected to fail, passed: "passes now on <target>: remove it from <file>". */
  readonly passingNow: readonly SpecResult[];
}

/** The expectations in `text`, or a one-line problem. */
export function parseExpectations(text: string, where: string): Expectations | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return `${where} is not JSON: ${(error instanceof Error ? error.message : String(error)).split("\n")[0]}`;
  }
  if (!isObject(raw)) return `${where}: expected an object {"target": {"spec path": "difference"}}`;
  const expectations = new Map<string, Map<string, string>>();
  for (const [target, specs] of Object.entries(raw)) {
    if (!isObject(specs)) return `${where}: "${target}" must map spec paths to their one-line differences`;
    const known = new Map<string, string>();
    for (const [spec, difference] of Object.entries(specs)) {
      if (typeof difference !== "string") return `${where}: "${target}" → "${spec}" must be the failure's one-line difference (a string)`;
      known.set(spec, difference);
    }
    expectations.set(target, known);
  }
  return expectations;
}

/** The key of a spec file in an expectations file kept in `folder`. */
export function expectationKey(file: string, folder: string): string {
  return path.relative(folder, path.resolve(file)).split(path.sep).join("/");
}

/** The failure's one line: its difference, else its message's first line. */
export function oneLineFailure(result: SpecResult): string {
  const failure = result.failure;
  if (!failure) return result.status;
  return (failure.difference ?? failure.message).split("\n")[0]!;
}

function failed(result: SpecResult): boolean {
  return result.status === "failed" || result.status === "error";
}

/** Marks the known failures; `folder` is the expectations file's. A result without a target is judged under "". */
export function judge(results: readonly SpecResult[], expectations: Expectations, folder: string): Judgement {
  const newFailures: SpecResult[] = [];
  const passingNow: SpecResult[] = [];
  const judged = results.map((result) => {
    const known = expectations.get(result.target ?? "")?.get(expectationKey(result.spec.file, folder));
    if (known === undefined) {
      if (failed(result)) newFailures.push(result);
      return result;
    }
    // A cancelled run proves nothing either way.
    if (result.cancelled) return result;
    if (failed(result)) return { ...result, knownFailure: known };
    if (result.status === "passed") passingNow.push(result);
    return result;
  });
  return { results: judged, newFailures, passingNow };
}

/** The expectations file that makes the current failures known (--update-expectations), targets and specs sorted. */
export function expectationsOf(results: readonly SpecResult[], folder: string): string {
  const byTarget: Record<string, Record<string, string>> = {};
  const failures = results.filter((result) => failed(result) && !result.cancelled);
  for (const result of failures) {
    const target = result.target ?? "";
    (byTarget[target] ??= {})[expectationKey(result.spec.file, folder)] = oneLineFailure(result);
  }
  const sorted = Object.fromEntries(Object.keys(byTarget).sort().map((target) => [
    target, Object.fromEntries(Object.entries(byTarget[target]!).sort(([a], [b]) => a.localeCompare(b))),
  ]));
  return JSON.stringify(sorted, null, 2) + "\n";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
