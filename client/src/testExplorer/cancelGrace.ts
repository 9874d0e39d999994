/**
 * A cancelled run ends at once for the user, while the runner closes its clients in the
 * background: the Test Explorer's runs, on one target or on every target, wait this way.
 */

/** How long a cancelled run may take to wind down before it is reported as ended anyway. */
const CANCEL_GRACE_MS = 400;

/**
 * The suite's outcome, or undefined when the run was cancelled and the
 * runner did not finish within CANCEL_GRACE_MS (e.g. a client still
 * connecting): the user sees the run end at once while the runner closes
 * its clients in the background.
 */
export async function untilSettledOrCancelled<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
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

