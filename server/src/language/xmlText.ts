/**
 * Small text helpers for stanzaXml.ts: re-lexing a start tag that saxes has
 * already accepted (to get attribute ranges), mapping decoded text back to
 * source offsets, and turning saxes' terse messages into readable ones.
 */

function isXmlSpace(c: string | undefined): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

/**
 * The attributes of a start tag that saxes has already accepted, read one at
 * a time: `reset` to the text between just after the element name and just
 * after `>`, then `next()` until it returns false. One reader serves every
 * tag of a block (no object per attribute). Stops quietly at anything odd, so
 * it terminates on any input.
 */
export class StartTagAttributes {
  name = "";
  nameStart = 0;
  nameEnd = 0;
  /** First character after the opening quote. */
  valueStart = 0;
  /** The closing quote. */
  valueEnd = 0;
  quote: "'" | '"' = '"';
  private text = "";
  private at = 0;
  private end = 0;

  reset(text: string, from: number, end: number): this {
    this.text = text;
    this.at = from;
    this.end = end;
    return this;
  }

  next(): boolean {
    const { text, end } = this;
    let i = this.at;
    this.at = end; // whatever goes wrong below ends the reading
    while (i < end && isXmlSpace(text[i])) i++;
    const nameStart = i;
    while (i < end && !isXmlSpace(text[i]) && text[i] !== "=" && text[i] !== ">" && text[i] !== "/") i++;
    const nameEnd = i;
    if (nameEnd === nameStart) return false;
    while (i < end && isXmlSpace(text[i])) i++;
    if (text[i] !== "=") return false;
    i++;
    while (i < end && isXmlSpace(text[i])) i++;
    const quote = text[i];
    if (quote !== "'" && quote !== '"') return false;
    const valueEnd = text.indexOf(quote, i + 1);
    if (valueEnd < 0 || valueEnd >= end) return false;
    this.name = text.slice(nameStart, nameEnd);
    this.nameStart = nameStart;
    this.nameEnd = nameEnd;
    this.valueStart = i + 1;
    this.valueEnd = valueEnd;
    this.quote = quote;
    this.at = valueEnd + 1;
    return true;
  }
}

export interface DecodedText {
  readonly text: string;
  /** The source offset (relative to the raw text) of decoded index `index`. */
  sourceOffset(index: number): number;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", apos: "'", quot: '"' };
const ENTITY_AT = /&(#x[0-9a-fA-F]+|#[0-9]+|[A-Za-z_:][\w.:-]*);/y;

/**
 * Decodes entity references the way saxes does (attribute values also turn
 * tab/newline into a space), remembering where each decoded character stands.
 */
export function decodeWithOffsets(raw: string, isAttributeValue: boolean): DecodedText {
  if (!raw.includes("&")) {
    const text = isAttributeValue ? raw.replace(/[\t\n\r]/g, " ") : raw;
    return { text, sourceOffset: (index) => index };
  }
  let text = "";
  const offsets: number[] = [];
  let i = 0;
  while (i < raw.length) {
    ENTITY_AT.lastIndex = i;
    const entity = raw[i] === "&" ? ENTITY_AT.exec(raw) : null;
    let piece: string;
    let width = 1;
    if (entity) {
      piece = decodeEntity(entity[1] ?? "") ?? entity[0];
      width = entity[0].length;
    } else {
      const c = raw[i] ?? "";
      piece = isAttributeValue && isXmlSpace(c) ? " " : c;
    }
    for (let k = 0; k < piece.length; k++) offsets.push(i);
    text += piece;
    i += width;
  }
  offsets.push(raw.length);
  return { text, sourceOffset: (index) => offsets[Math.min(Math.max(index, 0), offsets.length - 1)] ?? raw.length };
}

function decodeEntity(body: string): string | undefined {
  const code = body.startsWith("#x") ? parseInt(body.slice(2), 16) : body.startsWith("#") ? parseInt(body.slice(1), 10) : NaN;
  if (!Number.isNaN(code)) return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
  return PREDEFINED_ENTITIES[body];
}

const REWRITES: readonly (readonly [RegExp, (match: RegExpExecArray) => string])[] = [
  [/^unbound namespace prefix: "?([^"]*)"?$/, (m) => `Namespace prefix '${m[1]}' is not declared: add xmlns:${m[1]}="…" (only scansion: is predefined).`],
  [/^duplicate attribute: (.+)$/, (m) => `Attribute '${m[1]}' is written twice on the same element.`],
  [/^unquoted attribute value$/, () => "Attribute values must be in quotes: name='value' or name=\"value\"."],
  [/^attribute without value$/, () => "Attribute without a value: write name='value'."],
  [/^unexpected close tag$/, () => "This closing tag does not match any open element."],
  [/^unmatched closing tag: (.+)$/, (m) => `Closing tag </${m[1]}> has no start tag.`],
  [/^unexpected end$/, () => "The block ends in the middle of markup: a tag, attribute value, comment or CDATA section is not finished."],
  [/^undefined entity$/, () => "Unknown entity: XML knows &lt; &gt; &amp; &apos; &quot; and numeric ones like &#10;."],
  [/^disallowed character in (?:tag|attribute) name$/, () => "Invalid character in a tag or attribute name."],
  [/^disallowed character$/, () => "Character not allowed here (a '<' inside an attribute value must be written &lt;)."],
];

/** saxes says e.g. "1:12: unexpected close tag."; give the reader a sentence that explains. */
export function readableXmlError(saxesMessage: string): string {
  const bare = saxesMessage.replace(/^\d+:\d+: /, "").replace(/\.$/, "");
  for (const [pattern, rewrite] of REWRITES) {
    const match = pattern.exec(bare);
    if (match) return rewrite(match);
  }
  return `Malformed XML: ${bare.charAt(0).toUpperCase()}${bare.slice(1)}.`;
}
