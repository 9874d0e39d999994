/**
 * Corrections to the generated XMPP data, each with the reason and the
 * specification that backs it. xmpp_codec.spec is a decoder's view: it leaves
 * out what ejabberd does not decode and narrows what it does not need, and a
 * schema check read naively from it would flag valid stanzas. Corrections
 * live here, in one place, rather than as exceptions in the checks.
 *
 * After editing: `npm run xmpp-data`, then commit both files.
 */
import type { AttributeData, ElementData, XmppDataFile } from "@server/features/xmpp/xmppDataFormat";

interface ElementOverride {
  /** One namespace, or several (the stanza namespaces of client, server and component streams). */
  readonly namespace: string | readonly string[];
  readonly element: string;
  /** Why, with the section of the specification. */
  readonly why: string;
  /** Attributes added or widened (values are added to the codec's). */
  readonly attrs?: Readonly<Record<string, AttributeData>>;
  /** Values the codec accepts that the specification does not define. */
  readonly withoutValues?: Readonly<Record<string, readonly string[]>>;
  /** Attributes the codec requires that the specification does not. */
  readonly optional?: readonly string[];
  /** Children added ("name" or "{uri}name"). */
  readonly children?: readonly string[];
  /** The whole element, where the codec lacks it. */
  readonly define?: ElementData;
}

const STANZA_NAMESPACES = ["jabber:client", "jabber:server", "jabber:component:accept"];

export const ELEMENT_OVERRIDES: readonly ElementOverride[] = [
  {
    namespace: STANZA_NAMESPACES, element: "message",
    why: "RFC 6121 §5.2.2: `normal` is a message type; the codec's decoder maps every other value to it and so lists only the rest.",
    attrs: { type: { values: ["normal"] } },
  },
  {
    namespace: STANZA_NAMESPACES, element: "presence",
    why: "RFC 6121 §4.7.1: availability is the absence of a type; `available` is ejabberd's internal name for it and never on the wire.",
    withoutValues: { type: ["available"] },
  },
  {
    namespace: "urn:xmpp:http:upload:0", element: "put",
    why: "XEP-0363 (the slot response): the upload slot's <put> carries <header name='Authorization|Cookie|Expires'> elements, which the codec does not decode.",
    children: ["header"],
  },
  {
    namespace: "urn:xmpp:http:upload:0", element: "header",
    why: "XEP-0363 (the slot response): <header name='...'> inside <put>; the name is one of Authorization, Cookie, Expires.",
    define: { attrs: { name: { required: true, values: ["Authorization", "Cookie", "Expires"] } } },
  },
  {
    namespace: "urn:xmpp:extdisco:2", element: "service",
    why: "XEP-0215: services are not only STUN/TURN; its examples offer an `ftp` service, which the codec's list of types lacks.",
    attrs: { type: { values: ["ftp"] } },
  },
  {
    namespace: "urn:xmpp:extdisco:2", element: "services",
    why: "XEP-0215: a request may ask for services of one type, `ftp` among them (see <service>).",
    attrs: { type: { values: ["ftp"] } },
  },
  {
    namespace: "urn:xmpp:mam:2", element: "metadata",
    why: "XEP-0313 (archive metadata, since version 1.1): <metadata/> in an iq get, answered with <start id timestamp/> and <end id timestamp/>; the codec predates it. Prosody's mam_extended.scs uses it.",
    define: { children: ["end", "start"] },
  },
  {
    namespace: "urn:xmpp:mam:2", element: "start",
    why: "XEP-0313 (archive metadata): the first archived message, by its archive id and timestamp.",
    define: { attrs: { id: {}, timestamp: {} } },
  },
  {
    namespace: "urn:xmpp:mam:2", element: "end",
    why: "XEP-0313 (archive metadata): the last archived message, by its archive id and timestamp.",
    define: { attrs: { id: {}, timestamp: {} } },
  },
];

