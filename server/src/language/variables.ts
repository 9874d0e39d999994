/**
 * `${Name's JID}`, `${Name's full JID}` and `${NAME}` references: finding them
 * (with document ranges, for the tree) and substituting them (for the runner).
 *
 * Braces never nest, so a reference is `${` up to the next `}`. The client
 * name may itself contain `'s` (`${Juliet's phone's full JID}`), so the name
 * ends at the LAST `'s ` inside the braces. Without any `'s `, the text inside
 * the braces names a value captured by `{scansion:capture:NAME}` in an earlier
 * receives (docs/scansion-language.md §1.9a).
 */
import type { Position, SyntaxProblem, TextSpan, VariableKind, VariableReference } from "./syntaxTree";
import { LineSpan } from "./treeNodes";

const KNOWN_KINDS: ReadonlySet<string> = new Set<VariableKind>(["JID", "full JID"]);
const NAME_SEPARATOR = "'s ";

/** One `${...}` in a plain string; offsets are string indices, ends exclusive. */
export interface VariableOccurrence {
  readonly start: number;
  readonly end: number;
  readonly client: string;
  readonly clientStart: number;
  readonly clientEnd: number;
  readonly kind: string;
  readonly kindStart: number;
  readonly kindEnd: number;
  /** Undefined for unknown kinds and for malformed forms (no `'s `, empty name). */
  readonly knownKind: VariableKind | undefined;
  /** False when the text inside the braces is neither `<name>'s <kind>` nor a capture's name. */
  readonly wellFormed: boolean;
  /** `${NAME}`: `client` is the capture's name, `kind` is empty. */
  readonly capture: boolean;
}

export interface VariableScan {
  readonly occurrences: readonly VariableOccurrence[];
  /** Offset of a `${` that has no closing `}` (nothing after it can be a reference). */
  readonly unclosedAt: number | undefined;
}

/** Every `${...}` in `text`, in order. */
export function scanVariables(text: string): VariableScan {
  const occurrences: VariableOccurrence[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf("${", from);
    if (start < 0) return { occurrences, unclosedAt: undefined };
    const close = text.indexOf("}", start + 2);
    if (close < 0) return { occurrences, unclosedAt: start };
    occurrences.push(splitReference(text, start, close));
    from = close + 1;
  }
}

function splitReference(text: string, start: number, close: number): VariableOccurrence {
  const innerStart = start + 2;
  const inner = text.slice(innerStart, close);
  const split = inner.lastIndexOf(NAME_SEPARATOR);
  if (split <= 0) {
    // `${version}` names a capture; `${}` or `${'s JID}` is nothing: keep it all as the name so readers can still point at it.
    const capture = split < 0 && isCaptureName(inner);
    return {
      start, end: close + 1,
      client: inner, clientStart: innerStart, clientEnd: close,
      kind: "", kindStart: close, kindEnd: close,
      knownKind: undefined, wellFormed: capture, capture,
    };
  }
  const kind = inner.slice(split + NAME_SEPARATOR.length);
  return {
    start, end: close + 1,
    client: inner.slice(0, split), clientStart: innerStart, clientEnd: innerStart + split,
    kind, kindStart: innerStart + split + NAME_SEPARATOR.length, kindEnd: close,
    knownKind: KNOWN_KINDS.has(kind) ? (kind as VariableKind) : undefined,
    wellFormed: true, capture: false,
  };
}

/** A name `{scansion:capture:NAME}` can bind and `${NAME}` can use: not blank, no brace, no space at either end. */
export function isCaptureName(name: string): boolean {
  return name !== "" && name.trim() === name && !/[{}]/.test(name);
}

const CAPTURE_MATCHER = /^\{scansion:capture:([^}]*)\}$/;

/** NAME of a value written `{scansion:capture:NAME}` (an attribute value, or an element's whole text, trimmed); undefined for anything else. */
export function captureNameIn(value: string): string | undefined {
  const name = CAPTURE_MATCHER.exec(value)?.[1];
  return name !== undefined && isCaptureName(name) ? name : undefined;
}

