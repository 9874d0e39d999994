/**
 * From a stanza block's tree to what the runner compares or sends:
 * - `substituteVariables` fills `${Name's JID}` / `${Name's full JID}` and
 *   captured `${NAME}`s into attribute values and text, keeping every range so
 *   a difference found by the matcher still points at the source;
 * - `toLtxElement` builds the wire element for `sends`.
 */
import { Element } from "ltx";
import { comparePositions } from "../language/locate";
import { SCANSION_NAMESPACE, type Range, type XmlAttributeNode, type XmlElementNode, type XmlNode, type XmlTextNode } from "../language/syntaxTree";
import { substituteVariables as substituteInText, type CaptureResolver, type VariableOccurrence, type VariableResolver } from "../language/variables";
import { copyWith } from "../language/treeNodes";

export type UnresolvedVariableReason = "unresolvable" | "not-captured" | "unknown-kind" | "malformed";

/** A `${...}` in a block that has no value (yet): e.g. a full JID before the client connected. */
export class UnresolvedVariableError extends Error {
  constructor(
    /** The reference as written, e.g. "${Juliet's full JID}". */
    readonly variable: string,
    /** The client name inside the braces. */
    readonly client: string,
    /** The kind as written ("JID", "full JID", or something unknown). */
    readonly kind: string,
    readonly reason: UnresolvedVariableReason,
    /** The attribute or text node holding the reference. */
    readonly range: Range,
  ) {
    super(unresolvedMessage(variable, client, reason));
    this.name = "UnresolvedVariableError";
  }
}

function unresolvedMessage(variable: string, client: string, reason: UnresolvedVariableReason): string {
  switch (reason) {
    case "unresolvable": return `${variable} has no value: '${client}' is not a defined client, or has not connected yet.`;
    case "not-captured": return `${variable} has no value: no earlier step captured "${client}" ({scansion:capture:${client}} in a receives).`;
    case "unknown-kind": return `${variable} is not a known variable: use \${${client}'s JID} or \${${client}'s full JID}.`;
    case "malformed": return `${variable} is not a variable: write \${Name's JID} or \${Name's full JID}.`;
  }
}

/**
 * A copy of `element` with every `${...}` in attribute values and text replaced.
 * Subtrees without references are shared, not copied.
 * @throws UnresolvedVariableError for the first reference (in document order) without a value.
 */
export function substituteVariables(element: XmlElementNode, resolve: VariableResolver, captured?: CaptureResolver): XmlElementNode {
  let changed = false;
  const attributes = element.attributes.map((attribute): XmlAttributeNode => {
    const value = substitute(attribute.value, resolve, captured, attribute.range);
    if (value === attribute.value) return attribute;
    changed = true;
    return copyWith(attribute, { value });
  });
  const children = element.children.map((child): XmlNode => {
    const next = child.type === "element"
      ? substituteVariables(child, resolve, captured)
      : withText(child, substitute(child.text, resolve, captured, child.range));
    if (next !== child) changed = true;
    return next;
  });
  return changed ? copyWith(element, { attributes, children }) : element;
}

function withText(node: XmlTextNode, text: string): XmlTextNode {
  return text === node.text ? node : copyWith(node, { text });
}

function substitute(text: string, resolve: VariableResolver, captured: CaptureResolver | undefined, range: Range): string {
  if (!text.includes("${")) return text;
  const result = substituteInText(text, resolve, captured);
  const first = result.unresolved[0];
  if (first !== undefined) throw unresolvedError(text, first, range);
  return result.text;
}

function unresolvedError(text: string, found: VariableOccurrence, range: Range): UnresolvedVariableError {
  const reason: UnresolvedVariableReason = !found.wellFormed ? "malformed" : found.capture ? "not-captured" : found.knownKind === undefined ? "unknown-kind" : "unresolvable";
  return new UnresolvedVariableError(text.slice(found.start, found.end), found.client, found.kind, reason, range);
}

/**
 * The element to put on the wire. `scansion:*` directives (and a declaration of
 * the scansion prefix) are dropped; namespace declarations are kept where and
 * in the order they were written, so the stanza is namespace-correct on its
 * own; attribute values, including `{scansion:any}`, and text (whitespace too)
 * are sent as they are.
 */
export function toLtxElement(element: XmlElementNode): Element {
  const attrs: Record<string, string> = {};
  const written = [
    ...element.namespaceDeclarations.filter((declaration) => declaration.value !== SCANSION_NAMESPACE),
    ...element.attributes.filter((attribute) => attribute.namespace !== SCANSION_NAMESPACE),
  ].sort((a, b) => comparePositions(a.range.start, b.range.start));
  for (const attribute of written) attrs[attribute.name] = attribute.value;
  const wire = new Element(element.name, attrs);
  for (const child of element.children) {
    wire.cnode(child.type === "element" ? toLtxElement(child) : child.text);
  }
  return wire;
}
