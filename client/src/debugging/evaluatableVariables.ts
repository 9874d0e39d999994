/**
 * Which text the debugger evaluates when the mouse rests on a spec line:
 * a whole `${…}` variable (the default would take one word of it), or the
 * value a `{scansion:capture:NAME}` bound (evaluated as `${NAME}`). Pure.
 */

export interface VariableExpression {
  /** The variable as written, e.g. "${Juliet's full JID}". */
  readonly expression: string;
  /** Columns of the line it spans (end exclusive). */
  readonly start: number;
  readonly end: number;
}

const VARIABLE = /\$\{[^}\n]*\}/g;
const CAPTURE = /\{scansion:capture:([^}\n]+)\}/g;

/** The `${…}` (or `{scansion:capture:…}`) that column `character` of `line` stands in, if any. */
export function variableExpressionAt(line: string, character: number): VariableExpression | undefined {
  for (const match of line.matchAll(VARIABLE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (character >= start && character < end) return { expression: match[0], start, end };
  }
  for (const match of line.matchAll(CAPTURE)) {
    const start = match.index;
    const end = start + match[0].length;
    if (character >= start && character < end) return { expression: `\${${match[1]!}}`, start, end };
  }
  return undefined;
}
