/**
 * Hover: what the thing under the cursor means. A variable shows its value,
 * a client name the client's properties (never the password itself), a
 * namespace or element name the specification it comes from.
 */
import type { Hover, Position } from "vscode-languageserver";
import { locateAt, type Located } from "../language/locate";
import type { ClientDefinition, SpecDocument, VariableReference, XmlAttributeNode, XmlElementNode } from "../language/syntaxTree";
import { CLIENT_NAMESPACE } from "../language/syntaxTree";
import { resourceOf } from "../language/jid";
import { findClient, KNOWN_PROPERTY_KEYS, logsInAnonymously, propertyValue } from "../language/semantics";
import { capturesAbove, captureUses } from "../language/captures";
import { bareJidOf } from "../language/semantics";
import { bareJidPreview, fullJidPreview } from "./clientFacts";
import { PROPERTY_DOCS } from "./clientChecks";
import { describeNamespace, describeSchemaElement, describeValue } from "./schemaHover";

export function hoverAt(doc: SpecDocument, position: Position): Hover | undefined {
  const located = locateAt(doc, position);
  if (!located) return undefined;
  const value = describe(doc, located);
  return value === undefined ? undefined : { contents: { kind: "markdown", value }, range: located.span.range };
}

function describe(doc: SpecDocument, located: Located): string | undefined {
  switch (located.kind) {
    case "variable":
      return located.variable.capture ? describeCaptureUse(doc, located) : describeVariable(doc, located.variable);
    case "clientName":
      return describeClient(located.client);
    case "actionClient": {
      const client = findClient(doc, located.span.text);
      return client ? describeClient(client) : `No client named **${located.span.text}** is defined.`;
    }
    case "property":
      return located.part === "key" ? describePropertyKey(located.span.text) : undefined;
    case "elementName":
      return describeElement(located.element, located.action.kind === "receives");
    case "attributeName":
      return located.role === "directive" ? describeDirective(located.attribute) : undefined;
    case "attributeValue":
      if (located.role === "namespaceDeclaration") return describeNamespace(located.attribute.value);
      if (located.role === "attribute") return describeMatcher(doc, located.attribute) ?? describeValue(located.element, located.attribute);
      return undefined;
    default:
      return undefined;
  }
}

function describeVariable(doc: SpecDocument, variable: VariableReference): string {
  const name = variable.client.text;
  const title = `\`\${${name}'s ${variable.kind.text}}\``;
  const client = findClient(doc, name);
  if (!client) return `${title}\n\nNo client named **${name}** is defined.`;
  if (variable.knownKind === undefined) {
    return `${title}\n\nUnknown variable kind: use \`JID\` (bare JID) or \`full JID\` (JID bound at connect).`;
  }
  const bare = bareJidOf(client);
  if (logsInAnonymously(client)) {
    return `${title}\n\n${variable.knownKind === "JID" ? "Bare" : "Full"} JID of **${name}**: \`${variable.knownKind === "JID" ? bareJidPreview(client) : fullJidPreview(client)}\`\n\n` +
      `${name} logs in anonymously (SASL ANONYMOUS): the server assigns the JID when ${name} connects; kept after ${name} disconnects.`;
  }
  if (bare === undefined) return `${title}\n\n**${name}** has no \`jid:\` property, so this has no value.`;
  if (variable.knownKind === "JID") {
    return `${title}\n\nBare JID of **${name}**: \`${bare}\`\n\nTaken from its \`jid:\` property; usable before ${name} connects.`;
  }
  return `${title}\n\nFull JID of **${name}**: \`${fullJidPreview(client)}\`\n\n` +
    `Bound when ${name} connects (${resourceOrigin(client)}); kept after ${name} disconnects.`;
}

function describeCaptureUse(doc: SpecDocument, located: Extract<Located, { kind: "variable" }>): string {
  const name = located.variable.client.text;
  const title = `\`\${${name}}\``;
  const binding = capturesAbove(doc, located.action, name).at(-1);
  if (!binding) {
    const client = findClient(doc, name) ? ` For ${name}'s JID write \`\${${name}'s JID}\`.` : "";
    return `${title}\n\nThe value captured as **${name}**, but no \`{scansion:capture:${name}}\` in a receives above binds it, so the run fails here.${client}`;
  }
  return `${title}\n\nThe value last captured as **${name}** before this step: by \`{scansion:capture:${name}}\` on line ${binding.nameRange.start.line + 1}` +
    " (a later capture of the name replaces it). Known when the spec runs; while debugging, hover shows it.";
}

