/**
 * Checks of the `[Client]` definitions in the header: names, classes and
 * properties. Part of diagnostics; split out to keep each file readable.
 */
import { isDomainOnly, jidProblem } from "../language/jid";
import { KNOWN_PROPERTY_KEYS, logsInAnonymously, type KnownPropertyKey } from "../language/semantics";
import type { ClientDefinition, ClientProperty } from "../language/syntaxTree";
import type { Report } from "./finding";
import { closestMatch, quotedList } from "./suggest";

export const CLIENT_CLASS = "Client";

/** One line on each client property, for completion and hover. */
export const PROPERTY_DOCS: Record<KnownPropertyKey, string> = {
  jid: "The JID the client logs in as, e.g. romeo@localhost (a /resource is requested at bind); a bare domain with no password logs in anonymously (SASL ANONYMOUS).",
  password: "The password the client logs in with (none for an anonymous client, whose jid is a bare domain).",
  resource: "Resource requested at bind when the jid has none.",
  connect_host: "Server host to connect to, if not the JID's domain.",
  connect_port: "Server port to connect to, if not 5222.",
};

const KNOWN_KEYS: ReadonlySet<string> = new Set(KNOWN_PROPERTY_KEYS);

export function checkDuplicateClients(clients: readonly ClientDefinition[], report: Report): void {
  const firstLine = new Map<string, number>();
  for (const client of clients) {
    const name = client.name.text;
    const first = firstLine.get(name);
    if (first === undefined) {
      firstLine.set(name, client.headerRange.start.line);
      continue;
    }
    // Runs use the first definition (semantics.ts clientsByName), so this one is read past (LANGUAGE-DECISIONS.md #16).
    report({
      range: client.name.range, severity: "warning", code: "client-duplicate-name",
      message: `Ignored: a client named "${name}" is already defined on line ${first + 1}, and that definition is the one used; give this one a different name (e.g. "${name}'s phone").`,
    });
  }
}

export function checkClientDefinitions(clients: readonly ClientDefinition[], report: Report): void {
  for (const client of clients) checkClient(client, report);
}

function checkClient(client: ClientDefinition, report: Report): void {
  const name = client.name.text;
  if (client.className.text !== CLIENT_CLASS) {
    report({
      range: client.className.range, severity: "error", code: "client-unknown-class",
      message: `Unknown character class "[${client.className.text}]": the only class is [${CLIENT_CLASS}].`,
    });
  }
  const seen = new Map<string, ClientProperty>();
  for (const property of client.properties) {
    const key = property.key.text;
    const earlier = seen.get(key);
    // A repeated unknown key gets its client-unknown-property on each line; "already set" would say it twice.
    if (earlier && KNOWN_KEYS.has(key)) {
      report({
        range: property.key.range, severity: "warning", code: "client-duplicate-property",
        message: `"${key}" is already set on line ${earlier.range.start.line + 1}; keep only one of the two lines.`,
      });
    }
    seen.set(key, property);
    if (!KNOWN_KEYS.has(key)) {
      const suggestion = closestMatch(key, KNOWN_PROPERTY_KEYS);
      report({
        range: property.key.range, severity: "warning", code: "client-unknown-property",
        message: `Unknown client property "${key}" is ignored; the known ones are ${quotedList([...KNOWN_PROPERTY_KEYS])}.` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ""),
      });
      continue;
    }
    checkValue(property, report, logsInAnonymously(client));
  }
  // One diagnostic for what is missing (a client just typed has neither), under the code of the first.
  // A bare-domain jid with no password is an anonymous login: nothing is missing.
  const anonymous = logsInAnonymously(client);
  const missing = (["jid", "password"] as const).filter((required) => !seen.has(required) && !anonymous);
  if (missing.length > 0) {
    const examples = missing.map((required) => `"${required === "jid" ? "jid: romeo@localhost" : "password: password"}"`);
    report({
      range: client.name.range, severity: "error", code: `client-missing-${missing[0]!}`,
      message: `${name} has no ${missing.join(" and no ")}, so it cannot log in: add ${missing.length === 1 ? "an indented" : "indented"} ${examples.join(" and ")} ${missing.length === 1 ? "line" : "lines"}.`,
    });
  }
}

function checkValue(property: ClientProperty, report: Report, anonymous: boolean): void {
  const value = property.value.text.trim();
  const range = value ? property.value.range : property.range;
  switch (property.key.text) {
    case "jid": {
      const problem = jidProblem(value, anonymous);
      if (problem) {
        const anonymousHint = isDomainOnly(value) ? " (or remove the password: a bare domain with no password logs in anonymously)" : "";
        report({
          range, severity: "error", code: "client-invalid-jid",
          message: `"${value}" is not a valid JID (${problem}); write user@domain or user@domain/resource, e.g. romeo@localhost${anonymousHint}.`,
        });
      }
      return;
    }
    case "connect_port":
      if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 65535) {
        report({
          range, severity: "error", code: "client-invalid-port",
          message: `connect_port must be a port number from 1 to 65535 (e.g. 5222), not "${value}".`,
        });
      }
      return;
    case "resource":
    case "connect_host":
    case "password":
      if (!value) {
        report({
          range, severity: "warning", code: "client-empty-property",
          message: `${property.key.text} has no value; give it one or remove the line.`,
        });
      }
      return;
  }
}
