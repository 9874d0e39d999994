/**
 * Completion: what may be typed at the cursor, decided from the current
 * line's text (and, inside a stanza block, the block's text up to the cursor)
 * plus the client definitions of the tree. The tree of a half-typed line is
 * often incomplete, so the text decides the context; the tree supplies names.
 */
import type {
  CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  MarkupContent,
  Position,
  Range,
} from "vscode-languageserver";
import type { Action, ClientDefinition, SpecDocument } from "../language/syntaxTree";
import { CLIENT_NAMESPACE } from "../language/syntaxTree";
import { clientsByName, KNOWN_PROPERTY_KEYS, propertyValue } from "../language/semantics";
import { bareJidPreview, fullJidPreview } from "./clientFacts";
import { PROPERTY_DOCS } from "./clientChecks";
import {
  childElementCompletions,
  namespaceValueCompletions,
  schemaAttributeCompletions,
  schemaValueCompletions,
  textValueCompletions,
} from "./schemaCompletion";
import { xmlCursorAt, type XmlCursor } from "./xmlCursor";
import { actionAbove } from "../language/locate";
import { capturesAbove } from "../language/captures";

const KIND = {
  field: 5, variable: 6, class: 7, module: 9, property: 10, value: 12, keyword: 14, snippet: 15,
} satisfies Record<string, CompletionItemKind>;
const SNIPPET: InsertTextFormat = 2;
const TRIGGER_SUGGEST = { title: "Suggest", command: "editor.action.triggerSuggest" };

const VERBS: ReadonlyArray<{ label: string; insert: string; snippet: boolean; documentation: string }> = [
  { label: "connects", insert: "connects", snippet: false, documentation: "Logs the client in (SASL, resource binding); its full JID is bound here." },
  { label: "disconnects", insert: "disconnects", snippet: false, documentation: "Closes the client's stream." },
  { label: "sends:", insert: "sends:\n\t$0", snippet: true, documentation: "Sends the stanza of the indented block below." },
  { label: "receives:", insert: "receives:\n\t$0", snippet: true, documentation: "Expects the stanza of the indented block below to arrive next." },
  { label: "receives: nothing", insert: "receives: nothing", snippet: false, documentation: "Expects that no stanza arrives." },
];

const STANZAS = ["message", "presence", "iq"];

/**
 * Characters after which the editor asks again: `${`, `<`, `</`, the quotes of
 * attribute values, the space after a client name, `[` of a client definition.
 */
export const COMPLETION_TRIGGER_CHARACTERS: readonly string[] = ["{", "<", "/", "'", '"', " ", "["];

export function completionsAt(doc: SpecDocument, position: Position): CompletionItem[] {
  const line = doc.lines[position.line] ?? "";
  const prefix = line.slice(0, position.character);
  const variableStart = unclosedVariableStart(prefix);
  if (variableStart !== undefined) return variableCompletions(doc, position, variableStart, line);
  if (doc.separator && position.line === doc.separator.range.start.line) return [];
  if (inHeader(doc, position.line)) return headerCompletions(doc, position, prefix);
  if (/^\s/.test(prefix)) {
    const action = actionAbove(doc.actions, position.line);
    return action ? blockCompletions(doc, action, position, line) : [];
  }
  return actionLineCompletions(doc, position, prefix);
}

/** Column just after an unclosed `${` in the text before the cursor. */
function unclosedVariableStart(prefix: string): number | undefined {
  const open = prefix.lastIndexOf("${");
  return open >= 0 && !prefix.includes("}", open) ? open + 2 : undefined;
}

function inHeader(doc: SpecDocument, line: number): boolean {
  if (doc.separator) return line < doc.separator.range.start.line;
  const first = doc.actions[0];
  return first === undefined || line < first.lineRange.start.line;
}

function rangeOn(line: number, start: number, end: number): Range {
  return { start: { line, character: start }, end: { line, character: end } };
}

function markdown(value: string): MarkupContent {
  return { kind: "markdown", value };
}

function uniqueClients(doc: SpecDocument): ClientDefinition[] {
  return [...clientsByName(doc).values()].filter((client) => client.name.text !== "");
}

