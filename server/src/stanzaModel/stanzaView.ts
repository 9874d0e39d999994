/**
 * One namespace-resolved shape for both sides of a comparison: a received
 * ltx Element and an expected XmlElementNode become an `ElementView`, so the
 * matcher reads received stanzas and the printer prints both sides the same way.
 *
 * Namespace declarations (`xmlns`, `xmlns:*`) are resolved into `namespace`
 * and dropped from `attributes`; `scansion:*` directives are dropped too.
 */
import type { Element } from "ltx";
import { CLIENT_NAMESPACE, SCANSION_NAMESPACE, XML_NAMESPACE, type XmlElementNode } from "../language/syntaxTree";

export interface AttributeView {
  /** Qualified name as written, e.g. "type" or "xml:lang". */
  readonly name: string;
  readonly localName: string;
  readonly prefix: string | undefined;
  /** "" for unprefixed attributes. */
  readonly namespace: string;
  readonly value: string;
}

export type NodeView = ElementView | string;

export interface ElementView {
  /** Qualified name as written. */
  readonly name: string;
  readonly localName: string;
  readonly prefix: string | undefined;
  /** Resolved namespace URI ("" when in no namespace or the prefix is undeclared). */
  readonly namespace: string;
  readonly attributes: readonly AttributeView[];
  /** Element and text children in document order (text as is, entities decoded). */
  readonly children: readonly NodeView[];
  /** The element children only. */
  readonly elements: readonly ElementView[];
  /** All direct text children joined. */
  readonly text: string;
}

function splitName(name: string): { prefix: string | undefined; localName: string } {
  const colon = name.indexOf(":");
  return colon < 0 ? { prefix: undefined, localName: name } : { prefix: name.slice(0, colon), localName: name.slice(colon + 1) };
}

function isNamespaceDeclaration(name: string): boolean {
  return name === "xmlns" || name.startsWith("xmlns:");
}

/** Namespace of a prefix as seen from an ltx element (its own declarations, then its ancestors'). */
function resolvePrefix(element: Element, prefix: string): string {
  if (prefix === "xml") return XML_NAMESPACE;
  return element.findNS(prefix) ?? "";
}

/**
 * View of a received element. `inheritedNamespace` is the default namespace
 * in scope; for a top-level stanza it is found through ltx's parent chain (the
 * stream element) and falls back to `streamNamespace`.
 */
export function viewOfReceived(element: Element, inheritedNamespace?: string, streamNamespace = CLIENT_NAMESPACE): ElementView {
  const defaultNamespace = inheritedNamespace ?? element.parent?.findNS() ?? streamNamespace;
  return viewOfReceivedIn(element, defaultNamespace);
}

function viewOfReceivedIn(element: Element, parentDefault: string): ElementView {
  const own = element.attrs["xmlns"];
  const defaultNamespace = typeof own === "string" ? own : parentDefault;
  const { prefix, localName } = splitName(element.name);
  const namespace = prefix === undefined ? defaultNamespace : resolvePrefix(element, prefix);

  const attributes: AttributeView[] = [];
  for (const [name, raw] of Object.entries(element.attrs)) {
    if (raw === undefined || raw === null || isNamespaceDeclaration(name)) continue;
    const split = splitName(name);
    const attributeNamespace = split.prefix === undefined ? "" : resolvePrefix(element, split.prefix);
    if (attributeNamespace === SCANSION_NAMESPACE) continue;
    attributes.push({ name, localName: split.localName, prefix: split.prefix, namespace: attributeNamespace, value: String(raw) });
  }

  const children: NodeView[] = [];
  for (const child of element.children) {
    if (typeof child === "string") children.push(child);
    else if (typeof child === "number") children.push(String(child));
    else children.push(viewOfReceivedIn(child, defaultNamespace));
  }
  return finish({ name: element.name, localName, prefix, namespace, attributes }, children);
}

/** View of an expected (or to-be-sent) element; directives and declarations are already apart in the tree. */
export function viewOfExpected(element: XmlElementNode): ElementView {
  const { prefix } = splitName(element.name);
  const attributes: AttributeView[] = element.attributes
    .filter((attribute) => attribute.namespace !== SCANSION_NAMESPACE)
    .map((attribute) => ({
      name: attribute.name,
      localName: attribute.localName,
      prefix: attribute.prefix,
      namespace: attribute.namespace,
      value: attribute.value,
    }));
  const children: NodeView[] = element.children.map((child) => (child.type === "text" ? child.text : viewOfExpected(child)));
  return finish({ name: element.name, localName: element.localName, prefix, namespace: element.namespace, attributes }, children);
}

function finish(
  head: Pick<ElementView, "name" | "localName" | "prefix" | "namespace" | "attributes">,
  children: NodeView[],
): ElementView {
  const elements: ElementView[] = [];
  let text = "";
  for (const child of children) {
    if (typeof child === "string") text += child;
    else elements.push(child);
  }
  return { ...head, children, elements, text };
}

/**
 * Short form of a namespace for paths and messages:
 * - URLs (`scheme://…`): the last path segment, e.g. `muc#user`, `pubsub#owner`, `streams`;
 * - `urn:ietf:params:xml:ns:NAME`: NAME, e.g. `xmpp-stanzas`;
 * - anything else (`urn:xmpp:mam:2`, `jabber:x:data`, `vcard-temp:x:update`): unchanged.
 */
export function shortNamespace(namespace: string): string {
  if (namespace === "") return '""';
  const ietf = "urn:ietf:params:xml:ns:";
  if (namespace.startsWith(ietf) && namespace.length > ietf.length) return namespace.slice(ietf.length);
  if (namespace.includes("://")) {
    const trimmed = namespace.replace(/\/+$/, "");
    const slash = trimmed.lastIndexOf("/");
    const last = trimmed.slice(slash + 1);
    if (slash > trimmed.indexOf("://") + 2 && last !== "") return last;
  }
  return namespace;
}
