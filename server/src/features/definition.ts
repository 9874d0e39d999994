/**
 * Go to definition: from an action's client name or a `${...}` variable's
 * client part (or the definition's own name) to the `[Client]` line's name.
 */
import type { LocationLink } from "vscode-languageserver";
import type { Position, SpecDocument } from "../language/syntaxTree";
import { findClient } from "../language/semantics";
import { clientNameAt } from "./references";

/**
 * Links to the client's definition; the origin range is the whole name under the
 * cursor (so `Juliet's phone` highlights as one). Empty when nothing is defined there.
 */
export function definitionAt(doc: SpecDocument, position: Position, uri: string): LocationLink[] {
  const name = clientNameAt(doc, position);
  if (!name) return [];
  const client = findClient(doc, name.text);
  if (!client) return [];
  return [
    {
      originSelectionRange: name.range,
      targetUri: uri,
      targetRange: client.range,
      targetSelectionRange: client.name.range,
    },
  ];
}
