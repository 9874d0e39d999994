/**
 * Quick fixes for the schema diagnostics (and for an unreadable scansion:strict
 * value, "true" or "false"): each "did you mean" a schema check
 * found travels in its diagnostic's `data` (a SchemaFix), and becomes a code
 * action here. Answered by the language server, so every editor gets them.
 */
import type { CodeAction, CodeActionKind, Diagnostic } from "vscode-languageserver";
import { DIAGNOSTIC_SOURCE } from "./diagnostics";
import { SCHEMA_CODES, type SchemaFix } from "./schemaChecks";

const QUICK_FIX: CodeActionKind = "quickfix";
/** The parser's code for a scansion:strict value it cannot read (stanzaXml.ts). */
const STRICT_INVALID = "xml-strict-invalid";
const FIXABLE: ReadonlySet<string> = new Set([SCHEMA_CODES.invalidValue, SCHEMA_CODES.unknownElement, SCHEMA_CODES.unknownAttribute]);

function isSchemaFix(data: unknown): data is SchemaFix {
  if (typeof data !== "object" || data === null) return false;
  const { title, edits } = data as { title?: unknown; edits?: unknown };
  return typeof title === "string" && Array.isArray(edits) &&
    edits.every((edit: unknown) => typeof edit === "object" && edit !== null && typeof (edit as { newText?: unknown }).newText === "string" &&
      typeof (edit as { range?: unknown }).range === "object");
}

/** Values a mistyped scansion:strict most likely meant "true" by; any other value is offered "false" first. */
const MEANS_TRUE = /^(?:1|on|y|t|strict|tru|ture|treu|ye|yse)$/i;

/** An invalid scansion:strict value (the diagnostic's range is the value): one fix per valid value. */
function strictValueFixes(uri: string, diagnostic: Diagnostic): CodeAction[] {
  const message = typeof diagnostic.message === "string" ? diagnostic.message : diagnostic.message.value;
  const written = /not "(.*)"\.$/.exec(message)?.[1] ?? "";
  const preferred = MEANS_TRUE.test(written.trim()) ? "true" : "false";
  return ["true", "false"].map((value) => ({
    title: `Set scansion:strict to "${value}"`,
    kind: QUICK_FIX,
    diagnostics: [diagnostic],
    isPreferred: value === preferred,
    edit: { changes: { [uri]: [{ range: diagnostic.range, newText: value }] } },
  }));
}

/** The quick fixes for those of `diagnostics` (the request's context) that carry one. */
export function schemaQuickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source === DIAGNOSTIC_SOURCE && diagnostic.code === STRICT_INVALID) {
      actions.push(...strictValueFixes(uri, diagnostic));
      continue;
    }
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
