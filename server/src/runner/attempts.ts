/**
 * A spec run more than once: `retries` (a failed spec runs again, on a fresh server where the
 * run gives each spec one, up to n more times; one that then passes is flaky) and `repeat`
 * (every spec runs n times, to find flaky ones). The listener sees one attempt's events, the
 * decisive one's, and its spec-ended result says how many attempts there were.
 */
import type { RunEvent, RunListener, SpecResult, StepFailure } from "./specResult";
import type { SpecRunOutcome } from "./specRunner";

export interface AttemptPlan {
  /** How many more times a failed spec runs (0: none). */
  readonly retries: number;
  /** How many times each spec runs (1: once). */
  readonly repeat: number;
}

export const ONE_ATTEMPT: AttemptPlan = { retries: 0, repeat: 1 };

/** Runs one attempt; the listener gets that attempt's events. */
export type Attempt = (listener: RunListener) => Promise<SpecRunOutcome>;

interface Tried {
  readonly outcome: SpecRunOutcome;
  readonly events: readonly RunEvent[];
}

export async function runAttempts(plan: AttemptPlan, listener: RunListener, attempt: Attempt): Promise<SpecRunOutcome> {
  if (plan.retries <= 0 && plan.repeat <= 1) return attempt(listener);
  const tried: Tried[] = [];
  /** The first repetition that still failed after its retries. */
  let decisive: Tried | undefined;
  for (let repetition = 0; repetition < plan.repeat && !decisive; repetition += 1) {
    for (let retry = 0; retry <= plan.retries; retry += 1) {
      const events: RunEvent[] = [];
      const outcome = await attempt((event) => events.push(event));
      const current = { outcome, events };
      tried.push(current);
      // The run cannot go on (unreachable server, cancelled): this attempt is the last.
      if (outcome.infrastructureError !== undefined || outcome.result.cancelled) {
        decisive = current;
        break;
      }
      if (outcome.result.status === "passed" || outcome.result.status === "skipped") break;
      if (retry === plan.retries) decisive = current;
    }
  }
  const chosen = decisive ?? tried.at(-1)!;
  const result = combined(chosen.outcome.result, tried.map((one) => one.outcome.result));
  for (const event of chosen.events) listener(event.type === "spec-ended" ? { ...event, result } : event);
  return { ...chosen.outcome, result };
}

/** The decisive attempt's result, with how many attempts there were and whether the spec is flaky. */
function combined(decisive: SpecResult, all: readonly SpecResult[]): SpecResult {
  if (all.length <= 1) return decisive;
  const failed = all.filter((result) => result !== decisive && result.failure !== undefined && result.status !== "passed");
  const flaky = all.some((result) => result.status === "passed") && all.some((result) => result.status === "failed" || result.status === "error");
  const earlierFailures: StepFailure[] = failed.map((result) => result.failure!);
  return {
    ...decisive,
    attempts: all.length,
    ...(flaky ? { flaky: true as const } : {}),
    ...(earlierFailures.length > 0 ? { earlierFailures } : {}),
  };
}
