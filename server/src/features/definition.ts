/**
 * Go to definition: from an action's client name or a `${...}` variable's
 * client part (or the definition's own name) to the `[Client]` line's name;
 * from a `${NAME}` to the `{scansion:capture:NAME}` whose value it takes (the
 * last one above it; every one of that name when none stands above).
 */
import type { LocationLink } from "vscode-languageserver";
import type { Position, SpecDocument } from "../language/syntaxTree";
import { captureNameAt, capturesAbove, captureSites } from "../language/captures";
import { findClient } from "../language/semantics";
import { clientNameAt } from "./references";

/**
 * Links to the client's definition; the origin range is the whole name under the
 * cursor (so `Juliet's phone` highlights as one). Empty when nothing is defined there.
 */
export function definitionAt(doc: SpecDocument, position: Position, uri: string): LocationLink[] {
  const capture = captureNameAt(doc, position);
  if (capture) {
    const above = capture.role === "use" ? capturesAbove(doc, capture.action, capture.name) : [];
    const targets = capture.site ? [capture.site]
      : above.length > 0 ? above.slice(-1) : captureSites(doc).filter((site) => site.name === capture.name);
    return targets.map((site) => ({ originSelectionRange: capture.range, targetUri: uri, targetRange: site.range, targetSelectionRange: site.nameRange }));
  }
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
