/**
 * Quick fixes for the schema diagnostics: each "did you mean" a schema check
 * found travels in its diagnostic's `data` (a SchemaFix), and becomes a code
 * action here. Answered by the language server, so every editor gets them.
 */
import type { CodeAction, CodeActionKind, Diagnostic } from "vscode-languageserver";
import { DIAGNOSTIC_SOURCE } from "./diagnostics";
import { SCHEMA_CODES, type SchemaFix } from "./schemaChecks";

const QUICK_FIX: CodeActionKind = "quickfix";
const FIXABLE: ReadonlySet<string> = new Set([SCHEMA_CODES.invalidValue, SCHEMA_CODES.unknownElement, SCHEMA_CODES.unknownAttribute]);

function isSchemaFix(data: unknown): data is SchemaFix {
  if (typeof data !== "object" || data === null) return false;
  const { title, edits } = data as { title?: unknown; edits?: unknown };
  return typeof title === "string" && Array.isArray(edits) &&
    edits.every((edit: unknown) => typeof edit === "object" && edit !== null && typeof (edit as { newText?: unknown }).newText === "string" &&
      typeof (edit as { range?: unknown }).range === "object");
}

/** The quick fixes for those of `diagnostics` (the request's context) that carry one. */
export function schemaQuickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== DIAGNOSTIC_SOURCE || !FIXABLE.has(String(diagnostic.code)) || !isSchemaFix(diagnostic.data)) continue;
    actions.push({
      title: diagnostic.data.title,
      kind: QUICK_FIX,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: diagnostic.data.edits.map((edit) => ({ range: edit.range, newText: edit.newText })) } },
    });
  }
  return actions;
}