function variableCompletions(doc: SpecDocument, position: Position, start: number, line: string): CompletionItem[] {
  // Replace what is typed after `${`, and an existing closing brace right after the cursor's word.
  const rest = line.slice(position.character);
  // Names may hold apostrophes, so only markup characters end the search.
  const close = /^[^${}<>"=]*\}/.exec(rest);
  const range = rangeOn(position.line, start, position.character + (close ? close[0].length : 0));
  const items: CompletionItem[] = [];
  for (const client of uniqueClients(doc)) {
    const name = client.name.text;
    const bare = bareJidPreview(client);
    const full = fullJidPreview(client);
    items.push({
      label: `${name}'s JID`, kind: KIND.variable, detail: bare ?? "(no jid: property)", filterText: `${name}'s JID`,
      documentation: markdown(`Bare JID of **${name}**, from its \`jid:\` property${bare ? `: \`${bare}\`` : ""}.`),
      textEdit: { range, newText: `${name}'s JID}` },
    });
    items.push({
      label: `${name}'s full JID`, kind: KIND.variable, detail: full ?? "(no jid: property)", filterText: `${name}'s full JID`,
      documentation: markdown(`Full JID of **${name}**, bound when ${name} connects${full ? `: \`${full}\`` : ""}.`),
      textEdit: { range, newText: `${name}'s full JID}` },
    });
  }
  return [...items, ...captureCompletions(doc, position, range)];
}

/** The names captured in the actions above the cursor's, each once (the line of its last capture as detail). */
function captureCompletions(doc: SpecDocument, position: Position, range: Range): CompletionItem[] {
  const current = actionAbove(doc.actions, position.line);
  const lastLine = new Map<string, number>();
  for (const site of current ? capturesAbove(doc, current) : []) lastLine.set(site.name, site.nameRange.start.line + 1);
  return [...lastLine].map(([name, line]) => ({
    label: name, kind: KIND.variable, detail: `captured on line ${line}`, filterText: name, sortText: `0${name}`,
    documentation: markdown(`The value last captured by \`{scansion:capture:${name}}\` above (line ${line}).`),
    textEdit: { range, newText: `${name}}` },
  }));
}

function headerCompletions(doc: SpecDocument, position: Position, prefix: string): CompletionItem[] {
  const bracket = /^\[[A-Za-z]*$/.exec(prefix);
  if (bracket) {
    return [{
      label: "[Client]", kind: KIND.snippet, insertTextFormat: SNIPPET,
      documentation: "A client: its name, then indented jid and password lines.",
      textEdit: { range: rangeOn(position.line, 0, position.character), newText: "[Client] ${1:Name}\n\tjid: ${2:name@localhost}\n\tpassword: ${3:password}\n" },
    }];
  }
  const key = /^(\s+)([A-Za-z_]*)$/.exec(prefix);
  if (!key) return [];
  const client = [...doc.clients].reverse().find((candidate) => candidate.headerRange.start.line < position.line);
  if (!client) return [];
  const present = new Set(client.properties.filter((p) => p.range.start.line !== position.line).map((p) => p.key.text));
  const range = rangeOn(position.line, key[1]!.length, position.character);
  return KNOWN_PROPERTY_KEYS.filter((name) => !present.has(name)).map((name, index) => ({
    label: name, kind: KIND.property, sortText: String(index), documentation: PROPERTY_DOCS[name],
    textEdit: { range, newText: `${name}: ` },
  }));
}

function actionLineCompletions(doc: SpecDocument, position: Position, prefix: string): CompletionItem[] {
  if (/^(#|\/\/|--)/.test(prefix)) return [];
  const clients = uniqueClients(doc);
  const items: CompletionItem[] = [];
  // The longest name followed by a space, as the parser reads action lines.
  const actor = clients
    .filter((client) => prefix.startsWith(`${client.name.text} `))
    .sort((a, b) => b.name.text.length - a.name.text.length)[0];
  if (actor) {
    const verbStart = actor.name.text.length + (/^ */.exec(prefix.slice(actor.name.text.length))![0].length);
    const typed = prefix.slice(verbStart);
    const range = rangeOn(position.line, verbStart, position.character);
    VERBS.forEach((verb, index) => {
      if (!verb.label.startsWith(typed)) return;
      items.push({
        label: verb.label, kind: KIND.keyword, sortText: String(index), documentation: verb.documentation,
        textEdit: { range, newText: verb.insert }, ...(verb.snippet ? { insertTextFormat: SNIPPET } : {}),
      });
    });
  }
  const nameRange = rangeOn(position.line, 0, position.character);
  for (const client of clients) {
    const name = client.name.text;
    if (actor && !(name.startsWith(prefix) && name.length > prefix.length)) continue;
    items.push({
      label: name, kind: KIND.class, detail: propertyValue(client, "jid") ?? "(no jid)",
      textEdit: { range: nameRange, newText: `${name} ` }, command: TRIGGER_SUGGEST,
    });
  }
  return items;
}

function blockCompletions(doc: SpecDocument, action: Action, position: Position, line: string): CompletionItem[] {
  if (action.kind === "connects" || action.kind === "disconnects") return [];
  const firstLine = action.lineRange.start.line + 1;
  const before = doc.lines.slice(firstLine, position.line);
  before.push(line.slice(0, position.character));
  const text = before.join("\n");
  const cursor = xmlCursorAt(text);
  // Offsets in `text` that lie on the cursor's line map to columns like this.
  const lineOffset = text.length - position.character;
  const toColumn = (offset: number) => Math.max(0, offset - lineOffset);
  switch (cursor.kind) {
    case "elementName":
      return elementNameCompletions(cursor, rangeOn(position.line, toColumn(cursor.start), position.character));
    case "closingTag": {
      const innermost = cursor.open[cursor.open.length - 1];
      if (!innermost || cursor.start < lineOffset) return [];
      return [{
        label: `</${innermost.name}>`, kind: KIND.property, detail: "closes the open element",
        textEdit: { range: rangeOn(position.line, toColumn(cursor.start), position.character), newText: `</${innermost.name}>` },
      }];
    }
    case "attributeName":
      return attributeNameCompletions(cursor, action.kind === "receives", rangeOn(position.line, toColumn(cursor.start), position.character));
    case "attributeValue": {
      const valueEnd = line.indexOf(cursor.quote, position.character);
      const end = valueEnd >= 0 ? valueEnd : position.character;
      return attributeValueCompletions(doc, cursor, action.kind === "receives", rangeOn(position.line, toColumn(cursor.start), end));
    }
    case "text": {
      // Enumerated text (`<show>`): the word being typed after the last tag on the line.
      const innermost = cursor.open[cursor.open.length - 1];
      const word = /[\w-]*$/.exec(line.slice(0, position.character))!;
      const tagEnd = line.lastIndexOf(">", position.character - 1);
      if (!innermost || tagEnd < 0 || /\S/.test(line.slice(tagEnd + 1, word.index))) return [];
      return textValueCompletions(innermost, rangeOn(position.line, word.index, position.character));
    }
  }
}

function elementNameCompletions(cursor: Extract<XmlCursor, { kind: "elementName" }>, range: Range): CompletionItem[] {
  const parent = cursor.open[cursor.open.length - 1];
  if (parent) return childElementCompletions(parent, range);
  return STANZAS.map((name) => ({
    label: name, kind: KIND.property, detail: `stanza (${CLIENT_NAMESPACE})`, textEdit: { range, newText: name },
  }));
}

function attributeNameCompletions(
  cursor: Extract<XmlCursor, { kind: "attributeName" }>,
  inReceives: boolean,
  range: Range,
): CompletionItem[] {
  const items: CompletionItem[] = [];
  const add = (name: string, newText: string, documentation: string, sortText: string) => {
    if (cursor.present.has(name)) return;
    items.push({
      label: name, kind: KIND.field, sortText, documentation, insertTextFormat: SNIPPET,
      textEdit: { range, newText }, command: TRIGGER_SUGGEST,
    });
  };
  items.push(...schemaAttributeCompletions(cursor.element, cursor.namespace, cursor.present, range));
  add("xmlns", "xmlns='$1'", "Declares the element's namespace.", "2");
  if (inReceives && !cursor.present.has("scansion:strict")) {
    items.push({
      label: "scansion:strict", kind: KIND.field, sortText: "3", insertTextFormat: SNIPPET,
      documentation: markdown("Compares this element strictly (`true`: same attributes and children, in order) or leniently (`false`: extra ones allowed), overriding the namespace default."),
      textEdit: { range, newText: "scansion:strict='${1|true,false|}'" },
    });
  }
  return items;
}

function attributeValueCompletions(
  doc: SpecDocument,
  cursor: Extract<XmlCursor, { kind: "attributeValue" }>,
  inReceives: boolean,
  range: Range,
): CompletionItem[] {
  const value = (label: string, detail: string, sortText: string, extra: Partial<CompletionItem> = {}): CompletionItem => ({
    label, kind: KIND.value, detail, sortText, textEdit: { range, newText: label }, ...extra,
  });
  if (cursor.attribute === "xmlns" || cursor.attribute.startsWith("xmlns:")) return namespaceValueCompletions(range);
  if (cursor.attribute === "scansion:strict") {
    return [value("true", "compare strictly", "0"), value("false", "compare leniently", "1")];
  }
  const items = schemaValueCompletions(cursor.element, cursor.namespace, cursor.attribute, range);
  if (inReceives) {
    items.push(value("{scansion:any}", "any value: the attribute must only be present", "1", {
      documentation: markdown("Matches any value; the received stanza must carry the attribute."),
    }));
    items.push({
      label: "{scansion:capture:NAME}", kind: KIND.snippet, sortText: "2", insertTextFormat: SNIPPET,
      detail: "any value, remembered as NAME",
      documentation: markdown("Matches any value and binds it to NAME (rebound at each match)."),
      textEdit: { range, newText: "{scansion:capture:${1:name}}" },
    });
  }
  for (const client of uniqueClients(doc)) {
    const name = client.name.text;
    items.push(value(`\${${name}'s JID}`, bareJidPreview(client) ?? "bare JID", `3${name}`, { kind: KIND.variable }));
    items.push(value(`\${${name}'s full JID}`, fullJidPreview(client) ?? "full JID", `4${name}`, { kind: KIND.variable }));
  }
  return items;
}
