/**
 * Rename a client across its definition, its action lines and the variables
 * naming it; a capture across its `{scansion:capture:NAME}`s and `${NAME}`s.
 *
 * Refusals are returned, not thrown: every function answers either its result
 * or `{ error }` with a sentence meant for the user; the LSP wiring turns the
 * latter into a ResponseError (`isRenameRefusal` tells them apart).
 */
import type { Range, TextEdit, WorkspaceEdit } from "vscode-languageserver";
import type { Position, SpecDocument } from "../language/syntaxTree";
import { captureNameAt, captureOccurrences } from "../language/captures";
import { locateAt, type LocatedKind } from "../language/locate";
import { isCaptureName } from "../language/variables";
import { findClient } from "../language/semantics";
import { clientNameAt, clientOccurrences } from "./references";

export interface RenameRefusal {
  readonly error: string;
}

export interface RenamePreparation {
  readonly range: Range;
  readonly placeholder: string;
}

export function isRenameRefusal(value: unknown): value is RenameRefusal {
  return typeof value === "object" && value !== null && "error" in value;
}

/** The name to rename and its range, or why the cursor is not on a renamable client name. */
export function prepareRename(doc: SpecDocument, position: Position): RenamePreparation | RenameRefusal {
  const capture = captureNameAt(doc, position);
  if (capture) return { range: capture.range, placeholder: capture.name };
  const name = clientNameAt(doc, position);
  if (!name) return { error: refusalFor(doc, position) };
  if (!findClient(doc, name.text)) {
    return { error: `No client named "${name.text}" is defined; only defined clients can be renamed.` };
  }
  return { range: name.range, placeholder: name.text };
}

/** The edit renaming the client under the cursor everywhere in this document. */
export function renameClient(doc: SpecDocument, position: Position, newName: string, uri: string): WorkspaceEdit | RenameRefusal {
  const capture = captureNameAt(doc, position);
  if (capture) return renameCapture(doc, capture.name, newName, uri);
  const prepared = prepareRename(doc, position);
  if (isRenameRefusal(prepared)) return prepared;
  const problem = newClientNameProblem(doc, prepared.placeholder, newName);
  if (problem) return { error: problem };
  const edits: TextEdit[] = clientOccurrences(doc, prepared.placeholder).map((occurrence) => ({
    range: occurrence.range,
    newText: newName,
  }));
  return { changes: { [uri]: edits } };
}

/** The edit renaming capture `oldName` at each `{scansion:capture:…}` and `${…}` of it. */
function renameCapture(doc: SpecDocument, oldName: string, newName: string, uri: string): WorkspaceEdit | RenameRefusal {
  if (!isCaptureName(newName) || newName.includes("'s ") || newName.includes("$")) {
    return { error: `"${newName}" cannot name a capture: write a name without braces, "$", "'s " or spaces at either end.` };
  }
  return { changes: { [uri]: captureOccurrences(doc, oldName).map((range) => ({ range, newText: newName })) } };
}

/** Why `newName` cannot replace `oldName`, or undefined when it can. */
export function newClientNameProblem(doc: SpecDocument, oldName: string, newName: string): string | undefined {
  if (newName.length === 0) return "A client name cannot be empty.";
  if (/[\r\n]/.test(newName)) return "A client name must stay on one line.";
  if (newName !== newName.trim()) return "A client name cannot start or end with a space.";
  if (newName.includes("}") || newName.includes("$")) {
    return `A client name cannot contain "}" or "$": it would break the \${${newName}'s JID} variables.`;
  }
  if (/^(#|\[|-|\/\/)/.test(newName)) {
    return `A client name cannot start with "#", "[", "-" or "//": its action lines would read as comments, definitions or separators.`;
  }
  if (newName !== oldName && findClient(doc, newName)) {
    return `A client named "${newName}" is already defined.`;
  }
  return undefined;
}

function refusalFor(doc: SpecDocument, position: Position): string {
  const located = locateAt(doc, position);
  if (!located) return "Only client names can be renamed; put the cursor on a client's name.";
  return NOT_RENAMABLE[located.kind].replace("%s", located.span.text);
}

/** Why each other kind of thing under the cursor cannot be renamed ("%s" = its text); names never get here. */
const NOT_RENAMABLE: Record<LocatedKind, string> = {
  clientClass: 'Only client names can be renamed, not the class "%s".',
  clientName: "",
  property: 'Only client names can be renamed, not the property "%s".',
  actionClient: "",
  verb: '"%s" is a verb; only client names can be renamed.',
  variable: 'Only the client name inside a variable can be renamed, not "%s".',
  elementName: 'Only client names can be renamed, not the element name "%s".',
  attributeName: 'Only client names can be renamed, not the attribute "%s".',
  attributeValue: "Only client names can be renamed, not attribute values.",
};
