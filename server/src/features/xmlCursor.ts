/**
 * Where the cursor stands in the XML of a stanza block that is being typed
 * (and so is usually not well-formed yet): in an element name, a closing tag,
 * an attribute name or value, or text, and which elements are open around it.
 * Works on the block's text up to the cursor, not on the parsed tree.
 */
import { CLIENT_NAMESPACE } from "../language/syntaxTree";

export interface OpenElement {
  readonly name: string;
  /** The element's default namespace (its `xmlns`, else its parent's). */
  readonly namespace: string;
}

export type XmlCursor =
  /** After `<`; `start` is where the (partial) name begins. */
  | { readonly kind: "elementName"; readonly start: number; readonly open: readonly OpenElement[] }
  /** After `</`; `start` is the offset of `<`. */
  | { readonly kind: "closingTag"; readonly start: number; readonly open: readonly OpenElement[] }
  | {
      readonly kind: "attributeName";
      readonly start: number;
      readonly element: string;
      /** The element's namespace: its own `xmlns`, else its parent's. */
      readonly namespace: string;
      readonly present: ReadonlySet<string>;
      readonly open: readonly OpenElement[];
    }
  | {
      readonly kind: "attributeValue";
      /** Offset just after the opening quote. */
      readonly start: number;
      readonly quote: "'" | '"';
      readonly attribute: string;
      readonly element: string;
      /** The element's namespace: its own `xmlns`, else its parent's. */
      readonly namespace: string;
      readonly open: readonly OpenElement[];
    }
  | { readonly kind: "text"; readonly open: readonly OpenElement[] };

const TAG = /<(\/?)([^\s/>]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
const ATTRIBUTE = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Context of the end of `text` (the cursor), `text` being a block from its start to the cursor. */
export function xmlCursorAt(text: string): XmlCursor {
  const tagStart = unfinishedTagStart(text);
  const open = openElements(tagStart === undefined ? text : text.slice(0, tagStart));
  if (tagStart === undefined) return { kind: "text", open };
  const tag = text.slice(tagStart);
  if (/^<\/[^\s>]*$/.test(tag)) return { kind: "closingTag", start: tagStart, open };
  const nameMatch = /^<([^\s/>]*)/.exec(tag)!;
  if (nameMatch[0].length === tag.length) return { kind: "elementName", start: tagStart + 1, open };
  const element = nameMatch[1]!;
  const tagAttributes = attributesOf(tag);
  const namespace = tagAttributes.get("xmlns") ?? open[open.length - 1]?.namespace ?? CLIENT_NAMESPACE;
  const quoteStart = openQuoteIndex(tag);
  if (quoteStart !== undefined) {
    const attribute = /([^\s=/>]+)\s*=\s*$/.exec(tag.slice(0, quoteStart));
    return {
      kind: "attributeValue",
      start: tagStart + quoteStart + 1,
      quote: tag[quoteStart] as "'" | '"',
      attribute: attribute ? attribute[1]! : "",
      element,
      namespace,
      open,
    };
  }
  const partial = /\s([^\s=/>"']*)$/.exec(tag);
  if (partial) {
    return {
      kind: "attributeName",
      start: text.length - partial[1]!.length,
      element,
      namespace,
      present: new Set(tagAttributes.keys()),
      open,
    };
  }
  return { kind: "text", open };
}

/** Offset of a `<` whose tag is not closed before the end of the text. */
function unfinishedTagStart(text: string): number | undefined {
  const start = text.lastIndexOf("<");
  if (start < 0) return undefined;
  let quote: string | undefined;
  for (let index = start + 1; index < text.length; index++) {
    const char = text[index];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ">") {
      return undefined;
    }
  }
  return start;
}

/** Index of a quote in the tag that opens a value not closed yet. */
function openQuoteIndex(tag: string): number | undefined {
  let quoteAt: number | undefined;
  for (let index = 0; index < tag.length; index++) {
    const char = tag[index];
    if (quoteAt !== undefined) {
      if (char === tag[quoteAt]) quoteAt = undefined;
    } else if (char === '"' || char === "'") {
      quoteAt = index;
    }
  }
  return quoteAt;
}

function attributesOf(tagText: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of tagText.matchAll(ATTRIBUTE)) attributes.set(match[1]!, match[2] ?? match[3] ?? "");
  return attributes;
}

/** The elements opened and not yet closed in `text`, outermost first. */
export function openElements(text: string): OpenElement[] {
  const stack: OpenElement[] = [];
  for (const match of text.matchAll(TAG)) {
    const [, closing, name, attributeText, selfClosing] = match;
    if (closing) {
      const index = stack.map((element) => element.name).lastIndexOf(name!);
      if (index >= 0) stack.length = index;
      continue;
    }
    if (selfClosing) continue;
    const parentNamespace = stack.length > 0 ? stack[stack.length - 1]!.namespace : CLIENT_NAMESPACE;
    stack.push({ name: name!, namespace: attributesOf(attributeText!).get("xmlns") ?? parentNamespace });
  }
  return stack;
}
