/**
 * What a run reports. The runner emits `RunEvent`s while it works and returns
 * a `SpecResult` per spec; the CLI reporters, the Test Explorer and the
 * debugger consume exactly these types, so a spec reads the same everywhere.
 *
 * Invariant: no password ever appears in an event or a result.
 */
import type { ClientJids } from "../language/jid";
import type { ActionKind, Range } from "../language/syntaxTree";
import type { MismatchKind } from "./matchReport";

export type { MismatchKind } from "./matchReport";

export type SpecStatus = "passed" | "failed" | "error" | "skipped";

export type StepStatus = "passed" | "failed" | "skipped" | "not-reached";

/** Identifies a spec in events and reports. */
export interface SpecRef {
  /** Path as given to the runner (absolute in the editor, as typed on the command line). */
  readonly file: string;
  /** The spec's title, or its file name when it has none. */
  readonly name: string;
}

/** One action of the spec, as the runner executes it. */
export interface StepRef {
  /** Position of the action in the spec's action list. */
  readonly index: number;
  /** 1-based line of the action line. */
  readonly line: number;
  readonly client: string;
  readonly kind: ActionKind;
  /** The action line as written, e.g. "Romeo receives:". */
  readonly title: string;
  readonly range: Range;
}

/**
 * Why a step failed, for front ends that show kinds differently (the message says it in words):
 * - mismatch: a stanza arrived that did not match (strict-sequence);
 * - timeout: the expected stanza never came (`difference` then names the closest one that did);
 * - unexpected-stanza: `receives: nothing` received something;
 * - no-answer: the server did not answer the runner's ping after a `sends` or during `receives: nothing`;
 * - connect: a client could not connect or log in;
 * - stream-closed: the server closed a client's stream;
 * - cancelled: the run was cancelled;
 * - parse: the spec could not be read or has a syntax error, and did not run;
 * - spec: the spec asks for something that cannot be done (an undefined client, a send before connecting, ...).
 */
export type StepFailureKind = "mismatch" | "timeout" | "unexpected-stanza" | "no-answer" | "connect" | "stream-closed" | "cancelled" | "parse" | "spec";

/**
 * The first difference between an expected stanza and the received one, as data: what
 * tools and quick fixes read (`difference` says the same in words, for people, and may be reworded).
 */
export interface MismatchFacts {
  /** What differs: a name, a namespace, an attribute (missing, value, unexpected), the text, or a child (missing, unexpected, order). */
  readonly kind: MismatchKind;
  /** 0-based position of the stanza that did not match among the stanzas the action expects. */
  readonly stanzaIndex: number;
  /** Where, as `difference` starts: local names down from the stanza, `{short namespace}` where it changes, `[n]` among same-named siblings, `@attribute` last. */
  readonly path: string;
  /** For the attribute kinds: the attribute's name (as written in the spec; as received when unexpected). */
  readonly attribute?: string;
  /**
   * What was expected and received, unquoted and whole: names (element-name), namespaces
   * (element-namespace), values (attribute kinds; none expected for `{scansion:any}` or a capture),
   * texts (text kinds). Absent where the kind has none.
   */
  readonly expectedValue?: string;
  readonly receivedValue?: string;
}

export interface StepFailure {
  readonly kind: StepFailureKind;
  /** 1-based line of the failing action. */
  readonly line: number;
  readonly client: string;
  /** e.g. "Juliet receives". */
  readonly action: string;
  /** One readable line saying why. */
  readonly message: string;
  /** The one-line difference, when a stanza did not match. */
  readonly difference?: string;
  /** The same difference as data, when a stanza did not match. */
  readonly mismatch?: MismatchFacts;
  /** Expected stanza, pretty-printed, variables filled in. */
  readonly expected?: string;
  /** Received stanza, pretty-printed. */
  readonly received?: string;
  /** Stanzas still queued for the client when the step failed, pretty-printed. */
  readonly queued: readonly string[];
  /** Where in the spec the difference points (the action line, or the expected node). */
  readonly range: Range;
}

export interface StepOutcome {
  readonly step: StepRef;
  readonly status: StepStatus;
  readonly durationMs: number;
}

export type TranscriptDirection = "sent" | "received" | "note";

/** One line of a run's transcript: a stanza or a runner note, with client and time. */
export interface TranscriptEntry {
  readonly direction: TranscriptDirection;
  readonly client: string;
  /** Milliseconds since the spec started. */
  readonly atMs: number;
  /** Compact XML for stanzas, plain text for notes. */
  readonly text: string;
  /** The action the entry belongs to, when there is one. */
  readonly line?: number;
}

export interface SpecResult {
  readonly spec: SpecRef;
  readonly status: SpecStatus;
  readonly durationMs: number;
  /** For failed and error: why. Error = the spec could not run (parse error, unreachable server). */
  readonly failure?: StepFailure;
  readonly steps: readonly StepOutcome[];
  readonly transcript: readonly TranscriptEntry[];
  /** Values bound by `{scansion:capture:NAME}`. */
  readonly captures: Readonly<Record<string, string>>;
  /** Why the spec was skipped (tag filter, shard). */
  readonly skipReason?: string;
  /** The run was cancelled (Ctrl+C, Cancel in the Test Explorer, Stop in the debugger) before the spec ended on its own; status is "error". */
  readonly cancelled?: true;
  /**
   * Each client's JIDs as the run knew them at its end, by client name (what
   * `${X's JID}` / `${X's full JID}` stood for), so a failure can be turned back
   * into variables. Absent when the spec did not run.
   */
  readonly clients?: Readonly<Record<string, ClientJids>>;
  /** The log of the spec's own throwaway server (runSuite's serverPerSpec), kept when the spec did not pass. */
  readonly serverLog?: string;
  /** The named target the spec ran on, in a run over named targets (a matrix: one result per spec and target). */
  readonly target?: string;
  /** How many times the spec ran, when more than once (retries, repeats). */
  readonly attempts?: number;
  /** It failed on one attempt and passed on another: flaky (its status is the decisive attempt's). */
  readonly flaky?: true;
  /** The failures of the attempts before the one that passed (a flaky spec's), first first. */
  readonly earlierFailures?: readonly StepFailure[];
  /** A failure the run was told to expect (--expectations): the one-line difference recorded for it. */
  readonly knownFailure?: string;
}


export type RunEvent =
  | { readonly type: "spec-started"; readonly spec: SpecRef }
  | { readonly type: "step-started"; readonly spec: SpecRef; readonly step: StepRef }
  | { readonly type: "step-passed"; readonly spec: SpecRef; readonly step: StepRef; readonly durationMs: number }
  | { readonly type: "step-failed"; readonly spec: SpecRef; readonly step: StepRef; readonly failure: StepFailure }
  | { readonly type: "transcript"; readonly spec: SpecRef; readonly entry: TranscriptEntry }
  | { readonly type: "spec-ended"; readonly result: SpecResult };

export type RunListener = (event: RunEvent) => void;

export interface SuiteSummary {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly errors: number;
  readonly skipped: number;
  readonly durationMs: number;
}

export function summarize(results: readonly SpecResult[], durationMs: number): SuiteSummary {
  const count = (status: SpecStatus) => results.filter((r) => r.status === status).length;
  return {
    total: results.length,
    passed: count("passed"),
    failed: count("failed"),
    errors: count("error"),
    skipped: count("skipped"),
    durationMs,
  };
}
