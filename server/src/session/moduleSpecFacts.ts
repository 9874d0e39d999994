/**
 * What a module's specs say about the server they need, read with the language's parser: the
 * domains their clients log in to (one VirtualHost each) and the MUC services their stanzas
 * address (`room@chat.example.org` → a `chat.example.org` MUC component). Pure, over the specs'
 * texts; the generated config (servers/prosody/moduleConfig.ts) is built from it.
 */
import { parseSpec } from "../language/parser";
import { bareJid, domainOf } from "../language/jid";
import { propertyValue } from "../language/semantics";
import type { XmlElementNode } from "../language/syntaxTree";

export interface ModuleSpecFacts {
  /** The domains of the clients' JIDs, in order of first use. */
  readonly clientDomains: readonly string[];
  /** The domains of the `room@domain` JIDs the specs send to or expect from, that no client logs in to. */
  readonly roomDomains: readonly string[];
  /** Every stanza the specs send goes to a room or a room's service: the module is the MUC component's. */
  readonly onlyTalkToRooms: boolean;
}

/** The addresses a stanza names (`to`, and `from` of expected ones), without `${...}` ones the run fills in. */
function addressesOf(element: XmlElementNode, names: readonly string[]): string[] {
  return element.attributes
    .filter((attribute) => names.includes(attribute.name) && attribute.matcher.kind === "literal" && !attribute.value.includes("${"))
    .map((attribute) => attribute.value.trim())
    .filter((value) => value !== "");
}

export function moduleSpecFacts(specTexts: readonly string[]): ModuleSpecFacts {
  const clientDomains = new Set<string>();
  const addressed: { readonly jid: string; readonly sent: boolean }[] = [];
  let sentWithoutAddress = false;
  for (const text of specTexts) {
    const document = parseSpec(text);
    for (const client of document.clients) {
      const jid = propertyValue(client, "jid")?.trim();
      if (jid && !jid.includes("${")) clientDomains.add(domainOf(jid));
    }
    for (const action of document.actions) {
      if (action.kind !== "sends" && action.kind !== "receives") continue;
      for (const element of action.block?.elements ?? []) {
        const sent = action.kind === "sends";
        const addresses = addressesOf(element, sent ? ["to"] : ["from"]);
        if (sent && addresses.length === 0) sentWithoutAddress = true;
        for (const jid of addresses) addressed.push({ jid, sent });
      }
    }
  }
  const roomDomains = new Set<string>();
  for (const { jid } of addressed) {
    const bare = bareJid(jid);
    if (bare.includes("@") && !clientDomains.has(domainOf(bare))) roomDomains.add(domainOf(bare));
  }
  const sentTo = addressed.filter((address) => address.sent).map((address) => domainOf(address.jid));
  const onlyTalkToRooms = roomDomains.size > 0 && !sentWithoutAddress && sentTo.length > 0 && sentTo.every((domain) => roomDomains.has(domain));
  return { clientDomains: [...clientDomains], roomDomains: [...roomDomains], onlyTalkToRooms };
}
