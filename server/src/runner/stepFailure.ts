/**
 * How a step says it failed: handlers throw `StepFailed` with the details,
 * the execution turns it into the step's outcome and the spec's failure.
 */
import type { Range } from "../language/syntaxTree";
import type { MatchFailure } from "./matcher";
import type { MismatchFacts, StepFailureKind } from "./specResult";

export interface FailureDetails {
  /** "spec" when not given: the spec asks for something that cannot be done. */
  readonly kind?: StepFailureKind;
  /** One readable line. */
  readonly message: string;
  readonly difference?: string;
  readonly mismatch?: MismatchFacts;
  readonly expected?: string;
  readonly received?: string;
  /** Where the failure points when more precise than the action line (e.g. the mismatching attribute). */
  readonly range?: Range;
  /** The failure is the environment's (server unreachable), not the spec's. */
  readonly infrastructure?: boolean;
}

export class StepFailed extends Error {
  constructor(readonly details: FailureDetails) {
    super(details.message);
    this.name = "StepFailed";
  }
}

/** Fails the current step. */
export function fail(details: FailureDetails | string): never {
  throw new StepFailed(typeof details === "string" ? { message: details } : details);
}

/** The matcher's first difference as data, for the `stanzaIndex`th stanza the action expects. */
export function mismatchFacts(failure: MatchFailure, stanzaIndex: number): MismatchFacts {
  const { kind, path, attribute, expectedValue, receivedValue } = failure;
  return {
    kind,
    stanzaIndex,
    path,
    ...(attribute !== undefined ? { attribute } : {}),
    ...(expectedValue !== undefined ? { expectedValue } : {}),
    ...(receivedValue !== undefined ? { receivedValue } : {}),
  };
}
