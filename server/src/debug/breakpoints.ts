/**
 * Where a breakpoint the editor asks for really stops. The debugger stops
 * between actions, before the action a breakpoint names, so a breakpoint is
 * placed on an action line:
 * - on an action line, or inside its stanza block: that action;
 * - anywhere else (header, comments, blank lines): the next action below;
 * - below the last action: nowhere (unverified, with a message saying why).
 *
 * Lines are 1-based here, as in `StepRef.line` and DAP's default.
 */
import type { SpecDocument } from "../language/syntaxTree";

export interface BreakpointPlacement {
  /** The line the editor asked for. */
  readonly requestedLine: number;
  /** The action line the breakpoint stops before; undefined when there is none. */
  readonly line: number | undefined;
  readonly verified: boolean;
  /** Why an unverified breakpoint does not stop, or where a moved one went. */
  readonly message?: string;
}

export function placeBreakpoints(doc: SpecDocument, requestedLines: readonly number[]): BreakpointPlacement[] {
  return requestedLines.map((requestedLine) => placeOne(doc, requestedLine));
}

function placeOne(doc: SpecDocument, requestedLine: number): BreakpointPlacement {
  const line = requestedLine - 1;
  // Actions are in document order and do not overlap, so the first one ending at or below the line is the answer.
  const action = doc.actions.find((candidate) => candidate.range.end.line >= line);
  if (!action) {
    return {
      requestedLine,
      line: undefined,
      verified: false,
      message: doc.actions.length === 0
        ? "This spec has no actions to stop at."
        : "No action at or below this line: a breakpoint stops before an action.",
    };
  }
  const actionLine = action.lineRange.start.line + 1;
  return { requestedLine, line: actionLine, verified: true };
}

/** The action lines the placements stop before, for the run. */
export function stoppingLines(placements: readonly BreakpointPlacement[]): Set<number> {
  const lines = new Set<number>();
  for (const placement of placements) if (placement.line !== undefined) lines.add(placement.line);
  return lines;
}
