/** Spaces between the words of a line and before indented lines: a space or a tab (never a line break). */
export function isSpace(c: string | undefined): boolean {
  return c === " " || c === "\t";
}
