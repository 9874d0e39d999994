/**
 * The stanza blocks, their XML nodes and the one-line text spans of the tree,
 * as classes that keep offsets and make their ranges (and a block its line
 * spans) when read.
 *
 * They implement the plain interfaces of syntaxTree.ts, which is all readers
 * use; the difference shows only to code that copies a node: its ranges are
 * getters on the prototype, so a spread (`{ ...node }`) or a structured clone
 * would drop them. Copy with `copyWith`; `JSON.stringify` gives the ranges
 * (`toJSON`).
 */
import type { BlockOrigin } from "./blockOrigin";
import type { AttributeValueMatcher, Range, StanzaBlock, TextSpan, VariableReference, XmlAttributeNode, XmlElementNode, XmlNode, XmlTextNode } from "./syntaxTree";

/** Fields whose values are computed (getters): `copyWith` cannot set them. */
type ComputedField = "range" | "nameRange" | "valueRange" | "startTagRange" | "lines";

/**
 * A copy of a tree node with some of its fields changed, ranges included
 * (for plain objects too). The changed fields must be data fields.
 */
export function copyWith<T extends object>(node: T, changes: Partial<Omit<T, ComputedField>>): T {
  return Object.assign(Object.create(Object.getPrototypeOf(node) as object | null) as T, node, changes);
}

export class XmlAttribute implements XmlAttributeNode {
  constructor(
    readonly name: string,
    readonly localName: string,
    readonly prefix: string | undefined,
    readonly namespace: string,
    readonly value: string,
    readonly quote: "'" | '"',
    readonly matcher: AttributeValueMatcher,
    private readonly origin: BlockOrigin,
    private readonly nameStart: number,
    private readonly nameEnd: number,
    /** The opening quote is at `valueStart - 1`, the closing one at `valueEnd`. */
    private readonly valueStart: number,
    private readonly valueEnd: number,
  ) {}

  get range(): Range {
    return this.origin.range(this.nameStart, this.valueEnd + 1);
  }

  get nameRange(): Range {
    return this.origin.range(this.nameStart, this.nameEnd);
  }

  get valueRange(): Range {
    return this.origin.range(this.valueStart, this.valueEnd);
  }

  movedTo(origin: BlockOrigin): XmlAttribute {
    return new XmlAttribute(this.name, this.localName, this.prefix, this.namespace, this.value, this.quote, this.matcher,
      origin, this.nameStart, this.nameEnd, this.valueStart, this.valueEnd);
  }

  toJSON(): object {
    const { name, localName, prefix, namespace, value, quote, matcher, range, nameRange, valueRange } = this;
    return { name, localName, prefix, namespace, value, quote, matcher, range, nameRange, valueRange };
  }
}

export class XmlText implements XmlTextNode {
  readonly type = "text";

  constructor(readonly text: string, private readonly origin: BlockOrigin, private readonly start: number, private readonly end: number) {}

  get range(): Range {
    return this.origin.range(this.start, this.end);
  }

  movedTo(origin: BlockOrigin): XmlText {
    return new XmlText(this.text, origin, this.start, this.end);
  }

  toJSON(): object {
    return { type: this.type, text: this.text, range: this.range };
  }
}

export class XmlElement implements XmlElementNode {
  readonly type = "element";

  constructor(
    readonly name: string,
    readonly localName: string,
    readonly namespace: string,
    readonly attributes: readonly XmlAttributeNode[],
    readonly namespaceDeclarations: readonly XmlAttributeNode[],
    readonly directives: readonly XmlAttributeNode[],
    readonly strict: boolean | undefined,
    readonly children: readonly XmlNode[],
    private readonly origin: BlockOrigin,
    /** The `<` of the start tag. */
    private readonly start: number,
    /** Just after the `>` of the end tag (or of `/>`). */
    private readonly end: number,
    /** Just after the `>` of the start tag. */
    private readonly startTagEnd: number,
  ) {}

  get range(): Range {
    return this.origin.range(this.start, this.end);
  }

  get nameRange(): Range {
    return this.origin.range(this.start + 1, this.start + 1 + this.name.length);
  }

  get startTagRange(): Range {
    return this.origin.range(this.start, this.startTagEnd);
  }

  /** This element and everything in it, standing at `origin` (a block moved to other lines). */
  movedTo(origin: BlockOrigin): XmlElement {
    return new XmlElement(this.name, this.localName, this.namespace,
      movedList(this.attributes, origin), movedList(this.namespaceDeclarations, origin), movedList(this.directives, origin),
      this.strict, movedList(this.children, origin), origin, this.start, this.end, this.startTagEnd);
  }

  toJSON(): object {
    const { type, name, localName, namespace, attributes, namespaceDeclarations, directives, strict, children, range, nameRange, startTagRange } = this;
    return { type, name, localName, namespace, attributes, namespaceDeclarations, directives, strict, children, range, nameRange, startTagRange };
  }
}

/** Nodes built by this module can move; a node made elsewhere (a plain object) has no origin and stays as it is. */
function movedList<T extends XmlAttributeNode | XmlNode>(list: readonly T[], origin: BlockOrigin): readonly T[] {
  if (list.length === 0) return list;
  return list.map((node) => (node instanceof XmlElement || node instanceof XmlText || node instanceof XmlAttribute ? node.movedTo(origin) : node) as T);
}

/** A span within one line (`end` defaults to `character + text.length`). */
export class LineSpan implements TextSpan {
  private readonly end: number;

  constructor(readonly text: string, private readonly line: number, private readonly character: number, end = character + text.length) {
    this.end = end;
  }

  get range(): Range {
    return { start: { line: this.line, character: this.character }, end: { line: this.line, character: this.end } };
  }

  /** The same span `delta` lines further down. */
  movedBy(delta: number): LineSpan {
    return new LineSpan(this.text, this.line + delta, this.character, this.end);
  }

  toJSON(): TextSpan {
    return { text: this.text, range: this.range };
  }
}

/** A stanza block; its range and line spans are made when read (hold on to `lines` rather than reading it in a loop). */
export class StanzaBlockNode implements StanzaBlock {
  constructor(
    /** The block's lines as the document has them, from its first to its last non-blank line. */
    private readonly lineTexts: readonly string[],
    private readonly origin: BlockOrigin,
    readonly elements: readonly XmlElementNode[],
    readonly variables: readonly VariableReference[],
    readonly malformed: boolean,
  ) {}

  get range(): Range {
    const { firstLine } = this.origin;
    if (this.lineTexts.length === 0) return { start: { line: firstLine, character: 0 }, end: { line: firstLine - 1, character: 0 } };
    return this.origin.range(0, this.origin.length);
  }

  get lines(): readonly TextSpan[] {
    const { firstLine } = this.origin;
    return this.lineTexts.map((text, index) => new LineSpan(text, firstLine + index, 0));
  }

  /** This block standing at `origin`, with `variables` (moved by the caller: they are plain objects). */
  movedTo(origin: BlockOrigin, variables: readonly VariableReference[]): StanzaBlockNode {
    return new StanzaBlockNode(this.lineTexts, origin, movedList(this.elements, origin), variables, this.malformed);
  }

  toJSON(): object {
    const { range, lines, elements, variables, malformed } = this;
    return { range, lines, elements, variables, malformed };
  }
}
