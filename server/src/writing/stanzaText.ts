/**
 * Stanzas as text, the same way for the received side (ltx Element) and the
 * expected side (XmlElementNode with variables filled in), so the Test
 * Explorer can diff the two line by line.
 *
 * Pretty form (like Prosody's recorder, `stanza:indent(2, "\t")`): one start tag
 * with all its attributes per line, children one level deeper, short text
 * inline (`<name>Prosody</name>`). Single-quoted attributes (or `quote`). A namespace
 * declaration is printed only where the namespace differs from the one in
 * scope, so a top-level `jabber:client` stanza carries none (paste-able into a
 * spec block). Whitespace-only text is dropped and text is trimmed on both sides,
 * as the matcher compares it; newlines inside text and values become `&#10;`.
 * `scansion:*` directives are left out; attribute order is kept as written/received.
 */
import type { Element } from "ltx";
import { CLIENT_NAMESPACE, XML_NAMESPACE, type XmlElementNode } from "../language/syntaxTree";
import { viewOfExpected, viewOfReceived, type ElementView } from "../stanzaModel/stanzaView";

export interface StanzaTextOptions {
  /** One level of indentation in the pretty form; a tab by default. */
  readonly indent?: string;
  /** Text up to this length stays on the start tag's line; 80 by default. */
  readonly inlineTextLimit?: number;
  /** Default namespace of the stream (not declared on top-level stanzas); jabber:client by default. */
  readonly streamNamespace?: string;
  /** Quote around attribute values in the pretty form; a single quote by default. */
  readonly quote?: AttributeQuote;
}

export type AttributeQuote = "'" | '"';

/** A received stanza or an expected/sent element from a spec block. */
export type Stanza = Element | XmlElementNode;

function isSyntaxElement(stanza: Stanza): stanza is XmlElementNode {
  return (stanza as XmlElementNode).type === "element";
}

/** The namespace-resolved view of either kind of stanza. */
export function viewOfStanza(stanza: Stanza, streamNamespace = CLIENT_NAMESPACE): ElementView {
  return isSyntaxElement(stanza) ? viewOfExpected(stanza) : viewOfReceived(stanza, undefined, streamNamespace);
}

/** Multi-line, tab-indented form for reports and diffs. */
export function prettyStanza(stanza: Stanza, options: StanzaTextOptions = {}): string {
  const streamNamespace = options.streamNamespace ?? CLIENT_NAMESPACE;
  return prettyView(viewOfStanza(stanza, streamNamespace), options);
}

/** One-line form for transcripts. */
export function compactStanza(stanza: Stanza, options: StanzaTextOptions = {}): string {
  const streamNamespace = options.streamNamespace ?? CLIENT_NAMESPACE;
  return compactView(viewOfStanza(stanza, streamNamespace), streamNamespace);
}

export function prettyView(view: ElementView, options: StanzaTextOptions = {}): string {
  const indent = options.indent ?? "\t";
  const limit = options.inlineTextLimit ?? 80;
  const quoteMark = options.quote ?? "'";
  const lines: string[] = [];
  const write = (element: ElementView, depth: number, scope: Scope): void => {
    const pad = indent.repeat(depth);
    const { tag, inner } = startTag(element, scope, quoteMark);
    const texts = textPieces(element);
    if (element.elements.length === 0 && texts.length === 0) {
      lines.push(`${pad}${tag}/>`);
    } else if (element.elements.length === 0 && texts.length === 1 && texts[0]!.length <= limit) {
      lines.push(`${pad}${tag}>${texts[0]}</${element.name}>`);
    } else {
      lines.push(`${pad}${tag}>`);
      for (const child of element.children) {
        if (typeof child !== "string") write(child, depth + 1, inner);
        else if (child.trim() !== "") lines.push(`${pad}${indent}${escapeText(child.trim())}`);
      }
      lines.push(`${pad}</${element.name}>`);
    }
  };
  write(view, 0, rootScope(options.streamNamespace ?? CLIENT_NAMESPACE));
  return lines.join("\n");
}

export function compactView(view: ElementView, streamNamespace = CLIENT_NAMESPACE): string {
  const write = (element: ElementView, scope: Scope): string => {
    const { tag, inner } = startTag(element, scope);
    let body = "";
    for (const child of element.children) {
      if (typeof child !== "string") body += write(child, inner);
      else if (child.trim() !== "") body += escapeText(child.trim());
    }
    return body === "" ? `${tag}/>` : `${tag}>${body}</${element.name}>`;
  };
  return write(view, rootScope(streamNamespace));
}

/**
 * `<name attr='value'>` of an element whose parent is in `parentNamespace`,
 * cut to `maxLength` characters; for one-line messages about an element.
 */
export function startTagText(view: ElementView, parentNamespace: string, maxLength = 100): string {
  const text = `${startTag(view, rootScope(parentNamespace)).tag}>`;
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 2)}…>`;
}

/** Prefix ("" = default namespace) → namespace URI, as declared so far in the output. */
type Scope = ReadonlyMap<string, string>;

function rootScope(defaultNamespace: string): Scope {
  return new Map([["", defaultNamespace], ["xml", XML_NAMESPACE]]);
}

/** The start tag without its closing `>` or `/>`, and the scope its children see. */
function startTag(element: ElementView, scope: Scope, quoteMark: AttributeQuote = "'"): { tag: string; inner: Scope } {
  let inner = scope;
  let declarations = "";
  const declare = (prefix: string, namespace: string): void => {
    if (inner.get(prefix) === namespace) return;
    // A prefix that resolved to nothing cannot be declared (xmlns:p='' is not XML 1.0).
    if (prefix !== "" && namespace === "") return;
    inner = new Map(inner).set(prefix, namespace);
    declarations += prefix === "" ? ` xmlns=${quote(namespace, quoteMark)}` : ` xmlns:${prefix}=${quote(namespace, quoteMark)}`;
  };
  declare(element.prefix ?? "", element.namespace);
  let attributes = "";
  for (const attribute of element.attributes) {
    if (attribute.prefix !== undefined) declare(attribute.prefix, attribute.namespace);
    attributes += ` ${attribute.name}=${quote(attribute.value, quoteMark)}`;
  }
  return { tag: `<${element.name}${declarations}${attributes}`, inner };
}

function textPieces(element: ElementView): string[] {
  const pieces: string[] = [];
  for (const child of element.children) {
    if (typeof child === "string" && child.trim() !== "") pieces.push(escapeText(child.trim()));
  }
  return pieces;
}

const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&apos;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;",
};
const TEXT_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;" };

/** Only the quote mark in use is escaped inside a value. */
function quote(value: string, quoteMark: AttributeQuote): string {
  const special = quoteMark === "'" ? /[&<>'\n\r\t]/g : /[&<>"\n\r\t]/g;
  return `${quoteMark}${value.replace(special, (c) => ATTRIBUTE_ESCAPES[c]!)}${quoteMark}`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>\n\r]/g, (c) => TEXT_ESCAPES[c]!);
}
