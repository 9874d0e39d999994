/**
 * Editing the tags of a stanza block: the start and end tag names that change together
 * (LSP linked editing ranges) and the end tag to insert after a start tag is typed (the
 * `scansion/closingTag` request, which the VS Code client sends when `>` is typed; other
 * editors can send it too — see docs/ARCHITECTURE.md).
 *
 * A block being edited is often not well-formed, so both work on the block's text with a
 * lenient tag scanner (tags paired by name, as an XML editor pairs them while you type)
 * rather than on the parsed elements, which a malformed block does not have.
 */
import type { LinkedEditingRanges } from "vscode-languageserver";
import { actionAbove } from "../language/locate";
import type { Position, Range, SpecDocument } from "../language/syntaxTree";

/** Custom request: params are TextDocumentPositionParams (the position just after the typed `>`). */
export const CLOSING_TAG_REQUEST = "scansion/closingTag";

/** What to insert at the position: a snippet (`$0` is where the cursor goes), e.g. `$0</message>`. */
export interface ClosingTag {
  readonly snippet: string;
}

/** What an element name may become while its tags are edited together. */
export const TAG_NAME_PATTERN = "[^\\s<>/'\"=]+";

interface ScannedTag {
  readonly closing: boolean;
  readonly selfClosing: boolean;
  readonly name: string;
  /** Offsets in the block text. */
  readonly nameStart: number;
  readonly end: number;
  /** The tag that closes or opens this one, when there is one. */
  partner?: ScannedTag;
}

/** The indented lines of the block a line lies in, as one text with a way back to positions. */
interface BlockText {
  readonly text: string;
  readonly firstLine: number;
  readonly lineStarts: readonly number[];
}

/** Start tag and end tag name ranges of the element whose name is at the position, if it has both. */
export function linkedTagNamesAt(doc: SpecDocument, position: Position): LinkedEditingRanges | undefined {
  const block = blockTextAt(doc, position);
  if (!block) return undefined;
  const offset = offsetOf(block, position);
  const tag = scanTags(block.text).find((candidate) => candidate.nameStart <= offset && offset <= candidate.nameStart + candidate.name.length);
  if (!tag?.partner) return undefined;
  return {
    ranges: [tag, tag.partner].sort((a, b) => a.nameStart - b.nameStart).map((each) => nameRange(block, each)),
    wordPattern: TAG_NAME_PATTERN,
  };
}

/** The end tag to insert when the position is just after the `>` of a start tag that nothing closes yet. */
export function closingTagAt(doc: SpecDocument, position: Position): ClosingTag | undefined {
  const block = blockTextAt(doc, position);
  if (!block) return undefined;
  const offset = offsetOf(block, position);
  if (block.text[offset - 1] !== ">") return undefined;
  const tag = scanTags(block.text).find((candidate) => candidate.end === offset);
  if (!tag || tag.closing || tag.selfClosing || tag.partner || tag.name === "") return undefined;
  return { snippet: `$0</${tag.name.replace(/[$}\\]/g, "\\$&")}>` };
}

const TAG = /<(\/?)([^\s/>]*)((?:[^<>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;

/** Every tag of the text in order, each start tag paired with the end tag of the same name that closes it. */
function scanTags(text: string): ScannedTag[] {
  const tags: ScannedTag[] = [];
  const open: ScannedTag[] = [];
  for (const match of text.matchAll(TAG)) {
    const [whole, closing, name] = match as unknown as [string, string, string];
    if (name.startsWith("!") || name.startsWith("?")) continue; // comment, CDATA, declaration
    const tag: ScannedTag = {
      closing: closing === "/",
      selfClosing: match[4] === "/",
      name,
      nameStart: match.index! + 1 + closing.length,
      end: match.index! + whole.length,
    };
    tags.push(tag);
    if (tag.selfClosing) continue;
    if (!tag.closing) {
      open.push(tag);
      continue;
    }
    // An end tag closes the innermost open element of its name; elements opened inside it stay unclosed.
    const index = open.map((each) => each.name).lastIndexOf(name);
    if (index < 0) continue;
    const start = open[index]!;
    start.partner = tag;
    tag.partner = start;
    open.length = index;
  }
  return tags;
}

function blockTextAt(doc: SpecDocument, position: Position): BlockText | undefined {
  const action = actionAbove(doc.actions, position.line);
  if (!action || action.kind === "connects" || action.kind === "disconnects") return undefined;
  const firstLine = action.lineRange.start.line + 1;
  // The block runs over the indented (and blank) lines below its action line.
  const inBlock = (line: string | undefined) => line !== undefined && (/^\s/.test(line) || line === "");
  let endLine = firstLine;
  while (inBlock(doc.lines[endLine])) endLine++;
  if (position.line >= endLine) return undefined;
  const lines = doc.lines.slice(firstLine, endLine);
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  return { text: lines.join("\n"), firstLine, lineStarts };
}

function offsetOf(block: BlockText, position: Position): number {
  return block.lineStarts[position.line - block.firstLine]! + position.character;
}

function nameRange(block: BlockText, tag: ScannedTag): Range {
  // A name never spans lines: find the line its start is on.
  let index = block.lineStarts.length - 1;
  while (block.lineStarts[index]! > tag.nameStart) index--;
  const character = tag.nameStart - block.lineStarts[index]!;
  const line = block.firstLine + index;
  return { start: { line, character }, end: { line, character: character + tag.name.length } };
}
