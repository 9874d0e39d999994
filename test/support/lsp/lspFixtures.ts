/**
 * Specs and small helpers shared by the LSP protocol tests: positions are
 * found by searching the text, so no test counts lines by hand.
 */
import type { Diagnostic, Position, Range } from "vscode-languageserver/node";

export const BALCONY_URI = "file:///lsp/balcony.scs";

/** A clean spec, except for Rosaline, who is defined but never used (a hint). */
export const BALCONY = `# Balcony scene
# Romeo and Juliet exchange a message.

[Client] Romeo
	jid: romeo@localhost
	password: password

[Client] Juliet
	jid: juliet@localhost/balcony
	password: password

[Client] Rosaline
	jid: rosaline@localhost
	password: password

-----

Romeo connects

Juliet connects

# Romeo speaks
Romeo sends:
	<message type='chat' to="\${Juliet's full JID}">
		<body>Hello</body>
	</message>

Juliet receives:
	<message type='chat' from="\${Romeo's full JID}">
		<body>Hello</body>
	</message>

Juliet disconnects

Romeo disconnects
`;

/** A diagnostic's message as plain text (LSP 3.18 also allows markup). */
export function messageOf(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
}

/** Where the `occurrence`-th `needle` starts in `text`, moved `offset` characters to the right. */
export function positionOf(text: string, needle: string, offset = 0, occurrence = 1): Position {
  let index = -1;
  for (let seen = 0; seen < occurrence; seen++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence} times`);
  }
  const before = text.slice(0, index + offset).split("\n");
  return { line: before.length - 1, character: before[before.length - 1]!.length };
}

/** The range `needle` covers (single line). */
export function rangeOf(text: string, needle: string, occurrence = 1): Range {
  const start = positionOf(text, needle, 0, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

/** The `length` characters at `offset` inside the first `needle`: `spanIn(text, "Romeo sends", 0, 5)` is that "Romeo". */
export function spanIn(text: string, needle: string, offset: number, length: number): Range {
  const start = positionOf(text, needle, offset);
  return { start, end: { line: start.line, character: start.character + length } };
}

/** The text a range covers. */
export function textIn(text: string, range: Range): string {
  const lines = text.split("\n");
  if (range.start.line === range.end.line) return (lines[range.start.line] ?? "").slice(range.start.character, range.end.character);
  return [
    (lines[range.start.line] ?? "").slice(range.start.character),
    ...lines.slice(range.start.line + 1, range.end.line),
    (lines[range.end.line] ?? "").slice(0, range.end.character),
  ].join("\n");
}

export interface DecodedToken {
  readonly line: number;
  readonly character: number;
  readonly text: string;
  readonly type: string;
  readonly modifiers: readonly string[];
}

/** Decodes LSP semantic token data back into tokens, reading their text from `text`. */
export function decodeTokens(text: string, data: readonly number[], legend: { tokenTypes: string[]; tokenModifiers: string[] }): DecodedToken[] {
  const lines = text.split("\n");
  const tokens: DecodedToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    const [deltaLine, deltaStart, length, type, bits] = data.slice(i, i + 5) as [number, number, number, number, number];
    line += deltaLine;
    character = deltaLine === 0 ? character + deltaStart : deltaStart;
    tokens.push({
      line,
      character,
      text: (lines[line] ?? "").slice(character, character + length),
      type: legend.tokenTypes[type] ?? `?${type}`,
      modifiers: legend.tokenModifiers.filter((_, index) => (bits & (1 << index)) !== 0),
    });
  }
  return tokens;
}
