/**
 * How a Test Explorer run (on one target, or each target's of a run on every target) ends its
 * suite: a cancelled run ends at once for the user while the runner closes its clients in the
 * background, and the specs the suite never reached are marked, errored with why or skipped.
 */
import * as vscode from "vscode";

/** How long a cancelled run may take to wind down before it is reported as ended anyway. */
const CANCEL_GRACE_MS = 400;

/**
 * The suite's outcome, or undefined when the run was cancelled and the
 * runner did not finish within CANCEL_GRACE_MS (e.g. a client still
 * connecting): the user sees the run end at once while the runner closes
 * its clients in the background.
 */
async function untilSettledOrCancelled<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const cancelled = new Promise<undefined>((resolve) => {
    const onAbort = () => { timer = setTimeout(() => resolve(undefined), CANCEL_GRACE_MS); };
    if (signal.aborted) onAbort();
    else signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([work, cancelled]);
  } finally {
    clearTimeout(timer);
  }
}


/**
 * Waits for the suite (a cancelled one at most CANCEL_GRACE_MS); why the specs it did not reach
 * were not run: the runner failed, or an infrastructure error stopped the suite; undefined when neither.
 */
export async function suiteEnd(suite: Promise<{ readonly infrastructureError?: string | undefined }>, signal: AbortSignal): Promise<string | undefined> {
  try {
    return (await untilSettledOrCancelled(suite, signal))?.infrastructureError;
  } catch (error) {
    return `the runner failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Specs the suite never reached (the server was unreachable, or the run was cancelled): errored with `why`, else skipped. */
export function markUnreached(run: vscode.TestRun, specs: readonly vscode.TestItem[], reported: ReadonlySet<vscode.TestItem>, why: string | undefined, signal: AbortSignal): void {
  for (const item of specs) {
    if (reported.has(item)) continue;
    if (why !== undefined && !signal.aborted) run.errored(item, new vscode.TestMessage(`Not run: ${why}`));
    else run.skipped(item);
  }
}
