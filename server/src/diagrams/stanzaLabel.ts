/**
 * The short form of a stanza that labels its arrow: `iq get jabber:iq:version`,
 * `presence unavailable`, `message chat`. An iq names its payload's namespace
 * (what it asks); a presence or message names the first child from another
 * namespace when it has one (`presence · muc`), since its type alone says little.
 */
import type { ElementView } from "../stanzaModel/stanzaView";
import { shortNamespace } from "../stanzaModel/stanzaView";

export function stanzaLabel(stanza: ElementView): string {
  const parts = [stanza.localName];
  const type = stanza.attributes.find((attribute) => attribute.name === "type")?.value;
  if (type !== undefined && type !== "") parts.push(type);
  const payload = stanza.elements.find((child) => child.namespace !== stanza.namespace);
  if (stanza.localName === "iq") {
    if (payload) parts.push(payload.namespace);
  } else if (payload) {
    parts.push(`· ${shortNamespace(payload.namespace)}`);
  }
  return parts.join(" ");
}