function resourceOrigin(client: ClientDefinition): string {
  const jid = propertyValue(client, "jid");
  if (jid !== undefined && resourceOf(jid) !== undefined) return "resource requested from its `jid:`";
  if (propertyValue(client, "resource")) return "resource requested by its `resource:` property";
  return "the server chooses the resource";
}

function describeClient(client: ClientDefinition): string {
  const rows = ["| property | value |", "|---|---|"];
  for (const key of KNOWN_PROPERTY_KEYS) {
    const value = propertyValue(client, key);
    if (key === "password") rows.push(`| password | ${value ? "set" : logsInAnonymously(client) ? "none: logs in anonymously (SASL ANONYMOUS)" : "**not set**"} |`);
    else if (value !== undefined) rows.push(`| ${key} | \`${value}\` |`);
    else if (key === "jid") rows.push("| jid | **not set** |");
  }
  const known: ReadonlySet<string> = new Set(KNOWN_PROPERTY_KEYS);
  // Values of unknown keys are not shown: a misspelt password key must not leak its value.
  for (const property of client.properties) {
    if (!known.has(property.key.text)) rows.push(`| ${property.key.text} | (unknown property) |`);
  }
  const lines = [`**[${client.className.text}] ${client.name.text}**, defined on line ${client.headerRange.start.line + 1}`, "", ...rows];
  const full = fullJidPreview(client);
  if (full) lines.push("", `\`\${${client.name.text}'s JID}\` = \`${bareJidPreview(client)}\`, \`\${${client.name.text}'s full JID}\` = \`${full}\``);
  return lines.join("\n");
}

function describePropertyKey(key: string): string | undefined {
  const doc = (PROPERTY_DOCS as Record<string, string>)[key];
  return doc ? `**${key}**: ${doc}` : `**${key}** is not a client property and is ignored; known: ${KNOWN_PROPERTY_KEYS.join(", ")}.`;
}

function describeElement(element: XmlElementNode, inReceives: boolean): string {
  const lines = [`\`<${element.name}>\` in \`${element.namespace || "(no namespace)"}\``];
  for (const line of describeSchemaElement(element)) lines.push("", line);
  if (inReceives) {
    const strict = element.strict ?? element.namespace !== CLIENT_NAMESPACE;
    const why = element.strict !== undefined ? "set by scansion:strict" : `default for ${element.namespace === CLIENT_NAMESPACE ? "jabber:client" : "a namespaced element"}`;
    lines.push("", strict
      ? `Compared strictly (${why}): same attributes and children, in the same order.`
      : `Compared leniently (${why}): extra attributes and children are allowed, order is ignored.`);
  }
  return lines.join("\n");
}

function describeDirective(attribute: XmlAttributeNode): string | undefined {
  if (attribute.localName !== "strict") return undefined;
  return "**scansion:strict**: `true` compares this element strictly (same attributes and children, in order), " +
    "`false` leniently (extras allowed, order ignored). Overrides the default: lenient for jabber:client, strict for other namespaces.";
}

function describeMatcher(doc: SpecDocument, attribute: XmlAttributeNode): string | undefined {
  switch (attribute.matcher.kind) {
    case "any":
      return "**{scansion:any}**: the received stanza must carry this attribute; its value is not compared. (In a sends block it is sent literally.)";
    case "capture": {
      const name = attribute.matcher.name;
      const uses = captureUses(doc).filter((use) => use.variable.client.text === name).map((use) => use.variable.range.start.line + 1);
      return `**{scansion:capture:${name}}**: the attribute must be present; its value is bound to \`${name}\` at each match` +
        (uses.length > 0 ? `, for \`\${${name}}\` on line${uses.length === 1 ? "" : "s"} ${[...new Set(uses)].join(", ")}.` : ".");
    }
    case "literal":
      return undefined;
  }
}
