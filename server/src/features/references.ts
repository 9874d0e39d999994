/**
 * References of a client: its definition's name, every action line naming it
 * and every `${Name's ...}` variable naming it; of a capture: every
 * `{scansion:capture:NAME}` and `${NAME}` of that name. Shared with definition and rename.
 */
import type { Location } from "vscode-languageserver";
import { captureNameAt, captureOccurrences } from "../language/captures";
import { blockOf, locateAt } from "../language/locate";
import type { Position, Range, SpecDocument, TextSpan } from "../language/syntaxTree";

export type ClientOccurrenceRole = "definition" | "action" | "variable";

export interface ClientOccurrence {
  readonly role: ClientOccurrenceRole;
  /** The name itself (not the whole line or variable). */
  readonly range: Range;
}

/** The client name under the cursor: a definition's name, an action's client or a variable's client part. */
export function clientNameAt(doc: SpecDocument, position: Position): TextSpan | undefined {
  const located = locateAt(doc, position);
  if (!located) return undefined;
  if (located.kind === "clientName" || located.kind === "actionClient") return located.span;
  if (located.kind === "variable" && located.part === "client" && !located.variable.capture) return located.span;
  return undefined;
}

/** Every place the name is written as a client, in document order. */
export function clientOccurrences(doc: SpecDocument, name: string): ClientOccurrence[] {
  const occurrences: ClientOccurrence[] = [];
  for (const client of doc.clients) {
    if (client.name.text === name) occurrences.push({ role: "definition", range: client.name.range });
  }
  for (const action of doc.actions) {
    if (action.client.text === name) occurrences.push({ role: "action", range: action.client.range });
    for (const variable of blockOf(action)?.variables ?? []) {
      if (variable.client.text === name && !variable.capture) occurrences.push({ role: "variable", range: variable.client.range });
    }
  }
  return occurrences;
}

/** LSP references: every occurrence of the client under the cursor; empty when the cursor is on no client name. */
export function referencesAt(doc: SpecDocument, position: Position, uri: string, includeDeclaration: boolean): Location[] {
  const capture = captureNameAt(doc, position);
  if (capture) return captureOccurrences(doc, capture.name).map((range) => ({ uri, range }));
  const name = clientNameAt(doc, position);
  if (!name) return [];
  return clientOccurrences(doc, name.text)
    .filter((occurrence) => includeDeclaration || occurrence.role !== "definition")
    .map((occurrence) => ({ uri, range: occurrence.range }));
}
