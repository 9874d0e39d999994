/**
 * Completion from the XMPP data (xmpp/xmppFacts.ts): the child elements a
 * parent allows (declaring `xmlns` where the child's namespace differs), the
 * attributes of an element, their enumerated values, and namespaces; each
 * item documented with its specification.
 */
import type { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupContent, Range } from "vscode-languageserver";
import { CLIENT_NAMESPACE } from "../language/syntaxTree";
import type { OpenElement } from "./xmlCursor";
import {
  allNamespaces,
  elementSchema,
  mucStatusCodes,
  mucStatusText,
  namespaceInfo,
  specLabel,
  specLink,
  valueMeaning,
  type ElementSchema,
  type QualifiedName,
} from "./xmpp/xmppFacts";

const KIND = { field: 5, value: 12, module: 9, property: 10 } satisfies Record<string, CompletionItemKind>;
const SNIPPET: InsertTextFormat = 2;
const TRIGGER_SUGGEST = { title: "Suggest", command: "editor.action.triggerSuggest" };

export const MUC_USER_NAMESPACE = "http://jabber.org/protocol/muc#user";
/** Namespaces whose top elements are never offered as a child of an element that takes any extension. */
const NOT_NESTED: ReadonlySet<string> = new Set([
  CLIENT_NAMESPACE, "jabber:server", "jabber:component:accept", "http://etherx.jabber.org/streams", "jabber:server:dialback",
  "urn:ietf:params:xml:ns:xmpp-stanzas", "urn:ietf:params:xml:ns:xmpp-streams", "urn:ietf:params:xml:ns:xmpp-sasl",
  "urn:ietf:params:xml:ns:xmpp-tls", "urn:ietf:params:xml:ns:xmpp-bind", "urn:ietf:params:xml:ns:xmpp-session",
]);

function markdown(value: string): MarkupContent {
  return { kind: "markdown", value };
}

function definedBy(namespace: string, schema: ElementSchema | undefined): string {
  const spec = schema?.spec ?? namespaceInfo(namespace)?.spec;
  return spec ? `Defined by ${specLink(spec)}.` : `In \`${namespace}\`.`;
}

/** "Attributes: `type` (required: get, set, result, error), `id` (required), `to`." */
export function attributeSummary(schema: ElementSchema): string {
  const parts = [...schema.attributes]
    .filter(([name]) => !name.includes(":"))
    .sort(([, a], [, b]) => Number(b.required ?? false) - Number(a.required ?? false))
    .map(([name, attribute]) => {
      const notes = [attribute.required ? "required" : "", attribute.values ? attribute.values.join(", ") : ""].filter(Boolean);
      return `\`${name}\`${notes.length > 0 ? ` (${notes.join(": ")})` : ""}`;
    });
  return parts.length > 0 ? `Attributes: ${parts.join(", ")}.` : "";
}

/** Offered elements by parent namespace and child, all but their edit: `<message>` offers ~270, and each is documented. */
const elementItems = new Map<string, Omit<CompletionItem, "textEdit">>();

function elementItem(parentNamespace: string, child: QualifiedName, range: Range, sortText: string): CompletionItem {
  const key = `${sortText} ${parentNamespace} ${child.namespace} ${child.name}`;
  let item = elementItems.get(key);
  if (!item) elementItems.set(key, (item = describedElementItem(parentNamespace, child, sortText)));
  const declare = child.namespace !== parentNamespace;
  return { ...item, textEdit: { range, newText: declare ? `${child.name} xmlns='${child.namespace}'` : child.name } };
}

