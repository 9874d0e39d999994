/**
 * Hover text from the XMPP data: the specification that defines a namespace
 * or an element (number, title, link), an element's attributes and children,
 * and what an enumerated value means where the sources say (MUC status codes,
 * stanza error types and conditions, stanza types).
 */
import type { XmlAttributeNode, XmlElementNode } from "../language/syntaxTree";
import { attributeSummary, MUC_USER_NAMESPACE } from "./schemaCompletion";
import { conditionMeaning, elementSchema, mucStatusCode, mucStatusText, namespaceInfo, specLink, valueMeaning } from "./xmpp/xmppFacts";

export function describeNamespace(uri: string): string {
  const info = namespaceInfo(uri);
  if (!info) return `\`${uri}\`\n\nNot a namespace this extension knows.`;
  const lines = [`\`${uri}\``, "", info.spec ? `Defined by ${specLink(info.spec)}.` : "Known from ProcessOne's XMPP codec (no XEP or RFC)."];
  if (info.elements.length > 0) lines.push("", `Elements: ${info.elements.map((name) => `\`${name}\``).join(", ")}.`);
  return lines.join("\n");
}

/** What the data says about an element: its specification, meaning (error conditions), attributes, children. */
export function describeSchemaElement(element: XmlElementNode): string[] {
  const schema = elementSchema(element.namespace, element.localName);
  const info = namespaceInfo(element.namespace);
  const spec = schema?.spec ?? info?.spec;
  const lines: string[] = [];
  if (spec) lines.push(`Defined by ${specLink(spec)}.`);
  const meaning = conditionMeaning(element.namespace, element.localName);
  if (meaning) lines.push(meaning);
  if (schema) {
    const attributes = attributeSummary(schema);
    if (attributes) lines.push(attributes);
    const children = [...new Set(schema.children.map((child) => `\`${child.name}\``))];
    if (children.length > 0 || schema.anyChildren) {
      lines.push(`Children: ${children.join(", ")}${schema.anyChildren ? `${children.length > 0 ? ", and " : ""}any extension element` : ""}.`);
    }
  } else if (info?.hasSchema) {
    lines.push(`Not an element of this namespace in the schema.`);
  }
  return lines;
}

/** The meaning of an attribute's value, where the sources give one. */
export function describeValue(element: XmlElementNode, attribute: XmlAttributeNode): string | undefined {
  if (attribute.prefix !== undefined) return undefined;
  const value = attribute.value;
  if (element.namespace === MUC_USER_NAMESPACE && element.localName === "status" && attribute.localName === "code") {
    const status = mucStatusCode(value);
    return status ? mucStatusText(value, status) : `MUC status code **${value}** is not in the XMPP Registrar's list.`;
  }
  const meaning = valueMeaning({ namespace: element.namespace, name: element.localName }, attribute.localName, value);
  const allowed = elementSchema(element.namespace, element.localName)?.attributes.get(attribute.localName)?.values;
  if (!meaning && !allowed) return undefined;
  const lines = [`\`${attribute.localName}='${value}'\` of \`<${element.localName}>\``];
  if (meaning) lines.push("", meaning);
  if (allowed) lines.push("", `Allowed: ${allowed.map((candidate) => (candidate === value ? `**${candidate}**` : `\`${candidate}\``)).join(", ")}.`);
  return lines.join("\n");
}
