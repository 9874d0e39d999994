/**
 * The two header line shapes with inner structure: `[Class] Name` and an
 * indented `key: value` property. Pure functions of one trimmed line.
 */
import type { ClientProperty, Range, SyntaxProblem, TextSpan } from "./syntaxTree";
import { isSpace } from "./whitespace";

export type Read<T> = T | { readonly problem: SyntaxProblem };

function spanAt(line: string, lineIndex: number, start: number, end: number): TextSpan {
  return { text: line.slice(start, end), range: rangeAt(lineIndex, start, end) };
}

function rangeAt(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function error(lineIndex: number, start: number, end: number, code: string, message: string): { problem: SyntaxProblem } {
  return { problem: { range: rangeAt(lineIndex, start, end), severity: "error", code, message } };
}

/** `[Client] Juliet's phone` (the line starts with `[`). */
export function readClientHeader(
  line: string,
  lineIndex: number,
): Read<{ className: TextSpan; name: TextSpan; headerRange: Range }> {
  const close = line.indexOf("]");
  if (close < 0) {
    return error(lineIndex, 0, line.length, "client-header-malformed", "A client definition reads '[Client] Name': the ']' is missing.");
  }
  let classStart = 1;
  while (isSpace(line[classStart])) classStart++;
  let classEnd = close;
  while (classEnd > classStart && isSpace(line[classEnd - 1])) classEnd--;
  let nameStart = close + 1;
  while (isSpace(line[nameStart])) nameStart++;
  if (nameStart >= line.length) {
    return error(lineIndex, 0, line.length, "client-name-missing", "The client has no name: write '[Client] Name'.");
  }
  return {
    className: spanAt(line, lineIndex, classStart, classEnd),
    name: spanAt(line, lineIndex, nameStart, line.length),
    headerRange: rangeAt(lineIndex, 0, line.length),
  };
}

/** An indented `key: value` line whose text starts at column `start`. */
export function readProperty(line: string, lineIndex: number, start: number): Read<ClientProperty> {
  const colon = line.indexOf(":", start);
  let keyEnd = colon;
  while (keyEnd > start && isSpace(line[keyEnd - 1])) keyEnd--;
  const key = colon < 0 ? "" : line.slice(start, keyEnd);
  if (key === "" || /\s/.test(key)) {
    return error(lineIndex, start, line.length, "property-malformed",
      "A client property reads 'key: value', e.g. 'jid: romeo@localhost' or 'password: password'.");
  }
  let valueStart = colon + 1;
  while (isSpace(line[valueStart])) valueStart++;
  return {
    key: spanAt(line, lineIndex, start, keyEnd),
    value: spanAt(line, lineIndex, valueStart, line.length),
    range: rangeAt(lineIndex, start, line.length),
  };
}