/** One-line spans (nearly all) keep numbers, not Position objects: see treeNodes.ts. */
function spanAt(text: string, start: Position, end: Position): TextSpan {
  return start.line === end.line ? new LineSpan(text, start.line, start.character, end.character) : { text, range: { start, end } };
}

/**
 * References with document ranges. `positionAt` maps an index of `text` to
 * the document; `text` is the decoded text, so a caller whose source holds
 * entities maps decoded indices back to source columns.
 */
export function findVariableReferences(
  text: string,
  positionAt: (offset: number) => Position,
): { references: VariableReference[]; problems: SyntaxProblem[] } {
  const references: VariableReference[] = [];
  const problems: SyntaxProblem[] = [];
  if (!text.includes("${")) return { references, problems };
  const scan = scanVariables(text);
  for (const found of scan.occurrences) {
    const range = { start: positionAt(found.start), end: positionAt(found.end) };
    references.push({
      range,
      client: spanAt(found.client, positionAt(found.clientStart), positionAt(found.clientEnd)),
      kind: spanAt(found.kind, positionAt(found.kindStart), positionAt(found.kindEnd)),
      knownKind: found.knownKind,
      wellFormed: found.wellFormed,
      capture: found.capture,
    });
    if (!found.wellFormed) {
      problems.push({
        range, severity: "error", code: "variable-malformed",
        message: `'${text.slice(found.start, found.end)}' is not a variable: write \${Name's JID}, \${Name's full JID} or \${NAME} of a {scansion:capture:NAME}.`,
      });
    } else if (found.knownKind === undefined && !found.capture) {
      // At the kind itself, so that a client name that is also wrong gets its own place.
      const kindRange = found.kind === "" ? range : { start: positionAt(found.kindStart), end: positionAt(found.kindEnd) };
      problems.push({
        range: kindRange, severity: "error", code: "variable-unknown-kind",
        message: `Unknown variable kind '${found.kind}': use 'JID' (bare JID) or 'full JID' (JID bound at connect).`,
      });
    }
  }
  if (scan.unclosedAt !== undefined) {
    // Substitution leaves it as written, as scansion's does: the run sends or expects the text literally (LANGUAGE-DECISIONS.md #16).
    problems.push({
      range: { start: positionAt(scan.unclosedAt), end: positionAt(scan.unclosedAt + 2) },
      severity: "warning", code: "variable-unclosed",
      message: "Read as the literal text '${…': it is never closed; a variable is written ${Name's JID}, ${Name's full JID} or ${NAME}.",
    });
  }
  return { references, problems };
}

/** Gives the value of a known variable, or undefined when it cannot be resolved (yet). */
export type VariableResolver = (client: string, kind: VariableKind) => string | undefined;

/** Gives the value last captured as `name`, or undefined when nothing has captured it (yet). */
export type CaptureResolver = (name: string) => string | undefined;

const NOTHING_CAPTURED: CaptureResolver = () => undefined;

export interface SubstitutionResult {
  readonly text: string;
  /** References left as written: unresolvable, unknown kind or malformed. */
  readonly unresolved: readonly VariableOccurrence[];
}

/** Replaces every resolvable `${...}` in `text`; everything else is kept as written. */
export function substituteVariables(text: string, resolve: VariableResolver, captured: CaptureResolver = NOTHING_CAPTURED): SubstitutionResult {
  if (!text.includes("${")) return { text, unresolved: [] };
  const unresolved: VariableOccurrence[] = [];
  let result = "";
  let copiedUpTo = 0;
  for (const found of scanVariables(text).occurrences) {
    const value = found.capture ? captured(found.client) : found.knownKind === undefined ? undefined : resolve(found.client, found.knownKind);
    if (value === undefined) {
      unresolved.push(found);
      continue;
    }
    result += text.slice(copiedUpTo, found.start) + value;
    copiedUpTo = found.end;
  }
  return { text: result + text.slice(copiedUpTo), unresolved };
}
