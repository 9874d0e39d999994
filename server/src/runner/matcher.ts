/**
 * Does a received stanza satisfy an expected one? (docs/scansion-language.md §2.4)
 *
 * - Mode per element: explicit `scansion:strict` wins, otherwise non-strict
 *   iff the element is in the stream namespace (jabber:client). An explicit
 *   false on a parent says nothing about its namespaced descendants.
 * - Names and namespaces are compared; namespace declarations and `scansion:*`
 *   are not attributes; `xml:lang` is.
 * - Attributes: expected ones must be present and equal; `{scansion:any}` and
 *   `{scansion:capture:NAME}` only need presence (a capture binds the value).
 *   Strict elements also refuse received attributes that are not expected.
 * - Text: compared trimmed when the expected text is not blank; an element written
 *   without text (`<x/>`, `<header name='a'></header>`) accepts any received text,
 *   strict or not (docs/LANGUAGE-DECISIONS.md #6: an upload slot's token cannot be written).
 *   Text written `{scansion:capture:NAME}` needs some text and binds it, trimmed.
 * - Children: see matchChildren.ts.
 *
 * A match is first tried quickly (stopping at the first difference); only a
 * failure is compared in full, to report the first difference in document
 * order of the expected stanza as `path: detail`, with the range of the
 * expected node it is about: the attribute; the text; the whole element when
 * it is missing, misnamed or out of order; the start tag of the expected
 * element when something was received that it does not allow (extra
 * attribute, child or text).
 */
import type { Element } from "ltx";
import { CLIENT_NAMESPACE, SCANSION_NAMESPACE, type Range, type XmlAttributeNode, type XmlElementNode, type XmlTextNode } from "../language/syntaxTree";
import { compareLenientChildren, compareStrictChildren, PairTable, type ElementComparer } from "./matchChildren";
import { namespaceMismatch, quote, segment, Tally, type Comparison, type Mismatch } from "./matchReport";
import { viewOfReceived, type AttributeView, type ElementView } from "../stanzaModel/stanzaView";
import { captureNameIn } from "../language/variables";

export type { MismatchKind } from "./matchReport";

export interface MatchOptions {
  /** Default namespace of the stream the stanza arrived on; jabber:client by default. */
  readonly streamNamespace?: string;
}

export interface MatchSuccess {
  readonly matched: true;
  /** Values bound by `{scansion:capture:NAME}`, later bindings of a name winning. */
  readonly captures: Readonly<Record<string, string>>;
}

/** The first difference (`Mismatch`: its kind, path, range and data), and the line that says it. */
export interface MatchFailure extends Mismatch {
  readonly matched: false;
  /** One line: `path: detail`, e.g. `presence/x{muc#user}/item@affiliation: expected "member", received "none"`. */
  readonly difference: string;
}

export type MatchResult = MatchSuccess | MatchFailure;

export function matchStanza(expected: XmlElementNode, received: Element, options: MatchOptions = {}): MatchResult {
  const streamNamespace = options.streamNamespace ?? CLIENT_NAMESPACE;
  return matchStanzaView(expected, viewOfReceived(received, undefined, streamNamespace), streamNamespace);
}

/** Same as `matchStanza` for a received stanza already turned into a view. */
export function matchStanzaView(expected: XmlElementNode, received: ElementView, streamNamespace = CLIENT_NAMESPACE): MatchResult {
  const path = segment(expected, streamNamespace);
  if (expected.localName !== received.localName) {
    const detail = `expected <${expected.localName}>, received <${received.localName}>`;
    return failure({ kind: "element-name", path, detail, range: expected.range, expectedValue: expected.localName, receivedValue: received.localName });
  }
  if (expected.namespace !== received.namespace) {
    return failure({ path, ...namespaceMismatch(expected.namespace, received.namespace), range: expected.range });
  }
  const matcher = new Matcher(streamNamespace);
  const quick = matcher.compare(expected, received, path, true);
  if (quick.cost === 0) return { matched: true, captures: Object.fromEntries(quick.captures) };
  const full = matcher.compare(expected, received, path, false);
  return failure(full.first ?? quick.first!);
}

/**
 * The received stanza arranged like the expected one, so that a line diff of
 * the two printed stanzas marks exactly what differs:
 * - attributes in the expected element's order, the ones it does not name after them;
 * - the element children of a non-strict element in the expected order, each
 *   where the expected child the matcher pairs it with stands, the unpaired
 *   ones after them in received order;
 * - a strict element's children in received order (order is part of what it
 *   compares), each arranged like its partner;
 * - text where it was among the children.
 * Only order changes: nothing is added, dropped or renamed.
 */
export function receivedLikeExpected(expected: XmlElementNode, received: Element, options: MatchOptions = {}): ElementView {
  const streamNamespace = options.streamNamespace ?? CLIENT_NAMESPACE;
  return new Matcher(streamNamespace).arrange(expected, viewOfReceived(received, undefined, streamNamespace), segment(expected, streamNamespace));
}

function failure(mismatch: Mismatch): MatchFailure {
  return { matched: false, difference: `${mismatch.path}: ${mismatch.detail}`, ...mismatch };
}

class Matcher implements ElementComparer {
  constructor(private readonly streamNamespace: string) {}