function describedElementItem(parentNamespace: string, child: QualifiedName, sortText: string): Omit<CompletionItem, "textEdit"> {
  const schema = elementSchema(child.namespace, child.name);
  const declare = child.namespace !== parentNamespace;
  const spec = schema?.spec ?? namespaceInfo(child.namespace)?.spec;
  return {
    label: child.name,
    labelDetails: { description: child.namespace },
    kind: KIND.property,
    sortText: `${sortText}${child.name}`,
    filterText: child.name,
    detail: spec ? `${child.namespace} (${specLabel(spec)})` : child.namespace,
    documentation: markdown([
      `\`<${child.name}>\`${declare ? `, declares \`xmlns='${child.namespace}'\`` : ""}. ${definedBy(child.namespace, schema)}`,
      ...(schema ? [attributeSummary(schema)] : []),
    ].filter(Boolean).join("\n\n")),
  };
}

/** Elements to offer after `<` inside `parent`. */
export function childElementCompletions(parent: OpenElement, range: Range): CompletionItem[] {
  const schema = elementSchema(parent.namespace, parent.name.replace(/^.*:/, ""));
  const items: CompletionItem[] = [];
  const offered = new Set<string>();
  const add = (child: QualifiedName, sortText: string) => {
    const key = `${child.namespace} ${child.name}`;
    if (offered.has(key)) return;
    offered.add(key);
    items.push(elementItem(parent.namespace, child, range, sortText));
  };
  if (schema) {
    // What the parent itself lists: its own namespace's children first.
    for (const child of schema.children) add(child, "0");
  } else {
    for (const name of namespaceInfo(parent.namespace)?.elements ?? []) add({ namespace: parent.namespace, name }, "0");
  }
  if (!schema || schema.anyChildren) {
    // Extensions: the top element of every other namespace, with its declaration.
    for (const namespace of allNamespaces()) {
      if (namespace.uri === parent.namespace || NOT_NESTED.has(namespace.uri)) continue;
      for (const name of namespace.topElements) add({ namespace: namespace.uri, name }, "2");
    }
  }
  return items;
}

/** Attributes of `element` (in `namespace`) not yet in its start tag. */
export function schemaAttributeCompletions(element: string, namespace: string, present: ReadonlySet<string>, range: Range): CompletionItem[] {
  const schema = elementSchema(namespace, element.replace(/^.*:/, ""));
  if (!schema) return [];
  return [...schema.attributes]
    .filter(([name]) => !present.has(name))
    .map(([name, attribute]) => ({
      label: name,
      kind: KIND.field,
      sortText: `${attribute.required ? "0" : "1"}${name}`,
      detail: `${attribute.required ? "required" : "optional"} attribute of <${schema.name}>`,
      documentation: markdown([
        attribute.values ? `One of ${attribute.values.map((value) => `\`${value}\``).join(", ")}.` : "",
        definedBy(namespace, schema),
      ].filter(Boolean).join("\n\n")),
      insertTextFormat: SNIPPET,
      textEdit: { range, newText: `${name}='$1'` },
      command: TRIGGER_SUGGEST,
    }));
}

/** Enumerated values of an attribute (and the MUC status codes for `<status code>`). */
export function schemaValueCompletions(element: string, namespace: string, attribute: string, range: Range): CompletionItem[] {
  const localName = element.replace(/^.*:/, "");
  if (namespace === MUC_USER_NAMESPACE && localName === "status" && attribute === "code") return mucStatusCompletions(range);
  const values = elementSchema(namespace, localName)?.attributes.get(attribute)?.values ?? [];
  const spec = elementSchema(namespace, localName)?.spec;
  return values.map((value, index) => {
    const meaning = valueMeaning({ namespace, name: localName }, attribute, value);
    return {
      label: value,
      kind: KIND.value,
      sortText: `0${String(index).padStart(3, "0")}`,
      detail: `${localName} ${attribute}`,
      documentation: markdown([meaning ?? "", spec ? `${localName}/@${attribute} in ${specLink(spec)}.` : ""].filter(Boolean).join("\n\n")),
      textEdit: { range, newText: value },
    };
  });
}

function mucStatusCompletions(range: Range): CompletionItem[] {
  return mucStatusCodes().map(([code, status]) => ({
    label: code, kind: KIND.value, sortText: `0${code}`, detail: status.purpose,
    documentation: markdown(mucStatusText(code, status)),
    textEdit: { range, newText: code },
  }));
}

/** The values an element's text may take, when enumerated (`<show>`: away, chat, dnd, xa). */
export function textValueCompletions(element: OpenElement, range: Range): CompletionItem[] {
  const schema = elementSchema(element.namespace, element.name.replace(/^.*:/, ""));
  return (schema?.textValues ?? []).map((value, index) => ({
    label: value,
    kind: KIND.value,
    sortText: `0${String(index).padStart(3, "0")}`,
    detail: `<${schema!.name}> value`,
    documentation: markdown(definedBy(element.namespace, schema)),
    textEdit: { range, newText: value },
  }));
}

/** Every known namespace as an `xmlns` value. */
export function namespaceValueCompletions(range: Range): CompletionItem[] {
  return allNamespaces().map((namespace) => ({
    label: namespace.uri,
    kind: KIND.module,
    detail: namespace.spec ? specLabel(namespace.spec) : undefined,
    sortText: `${namespace.hasSchema ? "0" : "1"}${namespace.uri}`,
    documentation: markdown(namespace.spec ? `Defined by ${specLink(namespace.spec)}.` : "Known from ProcessOne's XMPP codec."),
    textEdit: { range, newText: namespace.uri },
  }));
}
