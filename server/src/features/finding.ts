/**
 * A problem a check finds, before diagnostics turns it into an LSP
 * diagnostic. Its own module so the checks diagnostics calls (clientChecks)
 * do not import diagnostics back.
 */
import type { ProblemSeverity, Range } from "../language/syntaxTree";

/** One finding before it becomes an LSP diagnostic. */
export interface Finding {
  readonly range: Range;
  readonly severity: ProblemSeverity;
  readonly code: string;
  readonly message: string;
  readonly unnecessary?: boolean;
  /** Carried to the client in `Diagnostic.data` (the schema checks' quick fix). */
  readonly data?: unknown;
}

export type Report = (finding: Finding) => void;
