/**
 * Document formatting: re-indents stanza blocks by element nesting and client
 * property lines by one unit, and removes trailing whitespace — without ever
 * changing a block's XML.
 *
 * Only whitespace the XML ignores is touched: the indentation before a tag
 * (whitespace-only text) and the line breaks between attributes of a start tag.
 * Whitespace that belongs to content is left exactly as written: in text with
 * non-whitespace characters that spans lines, and in attribute values that span
 * lines, the lines after the first are kept as they are and the first keeps its
 * line end (only its indentation, which precedes a tag, is adjusted). A block containing a line we cannot place (malformed XML,
 * an end tag split over lines, anything the tree does not explain) is left
 * untouched as a whole. Formatting twice gives the same text as formatting once.
 *
 * Indentation: top-level element 1 unit, +1 per nesting level; a start tag's
 * continuation lines (attributes on further lines) one level deeper than the tag.
 */
import type { FormattingOptions, TextEdit } from "vscode-languageserver";
import type { Range, SpecDocument, StanzaBlock, XmlElementNode } from "../language/syntaxTree";
import { attributeLists, blockOf, endTagNameRange } from "../language/locate";
import { isSpace } from "../language/whitespace";

/** The `scansion.format.indent` setting. */
export type IndentSetting = "tab" | "spaces";

/**
 * One indent unit. The `scansion.format.indent` setting, when given, decides tab
 * or spaces (the editor's insertSpaces is a global default, while Prosody's suite
 * uses tabs); spaces come `tabSize` at a time.
 */
export function indentUnit(options: Pick<FormattingOptions, "insertSpaces" | "tabSize">, setting?: IndentSetting): string {
  const useSpaces = setting ? setting === "spaces" : options.insertSpaces;
  const width = Math.min(16, Math.max(1, Math.floor(options.tabSize) || 4));
  return useSpaces ? " ".repeat(width) : "\t";
}

/** Minimal edits (one per changed line) formatting the whole document. */
export function formatDocument(doc: SpecDocument, options: FormattingOptions, setting?: IndentSetting): TextEdit[] {
  const unit = indentUnit(options, setting);
  const wanted = new Map<number, string>();
  /** Lines of blocks we leave as written, trailing whitespace included. */
  const untouchable = new Set<number>();

  for (const client of doc.clients) {
    for (const property of client.properties) {
      const line = property.range.start.line;
      wanted.set(line, unit + lineText(doc, line).trim());
    }
  }
  for (const action of doc.actions) {
    const block = blockOf(action);
    if (!block) continue;
    const planned = planBlock(doc, block, unit);
    for (let line = block.range.start.line; line <= block.range.end.line; line++) {
      const text = planned?.get(line);
      if (text === undefined) untouchable.add(line);
      else wanted.set(line, text);
    }
  }

  const edits: TextEdit[] = [];
  doc.lines.forEach((current, line) => {
    if (untouchable.has(line)) return;
    const text = wanted.get(line) ?? (isIndented(current) && current.trim() !== "" ? current : current.trimEnd());
    if (text !== current) {
      edits.push({ range: { start: { line, character: 0 }, end: { line, character: current.length } }, newText: text });
    }
  });
  return edits;
}

/** What placing a block's elements found out about its lines. */
interface BlockLayout {
  /** Nesting depth of each line that begins with a tag or inside a start tag (0 = top level). */
  readonly depths: Map<number, number>;
  /** Lines that lie inside multi-line content after its first line: kept exactly as written. */
  readonly frozen: Set<number>;
  /** First lines of multi-line content: re-indented, but their line end belongs to the content. */
  readonly keepLineEnd: Set<number>;
}

/**
 * New text for each line of a well-formed block, leaving out lines to keep as
 * written; undefined when the whole block must stay as it is.
 */
function planBlock(doc: SpecDocument, block: StanzaBlock, unit: string): Map<number, string> | undefined {
  if (block.malformed || block.elements.length === 0) return undefined;
  const layout: BlockLayout = { depths: new Map(), frozen: new Set(), keepLineEnd: new Set() };
  for (const element of block.elements) placeElement(doc, element, 0, layout);

  const planned = new Map<number, string>();
  for (let line = block.range.start.line; line <= block.range.end.line; line++) {
    if (layout.frozen.has(line)) continue;
    const text = lineText(doc, line);
    const depth = layout.depths.get(line);
    if (text.trim() === "") planned.set(line, "");
    else if (text.startsWith("#")) planned.set(line, text.trimEnd()); // a comment inside the block stays at column 0
    else if (depth === undefined) return undefined;
    else planned.set(line, unit.repeat(depth + 1) + (layout.keepLineEnd.has(line) ? text.trimStart() : text.trim()));
  }
  return planned;
}

/** Records the depth of each line that begins with a tag of this element, and protects content lines. */
function placeElement(doc: SpecDocument, element: XmlElementNode, depth: number, layout: BlockLayout): void {
  const startTag = element.startTagRange;
  if (firstNonBlank(doc, startTag.start.line) === startTag.start.character) layout.depths.set(startTag.start.line, depth);
  for (let line = startTag.start.line + 1; line <= startTag.end.line; line++) layout.depths.set(line, depth + 1);
  for (const [, attributes] of attributeLists(element)) {
    for (const attribute of attributes) protectMultiLine(attribute.valueRange, layout);
  }
  for (const child of element.children) {
    if (child.type === "element") placeElement(doc, child, depth + 1, layout);
    else if (child.text.trim() !== "") protectMultiLine(child.range, layout);
  }
  const endName = endTagNameRange(doc, element);
  if (endName && firstNonBlank(doc, endName.start.line) === endName.start.character - "</".length) {
    layout.depths.set(endName.start.line, depth);
  }
}

/** Content spanning lines owns the whitespace at its line breaks: the end of its first line and all of the others. */
function protectMultiLine(range: Range, layout: BlockLayout): void {
  if (range.start.line === range.end.line) return;
  layout.keepLineEnd.add(range.start.line);
  for (let line = range.start.line + 1; line <= range.end.line; line++) layout.frozen.add(line);
}

function lineText(doc: SpecDocument, line: number): string {
  return doc.lines[line] ?? "";
}

function firstNonBlank(doc: SpecDocument, line: number): number {
  return lineText(doc, line).search(/\S/);
}

function isIndented(text: string): boolean {
  return isSpace(text[0]);
}
