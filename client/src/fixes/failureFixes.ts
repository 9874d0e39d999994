/**
 * Quick fixes from a failed run (issue #5): given a spec's tree, the result of
 * its last failed run and where the cursor is, the edits that would make the
 * failing `receives` accept what arrived. Pure (no `vscode`), so the code
 * action provider stays a thin mapping and the tests run without an editor.
 *
 * The result must belong to the text the tree was parsed from: its ranges and
 * lines are positions in that text (the provider drops a result on any edit).
 *
 * What is offered follows the failure's facts (`failure.mismatch`: the kind of
 * difference, which expected stanza), never the wording of its messages or
 * printed stanzas: those are for people and may be reworded.
 */
import type { TextEdit } from "vscode-languageserver";
import { acceptReceivedEdit, markAttributeAny, setStrictFalse } from "@server/writing/acceptReceived";
import { childElements, comparePositions, containsRange } from "@server/language/locate";
import type { Range, ReceiveAction, SpecDocument, XmlAttributeNode, XmlElementNode } from "@server/language/syntaxTree";
import type { ClientJids } from "@server/language/jid";
import type { MismatchFacts, SpecResult, StepFailure } from "@server/runner/specResult";

/** The extension loads this module (with the parser) on the first code action request: codeActions.ts parses with it. */
export { parseSpec } from "@server/language/parser";

export type FailureFixKind = "accept-received" | "mark-any" | "strict-false";

export interface FailureFix {
  readonly title: string;
  readonly kind: FailureFixKind;
  readonly edit: TextEdit;
  /** The fix to apply first (VS Code's "auto fix"). */
  readonly preferred?: boolean;
}

/** The fixes for `result`'s failure that apply at `range` of the spec, most useful first. */
export function failureFixes(doc: SpecDocument, result: SpecResult, range: Range): FailureFix[] {
  const failure = result.failure;
  if (result.status !== "failed" || !failure) return [];
  const action = failingReceive(doc, failure);
  const block = action?.block;
  if (!action || !block || block.malformed || !overlaps(action.range, range)) return [];

  const onActionLine = overlaps(action.lineRange, range);
  const mismatch = failure.mismatch;
  const fixes: FailureFix[] = [];
  const accepted = failure.received !== undefined && mismatch !== undefined
    ? acceptReceivedEdit(doc, action, failure.received, jidsOf(result), mismatch.stanzaIndex)
    : undefined;
  if (accepted) fixes.push({ title: "Accept the received stanza", kind: "accept-received", edit: accepted, preferred: true });

  const attribute = attributeToLoosen(block.elements, failure, range, onActionLine);
  const anyEdit = attribute && markAttributeAny(doc, attribute.valueRange);
  if (attribute && anyEdit) {
    fixes.push({ title: `Match any value of '${attribute.name}' ({scansion:any})`, kind: "mark-any", edit: anyEdit });
  }

  const element = mismatch && receivedExtra(mismatch) ? elementAt(block.elements, failure.range) : undefined;
  const strictEdit = element && (onActionLine || overlaps(element.range, range)) ? setStrictFalse(doc, element.startTagRange) : undefined;
  if (element && strictEdit) {
    fixes.push({ title: `Allow extra children and attributes on <${element.name}> (scansion:strict="false")`, kind: "strict-false", edit: strictEdit });
  }
  return fixes;
}

/** The `receives` action the failure is about (failure lines are 1-based). */
function failingReceive(doc: SpecDocument, failure: StepFailure): ReceiveAction | undefined {
  const action = doc.actions.find((candidate) => candidate.lineRange.start.line === failure.line - 1);
  return action?.kind === "receives" && !action.expectsNothing ? action : undefined;
}

/** The run's JIDs per client, in the order the spec defines the clients (the order variables are tried in). */
function jidsOf(result: SpecResult): ReadonlyMap<string, ClientJids> {
  return new Map(Object.entries(result.clients ?? {}));
}

/**
 * The expected attribute to turn into `{scansion:any}`: among those the cursor
 * range touches, the one whose value the difference is about, else the first;
 * with the cursor on the action line (where a run reports the failure), the
 * one whose value the difference is about.
 */
function attributeToLoosen(elements: readonly XmlElementNode[], failure: StepFailure, range: Range, onActionLine: boolean): XmlAttributeNode | undefined {
  const all = elements.flatMap(attributesWithin);
  // Only a value that differed: any value would not bring back a missing attribute.
  const failing = failure.mismatch?.kind === "attribute-value" ? all.find((attribute) => sameRange(attribute.range, failure.range)) : undefined;
  const touched = all.filter((attribute) => overlaps(attribute.range, range));
  if (failing && (onActionLine || touched.includes(failing))) return failing;
  return touched[0];
}

function attributesWithin(element: XmlElementNode): XmlAttributeNode[] {
  return [...element.attributes, ...childElements(element).flatMap(attributesWithin)];
}

/** Whether a strict element received more than it names (an attribute or a child), which `scansion:strict='false'` allows. */
function receivedExtra(mismatch: MismatchFacts): boolean {
  return mismatch.kind === "attribute-unexpected" || mismatch.kind === "child-unexpected";
}

/** The expected element whose start tag the difference points at (where the matcher reports what an element received in excess). */
function elementAt(elements: readonly XmlElementNode[], failureRange: Range): XmlElementNode | undefined {
  for (const element of elements) {
    if (sameRange(element.startTagRange, failureRange)) return element;
    if (!containsRange(element.range, failureRange)) continue;
    const inner = elementAt(childElements(element), failureRange);
    if (inner) return inner;
  }
  return undefined;
}

function sameRange(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.start) === 0 && comparePositions(a.end, b.end) === 0;
}

/** Whether two ranges share at least a position (touching ends count: a cursor right after a word is on it). */
function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
