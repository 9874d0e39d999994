/**
 * Quick fixes for a receive that did not match (issue #5): edits to the spec,
 * pure functions of its tree.
 *
 * - `acceptReceivedEdit` replaces the expected stanza with the one the server
 *   sent, written the way the block is written (its indentation unit, its
 *   quote mark), with variables and matchers put back:
 *   1. an attribute whose expected counterpart was `{scansion:any}` or a
 *      capture keeps that matcher, and an element keeps its `scansion:strict`;
 *   2. a value equal to a client's full JID becomes `${X's full JID}`, one equal
 *      to its bare JID `${X's JID}` (full JIDs first, clients in the map's order);
 *   3. values the server makes up anew each run become `{scansion:any}`:
 *      `id` on a top-level stanza unless the spec sends a stanza with that id
 *      (an answer echoes the request's id), and VARYING_ATTRIBUTES.
 *   Expected and received elements are paired by path: the n-th child with a
 *   given name and namespace answers the n-th such expected child.
 * - `printStanzaWithVariables` writes a stanza with rules 2 and 3 (3 optional)
 *   and no expected counterpart: the spec recorder's received and sent stanzas.
 * - `markAttributeAny` turns an expected attribute value into `{scansion:any}`.
 * - `setStrictFalse` makes an expected element non-strict.
 */
import { parse, type Element } from "ltx";
import type { TextEdit } from "vscode-languageserver";
import type { ClientJids } from "../language/jid";
import { isSpace } from "../language/whitespace";
import { childElements, containsRange, findByLine } from "../language/locate";
import {
  SCANSION_NAMESPACE,
  type Range, type ReceiveAction, type SpecDocument, type StanzaBlock, type XmlAttributeNode, type XmlElementNode,
} from "../language/syntaxTree";
import { prettyView, type AttributeQuote } from "./stanzaText";
import { leadingWhitespace, textStyleOf, type TextStyle } from "./specStyle";
import { viewOfReceived, type AttributeView, type ElementView, type NodeView } from "../stanzaModel/stanzaView";

export interface VaryingAttribute {
  readonly namespace: string;
  readonly element: string;
  readonly attribute: string;
}

/** Attributes whose values the server generates anew each time (timestamps, archive and occupant ids, roster versions). */
export const VARYING_ATTRIBUTES: readonly VaryingAttribute[] = [
  { namespace: "urn:xmpp:delay", element: "delay", attribute: "stamp" },
  { namespace: "jabber:x:delay", element: "x", attribute: "stamp" },
  { namespace: "urn:xmpp:occupant-id:0", element: "occupant-id", attribute: "id" },
  { namespace: "urn:xmpp:sid:0", element: "stanza-id", attribute: "id" },
  { namespace: "urn:xmpp:mam:2", element: "result", attribute: "id" },
  { namespace: "jabber:iq:roster", element: "query", attribute: "ver" },
];

const ANY = "{scansion:any}";

/**
 * The edit replacing the `elementIndex`-th expected element of a receive with
 * the received stanza; undefined when the action has no well-formed block with
 * that element, or the received XML cannot be read.
 */
export function acceptReceivedEdit(
  doc: SpecDocument,
  action: ReceiveAction,
  received: Element | string,
  clientJids: ReadonlyMap<string, ClientJids>,
  elementIndex = 0,
): TextEdit | undefined {
  const block = action.block;
  const expected = block && !block.malformed ? block.elements[elementIndex] : undefined;
  const stanza = typeof received === "string" ? parseStanza(received) : received;
  if (!block || !expected || !stanza) return undefined;

  const rewriting: Rewriting = { clientJids: [...clientJids], sentIds: idsSentBy(doc), generatedValuesAsAny: true, raw: [] };
  const printed = printRewritten(stanza, expected, rewriting, textStyleOf(doc, block));
  const startLine = doc.lines[expected.range.start.line] ?? "";
  const endLine = doc.lines[expected.range.end.line] ?? "";
  const base = leadingWhitespace(startLine);
  const alone = startLine.slice(0, expected.range.start.character).trim() === "" && endLine.slice(expected.range.end.character).trim() === "";
  const lines = printed.split("\n").map((line, index) => (alone || index > 0 ? base + line : line));
  const range: Range = alone
    ? { start: { line: expected.range.start.line, character: 0 }, end: { line: expected.range.end.line, character: endLine.length } }
    : expected.range;
  return { range, newText: lines.join("\n") };
}

