/**
 * Splitting an action line `<Name> <verb>[:][ <argument>]` into its parts.
 * Pure functions of one trimmed line.
 */
import { isSpace } from "./whitespace";

const VERB_LIST = ["connects", "disconnects", "sends", "receives"] as const;
export const VERBS: ReadonlySet<string> = new Set(VERB_LIST);

/** Offsets into the line; ends exclusive. The name is `line.slice(0, nameEnd)`. */
export interface ActionLineParts {
  readonly nameEnd: number;
  readonly verbStart: number;
  readonly verbEnd: number;
  readonly hasColon: boolean;
  /** Where the text after the verb (and colon, and spaces) starts; the line's length when there is none. */
  readonly restStart: number;
}

/** Splits an action line; `namesByLength` are the defined client names, longest first. */
export function splitActionLine(line: string, namesByLength: readonly string[]): ActionLineParts {
  const nameEnd = findNameEnd(line, namesByLength);
  let verbStart = nameEnd;
  while (isSpace(line[verbStart])) verbStart++;
  let verbEnd = verbStart;
  while (verbEnd < line.length && !isSpace(line[verbEnd]) && line[verbEnd] !== ":") verbEnd++;
  const hasColon = line[verbEnd] === ":";
  let restStart = hasColon ? verbEnd + 1 : verbEnd;
  while (isSpace(line[restStart])) restStart++;
  return { nameEnd, verbStart, verbEnd, hasColon, restStart };
}

/**
 * Where the client name ends: the longest defined name followed by
 * whitespace; but when a verb word comes later, everything before it (so
 * `Juliet laptop sends:` with only Juliet defined names "Juliet laptop", not
 * Juliet with verb "laptop"); else the first word.
 */
function findNameEnd(line: string, namesByLength: readonly string[]): number {
  const defined = namesByLength.find((name) => line.startsWith(name) && isSpace(line[name.length]))?.length;
  let firstWordEnd = -1;
  let previousWordEnd = 0;
  let at = 0;
  while (at < line.length) {
    const wordStart = at;
    while (at < line.length && !isSpace(line[at])) at++;
    if (firstWordEnd < 0) {
      firstWordEnd = at;
    } else if (isVerbWord(line, wordStart, at)) {
      return defined !== undefined && defined >= previousWordEnd ? defined : previousWordEnd;
    }
    previousWordEnd = at;
    while (isSpace(line[at])) at++;
  }
  return defined ?? (firstWordEnd < 0 ? line.length : firstWordEnd);
}

/**
 * `line` from `start` to `end`, as the equal string of `known` when there is
 * one (a long spec then holds one "receives", not a copy per action line).
 */
export function textOf(line: string, start: number, end: number, known: readonly string[] = VERB_LIST): string {
  for (const word of known) {
    if (word.length === end - start && line.startsWith(word, start)) return word;
  }
  return line.slice(start, end);
}

/** Whether `line` from `start` to `end` is a verb, with or without its colon (without cutting the word out). */
function isVerbWord(line: string, start: number, end: number): boolean {
  const length = line[end - 1] === ":" ? end - 1 - start : end - start;
  for (const verb of VERB_LIST) {
    if (verb.length === length && line.startsWith(verb, start)) return true;
  }
  return false;
}

/** The known verb an unknown one was probably meant to be (`Sends`, `send`, `receive`). */
export function guessVerb(verb: string): string | undefined {
  const lower = verb.toLowerCase();
  return [...VERBS].find((known) => known === lower || known.startsWith(lower) || lower.startsWith(known.slice(0, 4)));
}
