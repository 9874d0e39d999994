/**
 * Scansion text the recorder writes (issue #5): a new spec's header, a step
 * appended after what the spec already holds, and the checks of what the
 * person types before it becomes text (a stanza, a client's name and JID).
 * Every check reads the text back with `parseSpec`, as the runner will.
 */
import { jidProblem } from "../language/jid";
import { parseSpec } from "../language/parser";
import type { Action, XmlElementNode } from "../language/syntaxTree";

/** A client the person names for a new spec. */
export interface NewClient {
  readonly name: string;
  readonly jid: string;
  readonly password: string;
}

const SEPARATOR = "-----";

/** A one-action spec around `actionText`: the parser needs the client's name defined to read the action. */
export function parseAction(name: string, actionText: string): { action: Action | undefined; problem: string | undefined; elements: readonly XmlElementNode[] } {
  const doc = parseSpec(`[Client] ${name}\n\n${SEPARATOR}\n\n${actionText}\n`);
  const separatorLine = doc.separator?.range.start.line ?? 0;
  const problem = doc.problems.find((candidate) => candidate.severity === "error" && candidate.range.start.line > separatorLine)?.message;
  const action = doc.actions[0];
  const elements = action?.kind === "sends" && action.block ? action.block.elements : [];
  return { action, problem, elements };
}

export function sendActionText(name: string, xml: string): string {
  return `${name} sends:\n${xml.split(/\r?\n/).map((line) => `\t${line}`).join("\n")}`;
}

/** Why typed text cannot be sent as one stanza (one line), or undefined when it can. */
export function stanzaInputProblem(xml: string): string | undefined {
  if (xml.trim() === "") return "type a stanza, e.g. <presence/>";
  const { problem, elements } = parseAction("Recorder", sendActionText("Recorder", xml));
  if (problem !== undefined) return problem;
  return elements.length === 1 ? undefined : `type one stanza at a time (this is ${elements.length})`;
}

/** The names of the clients a spec's text defines, in order. */
export function definedClientNames(specText: string): string[] {
  return [...new Set(parseSpec(specText).clients.map((client) => client.name.text))];
}

/** `[Client] Name` definitions for new clients, separated by a blank line. */
export function clientDefinitionsText(clients: readonly NewClient[], indent = "\t"): string {
  return clients.map((client) => `[Client] ${client.name}\n${indent}jid: ${client.jid}\n${indent}password: ${client.password}\n`).join("\n");
}

/** A new spec: title, client definitions and the separator, ready for recorded steps. */
export function newSpecText(clients: readonly NewClient[], title = "Recorded spec"): string {
  return `# ${title}\n\n${clientDefinitionsText(clients)}\n${SEPARATOR}\n\n`;
}

/**
 * What to insert at the end of `documentText` so that `stepText` follows as a
 * paragraph of its own (a blank line before it), after a separator when the
 * spec has none and no action yet.
 */
export function textToAppend(documentText: string, stepText: string): string {
  let prefix = documentText === "" || documentText.endsWith("\n") ? "" : "\n";
  if (documentText.trim() !== "") {
    const trailingNewlines = (/\s*$/.exec(documentText)![0] + prefix).split("\n").length - 1;
    prefix += "\n".repeat(Math.max(0, 2 - trailingNewlines));
  }
  const doc = parseSpec(documentText);
  if (doc.separator === undefined && doc.actions.length === 0) prefix += `${SEPARATOR}\n\n`;
  return prefix + stepText;
}

/** Why a new client's name cannot be used (one line), or undefined. */
export function clientNameProblem(name: string, takenNames: readonly string[]): string | undefined {
  if (name.trim() === "") return "type a name, e.g. Romeo";
  if (name !== name.trim()) return "a name cannot start or end with a space";
  if (/^[#[\-/]/.test(name)) return "a name cannot start with #, [, - or /";
  if (/[{}\n\r\t]/.test(name)) return "a name cannot contain braces, tabs or line breaks";
  if (/(^| )(connects|disconnects|sends:?|receives:?)$/.test(name)) return "a name cannot end with a verb";
  if (takenNames.includes(name)) return `there is already a client named ${name}`;
  return undefined;
}

/** Why a new client's JID cannot log in (one line), or undefined. */
export function newClientJidProblem(jid: string): string | undefined {
  const problem = jidProblem(jid);
  return problem && `${problem}: type a JID like romeo@localhost (a resource after / is optional)`;
}
