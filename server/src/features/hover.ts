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
import { findClient, KNOWN_PROPERTY_KEYS, propertyValue } from "../language/semantics";
import { bareJidOf } from "../language/semantics";
import { fullJidPreview } from "./clientFacts";
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
      return describeVariable(doc, located.variable);
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
      if (located.role === "attribute") return describeMatcher(located.attribute) ?? describeValue(located.element, located.attribute);
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
  if (bare === undefined) return `${title}\n\n**${name}** has no \`jid:\` property, so this has no value.`;
  if (variable.knownKind === "JID") {
    return `${title}\n\nBare JID of **${name}**: \`${bare}\`\n\nTaken from its \`jid:\` property; usable before ${name} connects.`;
  }
  return `${title}\n\nFull JID of **${name}**: \`${fullJidPreview(client)}\`\n\n` +
    `Bound when ${name} connects (${resourceOrigin(client)}); kept after ${name} disconnects.`;
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
    if (key === "password") rows.push(`| password | ${value ? "set" : "**not set**"} |`);
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
  if (full) lines.push("", `\`\${${client.name.text}'s JID}\` = \`${bareJidOf(client)}\`, \`\${${client.name.text}'s full JID}\` = \`${full}\``);
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

function describeMatcher(attribute: XmlAttributeNode): string | undefined {
  switch (attribute.matcher.kind) {
    case "any":
      return "**{scansion:any}**: the received stanza must carry this attribute; its value is not compared. (In a sends block it is sent literally.)";
    case "capture":
      return `**{scansion:capture:${attribute.matcher.name}}**: the attribute must be present; its value is bound to \`${attribute.matcher.name}\` at each match.`;
    case "literal":
      return undefined;
  }
}
