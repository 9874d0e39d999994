/**
 * What the editor knows about common XMPP namespaces: a short name, the
 * specification that defines each one and the element names it typically
 * holds. Completion offers these as `xmlns` values and element names; hover
 * links a namespace or an element to its specification.
 */

export interface SpecReference {
  readonly kind: "XEP" | "RFC";
  readonly number: number;
  readonly title: string;
  readonly url: string;
}

export interface XmppNamespace {
  readonly uri: string;
  /** A few words saying what the namespace is for. */
  readonly shortName: string;
  readonly spec: SpecReference;
  /** Element names typically found in this namespace, the usual top element first. */
  readonly elements: readonly string[];
}

function xep(number: number, title: string): SpecReference {
  const padded = String(number).padStart(4, "0");
  return { kind: "XEP", number, title, url: `https://xmpp.org/extensions/xep-${padded}.html` };
}

function rfc(number: number, title: string): SpecReference {
  return { kind: "RFC", number, title, url: `https://www.rfc-editor.org/rfc/rfc${number}` };
}

const RFC6120 = rfc(6120, "Extensible Messaging and Presence Protocol (XMPP): Core");
const RFC6121 = rfc(6121, "Extensible Messaging and Presence Protocol (XMPP): Instant Messaging and Presence");
const DISCO = xep(30, "Service Discovery");
const MUC = xep(45, "Multi-User Chat");
const PUBSUB = xep(60, "Publish-Subscribe");

const STANZA_ERROR_CONDITIONS = [
  "bad-request", "conflict", "feature-not-implemented", "forbidden", "gone", "internal-server-error",
  "item-not-found", "jid-malformed", "not-acceptable", "not-allowed", "not-authorized", "policy-violation",
  "recipient-unavailable", "redirect", "registration-required", "remote-server-not-found",
  "remote-server-timeout", "resource-constraint", "service-unavailable", "subscription-required",
  "undefined-condition", "unexpected-request", "text",
];

const PUBSUB_ERROR_CONDITIONS = [
  "closed-node", "configuration-required", "invalid-jid", "invalid-options", "invalid-payload",
  "invalid-subid", "item-forbidden", "item-required", "jid-required", "max-items-exceeded",
  "max-nodes-exceeded", "nodeid-required", "not-in-roster-group", "not-subscribed", "payload-too-big",
  "payload-required", "pending-subscription", "precondition-not-met", "presence-subscription-required",
  "subid-required", "too-many-subscriptions", "unsupported", "unsupported-access-model",
];