export interface StanzaPrintOptions {
  /** Ids the spec sends: a received `id` equal to one of them is an answer's and is kept. */
  readonly sentIds: ReadonlySet<string>;
  /** Rule 3: values the server makes up anew become `{scansion:any}` (received stanzas only: a sent one would carry it literally). */
  readonly generatedValuesAsAny: boolean;
  /** One level of indentation. */
  readonly indent: string;
  readonly quote: AttributeQuote;
}

/** A stanza pretty-printed for a spec block (no base indentation), client JIDs written as variables. */
export function printStanzaWithVariables(stanza: Element, clientJids: ReadonlyMap<string, ClientJids>, options: StanzaPrintOptions): string {
  const rewriting: Rewriting = { clientJids: [...clientJids], sentIds: options.sentIds, generatedValuesAsAny: options.generatedValuesAsAny, raw: [] };
  return printRewritten(stanza, undefined, rewriting, { indent: options.indent, quote: options.quote });
}

function printRewritten(stanza: Element, expected: XmlElementNode | undefined, rewriting: Rewriting, style: TextStyle): string {
  const view = rewrite(viewOfReceived(stanza), expected, true, rewriting);
  return prettyView(view, style)
    .replace(/\uE000(\d+)\uE001/g, (_, index: string) => rewriting.raw[Number(index)]!);
}

/** The edit turning the expected attribute at `range` (a receive's) into `{scansion:any}`. */
export function markAttributeAny(doc: SpecDocument, range: Range): TextEdit | undefined {
  const block = receiveBlockAt(doc, range);
  const attribute = block && findAttribute(block.elements, range);
  if (!attribute || attribute.matcher.kind === "any") return undefined;
  return { range: attribute.valueRange, newText: ANY };
}

/** The edit making the innermost expected element around `range` (a receive's) non-strict. */
export function setStrictFalse(doc: SpecDocument, range: Range): TextEdit | undefined {
  const block = receiveBlockAt(doc, range);
  const element = block && innermostElement(block.elements, range);
  if (!block || !element) return undefined;
  const existing = element.directives.find((directive) => directive.namespace === SCANSION_NAMESPACE && directive.localName === "strict");
  if (existing) return existing.value === "false" ? undefined : { range: existing.valueRange, newText: "false" };
  const end = element.startTagRange.end;
  const line = doc.lines[end.line] ?? "";
  let at = end.character - 1; // the start tag's `>`
  if (line[at - 1] === "/") at -= 1;
  const quote = textStyleOf(doc, block).quote;
  const directive = `scansion:strict=${quote}false${quote}`;
  const before = line[at - 1];
  return { range: { start: { line: end.line, character: at }, end: { line: end.line, character: at } }, newText: isSpace(before) ? `${directive} ` : ` ${directive}` };
}

interface Rewriting {
  readonly clientJids: ReadonlyArray<readonly [string, ClientJids]>;
  readonly sentIds: ReadonlySet<string>;
  readonly generatedValuesAsAny: boolean;
  /** Values written as is (variables, matchers), kept out of the printer's escaping behind placeholders. */
  readonly raw: string[];
}

