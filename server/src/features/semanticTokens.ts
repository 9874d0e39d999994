/**
 * Semantic tokens: client names (definitions carry the `declaration` modifier;
 * action lines; inside `${...}`), the kind part of variables, and verbs.
 * The TextMate grammar colours everything else.
 *
 * Columns and lengths are UTF-16 code units, taken from the tree's ranges, so
 * names like "Jüliet 🌹" come out right.
 */
import type { SemanticTokens, SemanticTokensLegend } from "vscode-languageserver";
import type { Range, SpecDocument } from "../language/syntaxTree";
import { blockOf, comparePositions } from "../language/locate";

/** Standard LSP token types, so every theme already colours them. */
export const TOKEN_TYPES = ["variable", "enumMember", "keyword"] as const;
export const TOKEN_MODIFIERS = ["declaration"] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

/** What each tree construct is shown as. */
const CLIENT_NAME: TokenType = "variable";
const VARIABLE_KIND: TokenType = "enumMember";
const VERB: TokenType = "keyword";

export function semanticTokensLegend(): SemanticTokensLegend {
  return { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };
}

export interface SemanticToken {
  readonly line: number;
  readonly character: number;
  readonly length: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

/** The tokens in document order; only those intersecting `within` when given (range requests). */
export function semanticTokenList(doc: SpecDocument, within?: Range): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  const add = (range: Range, type: TokenType, modifiers: readonly TokenModifier[] = []): void => {
    if (range.start.line !== range.end.line || range.end.character <= range.start.character) return;
    if (within && (comparePositions(range.end, within.start) < 0 || comparePositions(range.start, within.end) > 0)) return;
    const length = range.end.character - range.start.character;
    tokens.push({ line: range.start.line, character: range.start.character, length, type, modifiers });
  };
  for (const client of doc.clients) add(client.name.range, CLIENT_NAME, ["declaration"]);
  for (const action of doc.actions) {
    add(action.client.range, CLIENT_NAME);
    if (action.kind !== "unknown") add(action.verb.range, VERB);
    for (const variable of blockOf(action)?.variables ?? []) {
      add(variable.client.range, CLIENT_NAME);
      if (variable.knownKind) add(variable.kind.range, VARIABLE_KIND);
    }
  }
  return tokens.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** The LSP encoding: per token [deltaLine, deltaStart, length, type index, modifier bits]. */
export function semanticTokens(doc: SpecDocument, within?: Range): SemanticTokens {
  return { data: encodeTokens(semanticTokenList(doc, within)) };
}

export function encodeTokens(tokens: readonly SemanticToken[]): number[] {
  const data: number[] = [];
  let previousLine = 0;
  let previousCharacter = 0;
  for (const token of tokens) {
    const deltaLine = token.line - previousLine;
    const deltaStart = deltaLine === 0 ? token.character - previousCharacter : token.character;
    const modifierBits = token.modifiers.reduce((bits, modifier) => bits | (1 << TOKEN_MODIFIERS.indexOf(modifier)), 0);
    data.push(deltaLine, deltaStart, token.length, TOKEN_TYPES.indexOf(token.type), modifierBits);
    previousLine = token.line;
    previousCharacter = token.character;
  }
  return data;
}