/** Titles of documents reg.ent does not name (newer XEPs the codec cites), as the XSF publishes them. */
export const DOCUMENT_TITLES: Readonly<Record<string, string>> = {
  xep0016: "Privacy Lists",
  xep0039: "Statistics Gathering",
  xep0191: "Blocking Command",
  xep0215: "External Service Discovery",
  xep0234: "Jingle File Transfer",
  xep0264: "Jingle Content Thumbnails",
  xep0279: "Server IP Check",
  xep0280: "Message Carbons",
  xep0300: "Use of Cryptographic Hash Functions in XMPP",
  xep0313: "Message Archive Management",
  xep0317: "Hats",
  xep0328: "JID Prep",
  xep0333: "Displayed Markers",
  xep0334: "Message Processing Hints",
  xep0352: "Client State Indication",
  xep0355: "Namespace Delegation",
  xep0356: "Privileged Entity",
  xep0357: "Push Notifications",
  xep0369: "Mediated Information eXchange (MIX)",
  xep0377: "Spam Reporting",
  xep0379: "Pre-Authenticated Roster Subscription",
  xep0402: "PEP Native Bookmarks",
  xep0405: "Mediated Information eXchange (MIX): Participant Server Requirements",
  xep0422: "Message Fastening",
  xep0424: "Message Retraction",
  xep0425: "Moderated Message Retraction",
  xep0430: "Inbox",
  xep0440: "SASL Channel-Binding Type Capability",
  xep0484: "Fast Authentication Streamlining Tokens",
};

/**
 * What enumerated attribute values mean, keyed "element/@attribute", where the
 * specifications say and the registrar files do not.
 */
export const VALUE_MEANINGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // RFC 6120 §8.3.2.
  "error/@type": {
    auth: "Retry after providing credentials.",
    cancel: "Do not retry: the error cannot be remedied.",
    continue: "Proceed: the condition was only a warning.",
    modify: "Retry after changing the data sent.",
    wait: "Retry after waiting: the error is temporary.",
  },
  // RFC 6120 §8.2.3.
  "iq/@type": {
    get: "A request for information.",
    set: "A request that provides data, sets new values or replaces existing ones.",
    result: "A response to a successful get or set request.",
    error: "An error in processing or delivering a get or set request.",
  },
  // RFC 6121 §5.2.2.
  "message/@type": {
    chat: "A one-to-one conversation.",
    error: "An error in response to an earlier message.",
    groupchat: "A message in a multi-user chat room.",
    headline: "An alert or notification that expects no reply.",
    normal: "A standalone message that may be replied to (the default).",
  },
  // RFC 6121 §4.7.1 (availability itself has no type).
  "presence/@type": {
    error: "An error in processing or delivering an earlier presence.",
    probe: "A request for an entity's current presence (sent by servers).",
    subscribe: "The sender wishes to subscribe to the recipient's presence.",
    subscribed: "The sender has allowed the recipient to receive its presence.",
    unavailable: "The sender is no longer available.",
    unsubscribe: "The sender is unsubscribing from the recipient's presence.",
    unsubscribed: "The subscription request was denied or a subscription cancelled.",
  },
};

/** Stanza error conditions, after RFC 6120 §8.3.3, which no registrar file lists. */
export const STANZA_ERROR_CONDITIONS: Readonly<Record<string, string>> = {
  "bad-request": "The stanza does not conform to the schema or cannot be processed (e.g. an iq with an unrecognised type, an element that violates its namespace's syntax).",
  "conflict": "Access cannot be granted because a resource or item with the same name or address already exists.",
  "feature-not-implemented": "The recipient or an intermediate server does not implement the feature the stanza asks for.",
  "forbidden": "The requester lacks the permissions the action needs.",
  "gone": "The recipient or server can no longer be reached at this address, usually for good; the condition may carry a new address.",
  "internal-server-error": "A misconfiguration or other internal error prevents the server from processing the stanza.",
  "item-not-found": "The addressed JID or the requested item cannot be found.",
  "jid-malformed": "An XMPP address given or used in the request is not valid.",
  "not-acceptable": "The request is understood but does not meet the recipient's or server's criteria.",
  "not-allowed": "The recipient or server allows no entity to perform the action.",
  "not-authorized": "The sender must provide credentials first, or provided improper ones.",
  "policy-violation": "The sender violated a local service policy.",
  "recipient-unavailable": "The intended recipient is temporarily unavailable.",
  "redirect": "Requests for this information are redirected to another entity, usually temporarily.",
  "registration-required": "Access requires prior registration.",
  "remote-server-not-found": "A remote server or service in the recipient's JID does not exist or cannot be resolved.",
  "remote-server-timeout": "A remote server or service was resolved but could not be reached in time.",
  "resource-constraint": "The server or recipient is busy or lacks the resources to serve the request.",
  "service-unavailable": "The server or recipient does not provide the requested service.",
  "subscription-required": "Access requires a prior subscription.",
  "undefined-condition": "A condition none of the others describes; any error type may go with it.",
  "unexpected-request": "The request is understood but not expected at this time (e.g. out of order).",
};

