/**
 * How a spec is written (its indentation unit and quote mark), so that text
 * we write into it (an accepted stanza, a recorded step, a directive) looks
 * like the rest. The one rule for the quick fixes and the recorder.
 */
import type { Range, SpecDocument, StanzaBlock, XmlElementNode } from "../language/syntaxTree";
import type { AttributeQuote } from "./stanzaText";

/** How stanza blocks are written. */
export interface TextStyle {
  /** One level of indentation; a block's first level too. */
  readonly indent: string;
  readonly quote: AttributeQuote;
}

/**
 * How `block` (or, without one, every stanza block of the spec) is written:
 * - indent: what one nesting level adds; else the indentation of the first
 *   stanza line (for a whole spec without blocks, of its first client
 *   property line); a tab when that holds a tab or there is none;
 * - quote: the mark most attributes use; on a tie, the first one written;
 *   a single quote when there are no attributes.
 */
export function textStyleOf(doc: SpecDocument, block?: StanzaBlock): TextStyle {
  const blocks = block ? [block] : stanzaBlocks(doc);
  let unit: string | undefined;
  let firstQuote: AttributeQuote | undefined;
  let doubleMinusSingle = 0;
  const visit = (element: XmlElementNode): void => {
    for (const attribute of [...element.attributes, ...element.namespaceDeclarations, ...element.directives]) {
      firstQuote ??= attribute.quote;
      doubleMinusSingle += attribute.quote === '"' ? 1 : -1;
    }
    const parentIndent = indentOfTag(doc, element.startTagRange);
    for (const child of element.children) {
      if (child.type !== "element") continue;
      const childIndent = indentOfTag(doc, child.startTagRange);
      if (unit === undefined && parentIndent !== undefined && childIndent !== undefined && childIndent.length > parentIndent.length && childIndent.startsWith(parentIndent)) {
        unit = childIndent.slice(parentIndent.length);
      }
      visit(child);
    }
  };
  for (const each of blocks) each.elements.forEach(visit);
  const indentedLines = [
    ...blocks.map((each) => each.range.start.line),
    ...(block ? [] : doc.clients.flatMap((client) => client.properties.map((property) => property.range.start.line))),
  ];
  const first = unit ?? indentedLines.map((line) => leadingWhitespace(doc.lines[line] ?? "")).find((whitespace) => whitespace !== "");
  const quote: AttributeQuote = doubleMinusSingle === 0 ? (firstQuote ?? "'") : doubleMinusSingle > 0 ? '"' : "'";
  return { indent: first === undefined || first.includes("\t") ? "\t" : first, quote };
}

export function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)![0];
}

function stanzaBlocks(doc: SpecDocument): StanzaBlock[] {
  return doc.actions.flatMap((action) => (action.kind !== "connects" && action.kind !== "disconnects" && action.block ? [action.block] : []));
}

/** The indentation before a tag that starts its line; undefined when something precedes it. */
function indentOfTag(doc: SpecDocument, tag: Range): string | undefined {
  const before = (doc.lines[tag.start.line] ?? "").slice(0, tag.start.character);
  return before.trim() === "" ? before : undefined;
}
