/**
 * How a step says it failed: handlers throw `StepFailed` with the details,
 * the execution turns it into the step's outcome and the spec's failure.
 */
import type { Range } from "../language/syntaxTree";
import type { StepFailureKind } from "./specResult";

export interface FailureDetails {
  /** "spec" when not given: the spec asks for something that cannot be done. */
  readonly kind?: StepFailureKind;
  /** One readable line. */
  readonly message: string;
  readonly difference?: string;
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