function element(data: XmppDataFile, namespace: string, name: string): ElementData | undefined {
  return data.namespaces[namespace]?.elements?.[name];
}

export function applyOverrides(data: XmppDataFile): XmppDataFile {
  const namespaces = structuredClone(data.namespaces) as Record<string, { doc?: string; elements?: Record<string, ElementData> }>;
  for (const { namespace: namespaceOrList, ...rest } of ELEMENT_OVERRIDES) {
    for (const namespace of typeof namespaceOrList === "string" ? [namespaceOrList] : namespaceOrList) {
      correctElement(namespaces, data, { namespace, ...rest });
    }
  }
  const documents = Object.fromEntries(Object.entries({ ...DOCUMENT_TITLES, ...data.documents }).sort(([a], [b]) => (a < b ? -1 : 1)));
  const conditions = { ...data.conditions, "urn:ietf:params:xml:ns:xmpp-stanzas": STANZA_ERROR_CONDITIONS };
  return { ...data, documents, namespaces, conditions, valueMeanings: VALUE_MEANINGS };
}

function correctElement(
  namespaces: Record<string, { doc?: string; elements?: Record<string, ElementData> }>,
  data: XmppDataFile,
  override: ElementOverride & { readonly namespace: string },
): void {
  const entry = namespaces[override.namespace];
  if (!entry?.elements) throw new Error(`overrides.ts: namespace ${override.namespace} has no elements to correct`);
  const existing = override.define ? undefined : element(data, override.namespace, override.element);
  if (!override.define && !existing) throw new Error(`overrides.ts: ${override.namespace} has no <${override.element}>`);
  if (override.define && element(data, override.namespace, override.element)) {
    throw new Error(`overrides.ts: <${override.element}> in ${override.namespace} is defined by the codec now; correct it instead`);
  }
  const base: ElementData = existing ?? override.define!;
  const attrs: Record<string, AttributeData> = { ...(base.attrs ?? {}) };
  for (const [name, added] of Object.entries(existing ? override.attrs ?? {} : {})) {
    const current = attrs[name] ?? {};
    const values = current.values || added.values ? [...new Set([...(current.values ?? []), ...(added.values ?? [])])] : undefined;
    attrs[name] = { ...(current.required || added.required ? { required: true as const } : {}), ...(values ? { values } : {}) };
  }
  for (const [name, removed] of Object.entries(override.withoutValues ?? {})) {
    const values = attrs[name]?.values;
    if (!values || removed.some((value) => !values.includes(value))) {
      throw new Error(`overrides.ts: <${override.element}>/@${name} does not have all of ${removed.join(", ")}`);
    }
    attrs[name] = { ...attrs[name], values: values.filter((value) => !removed.includes(value)) };
  }
  for (const name of override.optional ?? []) {
    if (!attrs[name]?.required) throw new Error(`overrides.ts: ${override.element}/@${name} is not required in the codec`);
    const { required: _required, ...rest } = attrs[name]!;
    attrs[name] = rest;
  }
  const children = [...new Set([...(base.children ?? []), ...(override.children ?? [])])].sort();
  const corrected: ElementData = {
    ...base,
    ...(Object.keys(attrs).length > 0 ? { attrs: Object.fromEntries(Object.entries(attrs).sort(([a], [b]) => a.localeCompare(b))) } : {}),
    ...(children.length > 0 ? { children } : {}),
  };
  entry.elements = Object.fromEntries(
    Object.entries({ ...entry.elements, [override.element]: corrected }).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
