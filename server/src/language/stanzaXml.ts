/**
 * Turns the lines of a stanza block into namespace-aware element trees with
 * exact document ranges.
 *
 * saxes checks well-formedness, resolves namespaces and decodes entities; the
 * ranges come from saxes' offsets plus a small re-lexing of each start tag
 * (which saxes has already validated). The block is parsed as an XML fragment
 * with the default namespace bound to jabber:client and the `scansion:` prefix
 * bound to SCANSION_NAMESPACE, so no synthetic wrapper shifts any offset.
 * Offsets are JavaScript string indices, i.e. UTF-16 columns, as LSP wants.
 */
import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from "saxes";
import {
  CLIENT_NAMESPACE,
  SCANSION_NAMESPACE,
  type AttributeValueMatcher,
  type Position,
  type Range,
  type StanzaBlock,
  type SyntaxProblem,
  type VariableReference,
  type XmlAttributeNode,
  type XmlElementNode,
  type XmlNode,
} from "./syntaxTree";
import { BlockOrigin } from "./blockOrigin";
import { ListStack, NONE } from "./listStack";
import { captureNameIn, findVariableReferences } from "./variables";
import { decodeWithOffsets, readableXmlError, StartTagAttributes } from "./xmlText";
import { StanzaBlockNode, XmlAttribute, XmlElement, XmlText } from "./treeNodes";

export interface ParsedStanzaBlock {
  readonly block: StanzaBlock;
  /** Where the block stands; its XML nodes' ranges come from it (the block memo moves blocks with it). */
  readonly origin: BlockOrigin;
  /** Problems inside the block: malformed XML, bad scansion:strict, bad variables. */
  readonly problems: readonly SyntaxProblem[];
}

const PARSER_OPTIONS = {
  xmlns: true,
  position: true,
  fragment: true,
  additionalNamespaces: { "": CLIENT_NAMESPACE, scansion: SCANSION_NAMESPACE },
} as const;

const CAPTURE_PREFIX = "{scansion:capture:";
/** What scansion:strict reads; current scansion takes yes/no as well (docs/scansion-language.md §1.9a). */
const STRICT_VALUES: ReadonlyMap<string, boolean> = new Map([["true", true], ["false", false], ["yes", true], ["no", false]]);
/** A `&` that does not start an entity reference; saxes would swallow the rest of the block. */
const ENTITY_REFERENCE = /&(?:#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z_:][\w.:-]*);/y;

/** Shared by every block (a block is read start to end without another one starting). */
const childLists = new ListStack<XmlNode>();
const attributeLists = new ListStack<XmlAttributeNode>();
const declarationLists = new ListStack<XmlAttributeNode>();
const directiveLists = new ListStack<XmlAttributeNode>();
const startTagAttributes = new StartTagAttributes();

interface OpenElement {
  readonly tag: SaxesTagNS;
  readonly start: number;
  readonly startTagEnd: number;
  readonly attributes: readonly XmlAttributeNode[];
  readonly namespaceDeclarations: readonly XmlAttributeNode[];
  readonly directives: readonly XmlAttributeNode[];
  readonly strict: boolean | undefined;
  /** Where its children start on `childLists`. */
  readonly childrenMark: number;
}

/**
 * Parses a block. `lines` are the document lines from the block's first to its
 * last non-blank line (blank lines inside included), `firstLine` the document
 * line of `lines[0]`. Never throws.
 */
export function parseStanzaBlock(lines: readonly string[], firstLine: number, text = lines.join("\n")): ParsedStanzaBlock {
  return new BlockReader(lines, firstLine, text).read();
}

type Parser = SaxesParser<typeof PARSER_OPTIONS>;

/*
 * scansion fills `${...}` in before it reads the XML, so `to='${Juliet's JID}'`
 * is valid there although the apostrophe would end the value in plain XML.
 * We parse before substituting (to keep ranges), so quotes inside `${...}` are
 * swapped for private-use characters of the same length while saxes reads,
 * and swapped back in the values it reports.
 */
const MASKED_APOSTROPHE = "\uE000";
const MASKED_QUOTE = "\uE001";
const VARIABLE_SPAN = /\$\{[^}\n]*\}/g;

