/**
 * The test message of a failed spec: the diff of the expected and received stanzas at the
 * failing action, a stack trace along the spec (the failing action's line, then the spec's
 * title line: VS Code's test views and agents read it as "where"), and a context value
 * that offers "Accept the received stanza" on the failure peek when a received stanza can be
 * accepted (package.json, menus "testing/message/context").
 */
import { readFileSync } from "node:fs";
import * as vscode from "vscode";
import { openDocumentOf } from "../documents/specDocuments";
import type { SpecResult } from "@server/runner/specResult";
import type { FailureReport } from "./resultReport";

/** The context value of a failure whose received stanza the spec can accept (package.json's `when` clauses name it). */
export const ACCEPTABLE_FAILURE = "scansion.acceptableFailure";

export function failureMessage(report: FailureReport, uri: vscode.Uri, result: SpecResult, specText: string | undefined): vscode.TestMessage {
  const message = report.expected !== undefined && report.actual !== undefined
    ? vscode.TestMessage.diff(report.message, report.expected, report.actual)
    : new vscode.TestMessage(report.message);
  const at = new vscode.Position(report.line, 0);
  message.location = new vscode.Location(uri, at);
  const failure = result.failure;
  const title = specText === undefined ? undefined : titleLine(specText);
  message.stackTrace = [
    new vscode.TestMessageStackFrame(failure?.action ?? result.spec.name, uri, at),
    ...(title !== undefined ? [new vscode.TestMessageStackFrame(result.spec.name, uri, new vscode.Position(title, 0))] : []),
  ];
  // The quick fix's own condition (fixes/failureFixes.ts): a failed receive with a received stanza and its facts.
  if (result.status === "failed" && failure?.received !== undefined && failure.mismatch !== undefined) message.contextValue = ACCEPTABLE_FAILURE;
  return message;
}

/** 0-based line of the spec's title: a `#` (not `##`) line after the leading empty lines, as the parser reads it. */
function titleLine(text: string): number | undefined {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => line !== "");
  const line = lines[index];
  return line !== undefined && line.startsWith("#") && !line.startsWith("##") ? index : undefined;
}

/** The spec's text as the editor has it, else the file's; undefined when neither can be read. */
export function specTextOf(file: string): string | undefined {
  const open = openDocumentOf(file);
  if (open) return open.getText();
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