  compare(expected: XmlElementNode, received: ElementView, path: string, quick: boolean): Comparison {
    const strict = expected.strict ?? expected.namespace !== this.streamNamespace;
    const tally = new Tally(quick);
    compareAttributes(expected, received, path, strict, tally);
    if (!tally.settled) compareText(expected, received, path, tally);
    if (!tally.settled) {
      const table = new PairTable(this, expected, received, path);
      if (strict) compareStrictChildren(table, tally);
      else compareLenientChildren(table, tally);
    }
    return tally.result();
  }

  arrange(expected: XmlElementNode, received: ElementView, path: string): ElementView {
    const strict = expected.strict ?? expected.namespace !== this.streamNamespace;
    const table = new PairTable(this, expected, received, path);
    const partners: number[] = [];
    if (strict) compareStrictChildren(table, new Tally(false), partners);
    else compareLenientChildren(table, new Tally(false), partners);
    const expectedOf = new Map<number, number>();
    partners.forEach((j, i) => {
      if (j !== -1) expectedOf.set(j, i);
    });
    const order = strict ? received.elements.map((_, j) => j) : [...partners.filter((j) => j !== -1), ...received.elements.map((_, j) => j).filter((j) => !expectedOf.has(j))];
    const elements = order.map((j) => {
      const i = expectedOf.get(j);
      return i === undefined ? received.elements[j]! : this.arrange(table.expectedChildren[i]!, received.elements[j]!, table.childPath(i));
    });
    // Text stays in place; the element slots among the children take the elements in their new order.
    let slot = 0;
    const children = received.children.map((child) => (typeof child === "string" ? child : elements[slot++]!));
    return { ...received, attributes: attributesLikeExpected(expected, received), children, elements };
  }
}

function attributesLikeExpected(expected: XmlElementNode, received: ElementView): AttributeView[] {
  const named: AttributeView[] = [];
  for (const attribute of expected.attributes) {
    const found = received.attributes.find((r) => r.localName === attribute.localName && r.namespace === attribute.namespace);
    if (found !== undefined && !named.includes(found)) named.push(found);
  }
  return [...named, ...received.attributes.filter((attribute) => !named.includes(attribute))];
}

function compareAttributes(expected: XmlElementNode, received: ElementView, path: string, strict: boolean, tally: Tally): void {
  const used = new Set<AttributeView>();
  for (const attribute of expected.attributes) {
    if (attribute.namespace === SCANSION_NAMESPACE) continue;
    const matcher = attribute.matcher;
    const found = received.attributes.find((r) => r.localName === attribute.localName && r.namespace === attribute.namespace);
    if (found === undefined) {
      tally.add(() => ({
        kind: "attribute-missing",
        path: `${path}@${attribute.name}`,
        detail: `expected ${describeExpectedValue(attribute)}, received no attribute`,
        range: attribute.range,
        attribute: attribute.name,
        ...(matcher.kind === "literal" ? { expectedValue: attribute.value } : {}),
      }));
    } else {
      used.add(found);
      if (matcher.kind === "capture") tally.captures.push([matcher.name, found.value]);
      else if (matcher.kind === "literal" && found.value !== attribute.value) {
        tally.add(() => ({
          kind: "attribute-value",
          path: `${path}@${attribute.name}`,
          detail: `expected ${quote(attribute.value)}, received ${quote(found.value)}`,
          range: attribute.range,
          attribute: attribute.name,
          expectedValue: attribute.value,
          receivedValue: found.value,
        }));
      }
    }
    if (tally.settled) return;
  }
  if (!strict) return;
  for (const attribute of received.attributes) {
    if (used.has(attribute)) continue;
    tally.add(() => ({
      kind: "attribute-unexpected",
      path: `${path}@${attribute.name}`,
      detail: `unexpected attribute, received ${quote(attribute.value)}`,
      range: expected.startTagRange,
      attribute: attribute.name,
      receivedValue: attribute.value,
    }));
    if (tally.settled) return;
  }
}

function compareText(expected: XmlElementNode, received: ElementView, path: string, tally: Tally): void {
  const texts = expected.children.filter((c): c is XmlTextNode => c.type === "text");
  const want = texts.map((t) => t.text).join("").trim();
  const got = received.text.trim();
  const range = (): Range => texts.find((t) => t.text.trim() !== "")?.range ?? expected.startTagRange;
  // Written without text: any received text will do, in strict elements too.
  if (want === "") return;
  const capture = captureNameIn(want);
  if (capture !== undefined && got !== "") {
    tally.captures.push([capture, got]);
    return;
  }
  if (got === "") {
    tally.add(() => ({ kind: "text-missing", path, detail: `expected text ${quote(want)}, received no text`, range: range(), expectedValue: want }));
  } else if (got !== want) {
    tally.add(() => ({ kind: "text-different", path, detail: `expected text ${quote(want)}, received ${quote(got)}`, range: range(), expectedValue: want, receivedValue: got }));
  }
}

function describeExpectedValue(attribute: XmlAttributeNode): string {
  const matcher = attribute.matcher;
  if (matcher.kind === "any") return "any value";
  if (matcher.kind === "capture") return `a value to capture as ${matcher.name}`;
  return quote(attribute.value);
}