function maskQuotesInVariables(text: string): string {
  if (!text.includes("${")) return text;
  return text.replace(VARIABLE_SPAN, (span) => span.replace(/'/g, MASKED_APOSTROPHE).replace(/"/g, MASKED_QUOTE));
}

function unmaskQuotes(value: string): string {
  if (!value.includes(MASKED_APOSTROPHE) && !value.includes(MASKED_QUOTE)) return value;
  return value.replace(/\uE000/g, "'").replace(/\uE001/g, '"');
}

/**
 * One saxes parser serves every block (saxes resets itself on close), which
 * saves building its state tables and handler slots ~1000 times per long
 * spec. Its handlers forward to the block being read.
 */
let shared: { readonly parser: Parser; reader: BlockReader | undefined } | undefined;

function sharedParser(): { readonly parser: Parser; reader: BlockReader | undefined } {
  if (shared) return shared;
  const parser = new SaxesParser(PARSER_OPTIONS);
  const state: { readonly parser: Parser; reader: BlockReader | undefined } = { parser, reader: undefined };
  parser.on("opentag", (tag) => state.reader?.openElement(tag, parser.position));
  parser.on("closetag", (tag) => state.reader?.closeElement(tag, parser.position));
  parser.on("text", (text) => state.reader?.addText(text, parser.position, false));
  parser.on("cdata", (text) => state.reader?.addText(text, parser.position, true));
  parser.on("comment", () => state.reader?.skipMarkup(parser.position));
  parser.on("processinginstruction", () => state.reader?.skipMarkup(parser.position));
  parser.on("doctype", () => state.reader?.skipMarkup(parser.position));
  parser.on("error", (error) => state.reader?.fail(parser.position, error.message));
  shared = state;
  return state;
}

class BlockReader {
  private readonly origin: BlockOrigin;
  /** Where the block's top-level elements start on `childLists`. */
  private readonly elementsMark = childLists.mark;
  private readonly stack: OpenElement[] = [];
  private variables: VariableReference[] | undefined;
  private problems: SyntaxProblem[] | undefined;
  private firstError: SyntaxProblem | undefined;
  private lastMarkupEnd = 0;
  /** The text saxes reads: quotes inside `${...}` masked (same length, so offsets hold). */
  private readonly xmlText: string;
  /** Without `${` in the block there is nothing to mask or scan for variables. */
  private readonly hasVariables: boolean;
  /** The first `${` at or after `variableSearchFrom` (-1: none); values and texts come in document order. */
  private nextVariable = -1;
  private variableSearchFrom = Number.MAX_SAFE_INTEGER;

  constructor(
    private readonly lines: readonly string[],
    firstLine: number,
    private readonly text: string,
  ) {
    this.hasVariables = text.includes("${");
    this.xmlText = this.hasVariables ? maskQuotesInVariables(text) : text;
    this.origin = BlockOrigin.ofLines(lines, firstLine);
  }

  read(): ParsedStanzaBlock {
    const attributesMark = attributeLists.mark;
    const declarationsMark = declarationLists.mark;
    const directivesMark = directiveLists.mark;
    if (!this.findBareAmpersand()) {
      const state = sharedParser();
      state.reader = this;
      try {
        state.parser.write(this.xmlText).close();
      } catch (error) {
        // Only a bug of ours can throw here (errors go to the handler); never pass it on,
        // and drop the parser, whose state is now unknown.
        shared = undefined;
        this.fail(this.text.length, error instanceof Error ? error.message : String(error));
      } finally {
        state.reader = undefined;
        attributeLists.drop(attributesMark);
        declarationLists.drop(declarationsMark);
        directiveLists.drop(directivesMark);
      }
    }
    const elements = childLists.take(this.elementsMark) as readonly XmlElementNode[];
    const malformed = this.firstError !== undefined;
    const block = new StanzaBlockNode(this.lines, this.origin, malformed ? NONE : elements,
      malformed ? this.rawVariables() : this.variables ?? NONE, malformed);
    return { block, origin: this.origin, problems: this.firstError ? [this.firstError] : this.problems ?? NONE };
  }

  skipMarkup(position: number): void {
    this.lastMarkupEnd = position;
  }

  private findBareAmpersand(): boolean {
    for (let at = this.text.indexOf("&"); at >= 0; at = this.text.indexOf("&", at + 1)) {
      ENTITY_REFERENCE.lastIndex = at;
      if (!ENTITY_REFERENCE.test(this.text)) {
        this.report(at, at + 1, "A bare '&' is not allowed in XML: write &amp; (or another entity such as &apos;).");
        return true;
      }
    }
    return false;
  }

  openElement(tag: SaxesTagNS, end: number): void {
    const start = Math.max(0, this.xmlText.lastIndexOf("<", end - 1));
    const attributesMark = attributeLists.mark;
    const declarationsMark = declarationLists.mark;
    const directivesMark = directiveLists.mark;
    let strict: boolean | undefined;
    const raw = startTagAttributes.reset(this.xmlText, start + 1 + tag.name.length, end);
    while (raw.next()) {
      const parsed: SaxesAttributeNS | undefined = tag.attributes[raw.name];
      if (parsed === undefined) continue;
      const node = new XmlAttribute(
        parsed.name,
        parsed.local,
        parsed.prefix === "" ? undefined : parsed.prefix,
        parsed.prefix === "" ? "" : parsed.uri,
        unmaskQuotes(parsed.value),
        raw.quote,
        matcherOf(parsed.value),
        this.origin, raw.nameStart, raw.nameEnd, raw.valueStart, raw.valueEnd,
      );
      if (parsed.name === "xmlns" || parsed.prefix === "xmlns") {
        declarationLists.push(node);
      } else if (parsed.uri === SCANSION_NAMESPACE) {
        directiveLists.push(node);
        if (parsed.local === "strict") strict = this.strictValue(node);
      } else {
        attributeLists.push(node);
        this.scanVariables(raw.valueStart, raw.valueEnd, true);
      }
    }
    this.stack.push({
      tag, start, startTagEnd: end, strict, childrenMark: childLists.mark,
      attributes: attributeLists.take(attributesMark),
      namespaceDeclarations: declarationLists.take(declarationsMark),
      directives: directiveLists.take(directivesMark),
    });
    this.lastMarkupEnd = end;
  }

  private strictValue(node: XmlAttributeNode): boolean | undefined {
    const strict = STRICT_VALUES.get(node.value);
    if (strict !== undefined) return strict;
    (this.problems ??= []).push({
      range: node.valueRange, severity: "error", code: "xml-strict-invalid",
      message: `scansion:strict must be "true" or "false" (or "yes" or "no"), not "${node.value}".`,
    });
    return undefined;
  }

  closeElement(tag: SaxesTagNS, end: number): void {
    const open = this.stack.pop();
    if (open === undefined) return;
    if (!tag.isSelfClosing) this.checkCloseTagName(tag.name, end);
    this.appendNode(new XmlElement(
      tag.name, tag.local, tag.uri, open.attributes, open.namespaceDeclarations, open.directives, open.strict,
      childLists.take(open.childrenMark), this.origin, open.start, end, open.startTagEnd,
    ));
    this.lastMarkupEnd = end;
  }

  /** saxes closes an element implicitly when a different end tag comes; say which one is unclosed. */
  private checkCloseTagName(name: string, end: number): void {
    const closeStart = this.text.lastIndexOf("</", end - 1);
    if (closeStart < 0 || this.text[end - 1] !== ">") return;
    // The usual case, `</name>` exactly, without cutting the name out of the text.
    if (closeStart + 2 + name.length === end - 1 && this.text.startsWith(name, closeStart + 2)) return;
    const written = this.text.slice(closeStart + 2, end - 1).trim();
    if (written !== name) {
      this.report(closeStart, end, `<${name}> is not closed: expected </${name}> before </${written}>.`);
    }
  }

  /** saxes reports text when it reaches the next `<` (already read), CDATA after its `]]>`. */
  addText(text: string, position: number, isCdata: boolean): void {
    let end = position;
    if (isCdata) this.lastMarkupEnd = Math.max(this.lastMarkupEnd, this.text.lastIndexOf("<![CDATA[", end));
    else if (this.text[end - 1] === "<") end--;
    const start = Math.min(this.lastMarkupEnd, end);
    this.lastMarkupEnd = end;
    if (this.stack.length === 0) {
      if (text.trim() !== "") {
        const leading = text.length - text.trimStart().length;
        this.report(start + leading, start + text.trimEnd().length, "Text outside of an element: a block holds only stanzas.");
      }
      return;
    }
    this.appendNode(new XmlText(unmaskQuotes(text), this.origin, start, end));
    this.scanVariables(start, end, false);
  }

  /** A child of the innermost open element; at the top, only elements are kept. */
  private appendNode(node: XmlNode): void {
    if (this.stack.length > 0 || node.type === "element") childLists.push(node);
  }

  /** Variables in the source text from `rawStart` to `rawEnd` (an attribute value or a text). */
  private scanVariables(rawStart: number, rawEnd: number, isAttribute: boolean): void {
    if (!this.hasVariables) return;
    if (rawStart < this.variableSearchFrom || (this.nextVariable >= 0 && this.nextVariable < rawStart)) {
      this.variableSearchFrom = rawStart;
      this.nextVariable = this.text.indexOf("${", rawStart);
    }
    if (this.nextVariable < 0 || this.nextVariable + 2 > rawEnd) return;
    const raw = this.text.slice(rawStart, rawEnd);
    const decoded = decodeWithOffsets(raw, isAttribute);
    const found = findVariableReferences(decoded.text, (offset) => this.positionAt(rawStart + decoded.sourceOffset(offset)));
    if (found.references.length > 0) (this.variables ??= []).push(...found.references);
    if (found.problems.length > 0) (this.problems ??= []).push(...found.problems);
  }

  /** Variables of a malformed block, read from the raw text so editor features still see them. */
  private rawVariables(): VariableReference[] {
    return findVariableReferences(this.text, (offset) => this.positionAt(offset)).references;
  }

  fail(position: number, saxesMessage: string): void {
    if (this.firstError !== undefined) return;
    const unclosed = /^(?:\d+:\d+: )?unclosed tag: (.+)$/.exec(saxesMessage);
    const open = this.stack[this.stack.length - 1];
    if (unclosed && open) {
      const name = open.tag.name;
      this.report(open.start, open.startTagEnd, `<${name}> is never closed: add </${name}> (or write <${name} … />).`);
      return;
    }
    const end = Math.min(Math.max(position, 0), this.text.length);
    let start = Math.max(end - 1, 0);
    for (let k = end - 2; k >= 0; k--) {
      const c = this.text[k];
      if (c === "<" || c === "&") { start = k; break; }
      if (c === ">" || c === "\n") break;
    }
    this.report(start, Math.max(end, Math.min(start + 1, this.text.length)), readableXmlError(saxesMessage));
  }

  private report(start: number, end: number, message: string): void {
    if (this.firstError !== undefined) return;
    this.firstError = { range: this.range(start, end), severity: "error", code: "xml-malformed", message };
  }

  private range(start: number, end: number): Range {
    return this.origin.range(start, end);
  }

  private positionAt(offset: number): Position {
    return this.origin.at(offset);
  }
}

const LITERAL: AttributeValueMatcher = { kind: "literal" };
const ANY: AttributeValueMatcher = { kind: "any" };

function matcherOf(value: string): AttributeValueMatcher {
  if (value === "{scansion:any}") return ANY;
  if (!value.startsWith(CAPTURE_PREFIX)) return LITERAL;
  const name = captureNameIn(value);
  return name === undefined ? LITERAL : { kind: "capture", name };
}