export const XMPP_NAMESPACES: readonly XmppNamespace[] = [
  { uri: "jabber:client", shortName: "Client stanzas", spec: RFC6120,
    elements: ["message", "presence", "iq", "body", "subject", "thread", "show", "status", "priority", "error"] },
  { uri: "http://etherx.jabber.org/streams", shortName: "XML streams", spec: RFC6120,
    elements: ["stream", "features", "error"] },
  { uri: "urn:ietf:params:xml:ns:xmpp-stanzas", shortName: "Stanza error conditions", spec: RFC6120,
    elements: STANZA_ERROR_CONDITIONS },
  { uri: "jabber:iq:roster", shortName: "Roster management", spec: RFC6121,
    elements: ["query", "item", "group"] },
  { uri: "jabber:iq:version", shortName: "Software version", spec: xep(92, "Software Version"),
    elements: ["query", "name", "version", "os"] },
  { uri: "jabber:iq:register", shortName: "In-band registration", spec: xep(77, "In-Band Registration"),
    elements: ["query", "instructions", "username", "password", "email", "nick", "registered", "remove"] },
  { uri: "jabber:iq:private", shortName: "Private XML storage", spec: xep(49, "Private XML Storage"),
    elements: ["query"] },
  { uri: "jabber:iq:last", shortName: "Last activity", spec: xep(12, "Last Activity"),
    elements: ["query"] },
  { uri: "urn:xmpp:ping", shortName: "Ping", spec: xep(199, "XMPP Ping"),
    elements: ["ping"] },
  { uri: "urn:xmpp:time", shortName: "Entity time", spec: xep(202, "Entity Time"),
    elements: ["time", "tzo", "utc"] },
  { uri: "urn:xmpp:delay", shortName: "Delayed delivery", spec: xep(203, "Delayed Delivery"),
    elements: ["delay"] },
  { uri: "urn:xmpp:mam:2", shortName: "Message archive", spec: xep(313, "Message Archive Management"),
    elements: ["query", "result", "fin", "prefs", "always", "never", "jid", "metadata"] },
  { uri: "urn:xmpp:sid:0", shortName: "Stanza IDs", spec: xep(359, "Unique and Stable Stanza IDs"),
    elements: ["stanza-id", "origin-id"] },
  { uri: "urn:xmpp:blocking", shortName: "Blocking", spec: xep(191, "Blocking Command"),
    elements: ["blocklist", "block", "unblock", "item"] },
  { uri: "urn:xmpp:blocking:errors", shortName: "Blocking errors", spec: xep(191, "Blocking Command"),
    elements: ["blocked"] },
  { uri: "urn:xmpp:carbons:2", shortName: "Message carbons", spec: xep(280, "Message Carbons"),
    elements: ["enable", "disable", "received", "sent", "private"] },
  { uri: "urn:xmpp:forward:0", shortName: "Forwarded stanza", spec: xep(297, "Stanza Forwarding"),
    elements: ["forwarded"] },
  { uri: "urn:xmpp:bookmarks:1", shortName: "Bookmarks (PEP)", spec: xep(402, "PEP Native Bookmarks"),
    elements: ["conference", "nick", "password", "extensions"] },
  { uri: "storage:bookmarks", shortName: "Bookmarks (legacy)", spec: xep(48, "Bookmarks"),
    elements: ["storage", "conference", "url", "nick", "password"] },
  { uri: "urn:xmpp:extdisco:2", shortName: "External services", spec: xep(215, "External Service Discovery"),
    elements: ["services", "service", "credentials"] },
  { uri: "urn:xmpp:http:upload:0", shortName: "HTTP upload", spec: xep(363, "HTTP File Upload"),
    elements: ["request", "slot", "put", "get", "header", "file-too-large", "max-file-size", "retry"] },
  { uri: "urn:ietf:params:xml:ns:vcard-4.0", shortName: "vCard 4 (xCard)", spec: rfc(6351, "xCard: vCard XML Representation"),
    elements: ["vcard", "fn", "n", "nickname", "email", "tel", "adr", "url", "note", "photo", "text", "uri"] },
  { uri: "vcard-temp", shortName: "vCard (legacy)", spec: xep(54, "vcard-temp"),
    elements: ["vCard", "FN", "N", "NICKNAME", "PHOTO", "EMAIL", "TEL", "ADR", "URL", "DESC"] },
  { uri: "vcard-temp:x:update", shortName: "vCard avatar update", spec: xep(153, "vCard-Based Avatars"),
    elements: ["x", "photo"] },
  { uri: "jabber:x:data", shortName: "Data form", spec: xep(4, "Data Forms"),
    elements: ["x", "field", "value", "option", "title", "instructions", "reported", "item", "required", "desc"] },
  { uri: "http://jabber.org/protocol/xdata-validate", shortName: "Data form validation", spec: xep(122, "Data Forms Validation"),
    elements: ["validate", "basic", "open", "range", "regex", "list-range"] },
  { uri: "http://jabber.org/protocol/disco#info", shortName: "Service discovery (info)", spec: DISCO,
    elements: ["query", "identity", "feature"] },
  { uri: "http://jabber.org/protocol/disco#items", shortName: "Service discovery (items)", spec: DISCO,
    elements: ["query", "item"] },
  { uri: "http://jabber.org/protocol/muc", shortName: "Multi-user chat (join)", spec: MUC,
    elements: ["x", "password", "history"] },
  { uri: "http://jabber.org/protocol/muc#user", shortName: "Multi-user chat (occupant)", spec: MUC,
    elements: ["x", "item", "status", "invite", "decline", "destroy", "password", "actor", "reason", "continue"] },
  { uri: "http://jabber.org/protocol/muc#owner", shortName: "Multi-user chat (owner)", spec: MUC,
    elements: ["query", "destroy", "reason", "password"] },
  { uri: "http://jabber.org/protocol/muc#admin", shortName: "Multi-user chat (admin)", spec: MUC,
    elements: ["query", "item", "actor", "reason"] },
  { uri: "jabber:x:conference", shortName: "Direct MUC invitation", spec: xep(249, "Direct MUC Invitations"),
    elements: ["x"] },
  { uri: "http://jabber.org/protocol/pubsub", shortName: "Publish-subscribe", spec: PUBSUB,
    elements: ["pubsub", "publish", "items", "item", "retract", "subscribe", "unsubscribe", "subscription",
      "subscriptions", "affiliations", "affiliation", "create", "configure", "options", "publish-options", "default"] },
  { uri: "http://jabber.org/protocol/pubsub#owner", shortName: "Publish-subscribe (owner)", spec: PUBSUB,
    elements: ["pubsub", "configure", "default", "delete", "purge", "subscriptions", "subscription",
      "affiliations", "affiliation", "redirect"] },
  { uri: "http://jabber.org/protocol/pubsub#event", shortName: "Publish-subscribe (event)", spec: PUBSUB,
    elements: ["event", "items", "item", "retract", "delete", "purge", "configuration", "subscription", "collection", "redirect"] },
  { uri: "http://jabber.org/protocol/pubsub#errors", shortName: "Publish-subscribe (errors)", spec: PUBSUB,
    elements: PUBSUB_ERROR_CONDITIONS },
  { uri: "http://jabber.org/protocol/caps", shortName: "Entity capabilities", spec: xep(115, "Entity Capabilities"),
    elements: ["c"] },
  { uri: "http://jabber.org/protocol/nick", shortName: "User nickname", spec: xep(172, "User Nickname"),
    elements: ["nick"] },
  { uri: "http://jabber.org/protocol/rsm", shortName: "Result set management", spec: xep(59, "Result Set Management"),
    elements: ["set", "max", "before", "after", "first", "last", "index", "count"] },
  { uri: "http://jabber.org/protocol/commands", shortName: "Ad-hoc commands", spec: xep(50, "Ad-Hoc Commands"),
    elements: ["command", "actions", "note", "prev", "next", "complete"] },
  { uri: "http://jabber.org/protocol/mood", shortName: "User mood", spec: xep(107, "User Mood"),
    elements: ["mood", "text"] },
  { uri: "http://jabber.org/protocol/tune", shortName: "User tune", spec: xep(118, "User Tune"),
    elements: ["tune", "artist", "length", "rating", "source", "title", "track", "uri"] },
  { uri: "urn:xmpp:pars:0", shortName: "Pre-authenticated roster subscription", spec: xep(379, "Pre-Authenticated Roster Subscription"),
    elements: ["preauth"] },
  { uri: "urn:xmpp:hints", shortName: "Processing hints", spec: xep(334, "Message Processing Hints"),
    elements: ["no-permanent-store", "no-store", "no-copy", "store"] },
  { uri: "urn:xmpp:chat-markers:0", shortName: "Displayed markers", spec: xep(333, "Displayed Markers (formerly Chat Markers)"),
    elements: ["markable", "received", "displayed", "acknowledged"] },
];

const BY_URI: ReadonlyMap<string, XmppNamespace> = new Map(XMPP_NAMESPACES.map((entry) => [entry.uri, entry]));

export function namespaceInfo(uri: string): XmppNamespace | undefined {
  return BY_URI.get(uri);
}

/** "XEP-0030: Service Discovery" or "RFC 6121: ...". */
export function specLabel(spec: SpecReference): string {
  return spec.kind === "XEP"
    ? `XEP-${String(spec.number).padStart(4, "0")}: ${spec.title}`
    : `RFC ${spec.number}: ${spec.title}`;
}

/** A markdown link to the specification. */
export function specLink(spec: SpecReference): string {
  return `[${specLabel(spec)}](${spec.url})`;
}