function rewrite(view: ElementView, expected: XmlElementNode | undefined, topLevel: boolean, rewriting: Rewriting): ElementView {
  const keepRaw = (text: string): string => `\uE000${rewriting.raw.push(text) - 1}\uE001`;
  const attributes: AttributeView[] = view.attributes.map((attribute) => {
    const value = rewrittenValue(attribute, view, expected, topLevel, rewriting);
    return value === undefined ? attribute : { ...attribute, value: keepRaw(value) };
  });
  const strict = expected?.directives.find((directive) => directive.namespace === SCANSION_NAMESPACE && directive.localName === "strict");
  if (strict) attributes.push({ name: "scansion:strict", localName: "strict", prefix: undefined, namespace: "", value: keepRaw(strict.value) });

  const expectedChildren = expected ? childElements(expected) : [];
  const seen = new Map<string, number>();
  const children: NodeView[] = view.children.map((child) => {
    if (typeof child === "string") return child;
    const key = `${child.namespace} ${child.localName}`;
    const nth = seen.get(key) ?? 0;
    seen.set(key, nth + 1);
    const counterpart = expectedChildren.filter((candidate) => candidate.namespace === child.namespace && candidate.localName === child.localName)[nth];
    return rewrite(child, counterpart, false, rewriting);
  });
  const elements = children.filter((child): child is ElementView => typeof child !== "string");
  const text = children.filter((child): child is string => typeof child === "string").join("");
  return { ...view, attributes, children, elements, text };
}

/** What to write instead of a received value; undefined = the value itself. */
function rewrittenValue(attribute: AttributeView, element: ElementView, expected: XmlElementNode | undefined, topLevel: boolean, rewriting: Rewriting): string | undefined {
  const matcher = expected?.attributes.find((candidate) => candidate.localName === attribute.localName && candidate.namespace === attribute.namespace)?.matcher;
  if (matcher?.kind === "any") return ANY;
  if (matcher?.kind === "capture") return `{scansion:capture:${matcher.name}}`;
  const full = rewriting.clientJids.find(([, jids]) => jids.full === attribute.value);
  if (full) return `\${${full[0]}'s full JID}`;
  const bare = rewriting.clientJids.find(([, jids]) => jids.bare === attribute.value);
  if (bare) return `\${${bare[0]}'s JID}`;
  if (attribute.namespace !== "" || !rewriting.generatedValuesAsAny) return undefined;
  if (topLevel && attribute.localName === "id" && !rewriting.sentIds.has(attribute.value)) return ANY;
  const varying = VARYING_ATTRIBUTES.some((known) => known.namespace === element.namespace && known.element === element.localName && known.attribute === attribute.localName);
  return varying ? ANY : undefined;
}

/** The ids of the stanzas the spec itself sends (answers echo them). */
export function idsSentBy(doc: SpecDocument): Set<string> {
  const ids = new Set<string>();
  for (const action of doc.actions) {
    if (action.kind !== "sends" || !action.block) continue;
    for (const element of action.block.elements) {
      const id = element.attributes.find((attribute) => attribute.localName === "id" && attribute.namespace === "");
      if (id) ids.add(id.value);
    }
  }
  return ids;
}

function parseStanza(xml: string): Element | undefined {
  try {
    return parse(xml);
  } catch {
    return undefined;
  }
}

function receiveBlockAt(doc: SpecDocument, range: Range): StanzaBlock | undefined {
  const action = findByLine(doc.actions, range.start.line, (candidate) => candidate.range);
  return action?.kind === "receives" && action.block && !action.block.malformed ? action.block : undefined;
}

function findAttribute(elements: readonly XmlElementNode[], range: Range): XmlAttributeNode | undefined {
  for (const element of elements) {
    if (!containsRange(element.range, range)) continue;
    const own = element.attributes.find((attribute) => containsRange(attribute.range, range));
    if (own) return own;
    return findAttribute(childElements(element), range);
  }
  return undefined;
}

function innermostElement(elements: readonly XmlElementNode[], range: Range): XmlElementNode | undefined {
  const outer = elements.find((element) => containsRange(element.range, range));
  if (!outer) return undefined;
  return innermostElement(childElements(outer), range) ?? outer;
}
