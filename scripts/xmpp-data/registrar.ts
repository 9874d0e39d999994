/**
 * The XSF registrar files read for what the editor shows: XEP and RFC titles
 * (reg.ent), the document that defines each namespace (namespaces.xml), the
 * MUC status codes (mucstatus.xml) and application-specific error conditions
 * (errors.xml). The files are flat, regular XML; plain patterns read them, and
 * a file whose entries no longer match is an error, not an empty table.
 */
import type { MucStatusData } from "@server/features/xmpp/xmppDataFormat";

export interface Registrar {
  /** Document key → title. */
  readonly documents: Map<string, string>;
  /** Namespace → document key. */
  readonly namespaceDocs: Map<string, string>;
  readonly mucStatusCodes: Map<string, MucStatusData>;
  /** Namespace → condition → description. */
  readonly conditions: Map<string, Map<string, string>>;
}

/** reg.ent's names for the RFCs it does not call rfcNNNN. */
const RFC_ENTITIES: Readonly<Record<string, string>> = { xmppcore: "rfc6120", xmppim: "rfc6121", xmppe2e: "rfc3923" };

function entityKey(entity: string): string | undefined {
  if (/^(xep\d{4}|rfc\d+)$/.test(entity)) return entity;
  return RFC_ENTITIES[entity];
}

function decode(text: string): string {
  return text.replace(/\s+/g, " ").trim()
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

function entries(xml: string, element: string, file: string): string[] {
  const found = [...xml.matchAll(new RegExp(`<${element}>([\\s\\S]*?)</${element}>`, "g"))].map((match) => match[1]!);
  if (found.length === 0) throw new Error(`${file}: no <${element}> entries found`);
  return found;
}

function child(entry: string, name: string): string | undefined {
  const match = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(entry);
  return match ? match[1] : undefined;
}

function firstDocument(docText: string | undefined): string | undefined {
  for (const match of (docText ?? "").matchAll(/&(\w+);/g)) {
    const key = entityKey(match[1]!);
    if (key) return key;
  }
  return undefined;
}

export function readRegistrar(files: Readonly<Record<"reg.ent" | "namespaces.xml" | "mucstatus.xml" | "errors.xml", string>>): Registrar {
  const documents = new Map<string, string>();
  for (const match of files["reg.ent"].matchAll(/<!ENTITY (\w+) "<link url='[^']*'>([^<]*)<\/link>"/g)) {
    const key = entityKey(match[1]!);
    if (!key) continue;
    // "XEP-0045: Multi-User Chat" → "Multi-User Chat"; "RFC 6120: XMPP Core" → "XMPP Core".
    const title = decode(match[2]!).replace(/^(XEP-\d{4}|RFC \d+):\s*/, "");
    documents.set(key, title);
  }
  if (documents.size === 0) throw new Error("reg.ent: no XEP or RFC entities found");

  const namespaceDocs = new Map<string, string>();
  for (const entry of entries(files["namespaces.xml"], "ns", "namespaces.xml")) {
    const name = child(entry, "name");
    const doc = firstDocument(child(entry, "doc"));
    if (name && doc) namespaceDocs.set(decode(name), doc);
  }

  const mucStatusCodes = new Map<string, MucStatusData>();
  for (const entry of entries(files["mucstatus.xml"], "statuscode", "mucstatus.xml")) {
    const number = decode(child(entry, "number") ?? "");
    mucStatusCodes.set(number, {
      stanza: decode(child(entry, "stanza") ?? ""),
      context: decode(child(entry, "context") ?? ""),
      purpose: decode(child(entry, "purpose") ?? ""),
    });
  }

  const conditions = new Map<string, Map<string, string>>();
  for (const entry of entries(files["errors.xml"], "condition", "errors.xml")) {
    const namespace = decode(child(entry, "ns") ?? "");
    let byElement = conditions.get(namespace);
    if (!byElement) conditions.set(namespace, (byElement = new Map()));
    byElement.set(decode(child(entry, "element") ?? ""), decode(child(entry, "desc") ?? ""));
  }
  return { documents, namespaceDocs, mucStatusCodes, conditions };
}
