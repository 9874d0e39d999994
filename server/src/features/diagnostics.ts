/**
 * Diagnostics of a spec: the parser's syntax problems plus the semantic
 * checks that need the whole document (client names, the connect/disconnect
 * life cycle, variables, block contents). One pass over the actions in
 * document order, so the cost stays linear in the size of the spec.
 */
import type { Diagnostic, DiagnosticSeverity, DiagnosticTag } from "vscode-languageserver";
import type {
  Action,
  ClientDefinition,
  ProblemSeverity,
  Range,
  SpecDocument,
  StanzaBlock,
  XmlElementNode,
} from "../language/syntaxTree";
import { clientsByName, logsInAnonymously } from "../language/semantics";
import { captureSites } from "../language/captures";
import { checkClientDefinitions, checkDuplicateClients } from "./clientChecks";
import type { Finding, Report } from "./finding";
import { closestMatch, quotedList } from "./suggest";
import { checkStanzaSchema } from "./schemaChecks";

export interface DiagnosticSettings {
  /** Hint at clients that are defined but never used. */
  readonly unusedClient: boolean;
}

export const DIAGNOSTIC_SOURCE = "scansion";

const SEVERITY: Record<ProblemSeverity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };
const UNNECESSARY: DiagnosticTag = 1;

export function computeDiagnostics(doc: SpecDocument, settings: DiagnosticSettings): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // The parser may already report some of what the checks look for; report each once.
  const reported = new Set<string>();
  const keyOf = (code: string, range: Range) => `${code}@${range.start.line}:${range.start.character}`;
  const add = (finding: Finding) => {
    const key = keyOf(finding.code, finding.range);
    if (reported.has(key)) return;
    reported.add(key);
    const diagnostic: Diagnostic = {
      range: finding.range,
      severity: SEVERITY[finding.severity],
      code: finding.code,
      source: DIAGNOSTIC_SOURCE,
      message: finding.message,
    };
    if (finding.unnecessary) diagnostic.tags = [UNNECESSARY];
    if (finding.data !== undefined) diagnostic.data = finding.data;
    diagnostics.push(diagnostic);
  };

  for (const problem of doc.problems) add(problem);
  const clients = clientsByName(doc);
  checkDuplicateClients(doc.clients, add);
  checkClientDefinitions(doc.clients, add);
  const used = checkActions(doc, clients, add);
  if (settings.unusedClient) checkUnusedClients(doc.clients, used, add);
  return diagnostics;
}

/** Where a client stands at a point of the spec, replaying its actions in order. */
interface LifeCycle {
  connected: boolean;
  everConnected: boolean;
  disconnectedAt: number | undefined;
}

/** Checks every action in order; returns the names of the clients that are used. */
function checkActions(doc: SpecDocument, clients: ReadonlyMap<string, ClientDefinition>, report: Report): Set<string> {
  const used = new Set<string>();
  const lifeCycles = new Map<string, LifeCycle>();
  const definedList = () => (clients.size === 0 ? "none is defined yet" : `defined clients: ${quotedList([...clients.keys()])}`);
  /** Names captured by the actions read so far (a block's own captures count from the next action on). */
  const captured = new Set<string>();
  const sites = captureSites(doc);
  let nextSite = 0;

  for (const action of doc.actions) {
    const name = action.client.text;
    used.add(name);
    // A line with no verb is already "not an action" (action-missing-verb): its first word may not be meant as a client.
    if (!clients.has(name) && action.verb.text !== "") {
      const suggestion = closestMatch(name, clients.keys());
      report({
        range: action.client.range, severity: "error", code: "action-undefined-client",
        message: `No client named "${name}" is defined (${definedList()}).` +
          (suggestion ? ` Did you mean "${suggestion}"?` : ` Define it with a [Client] ${name} section in the header.`),
      });
    }
    const block = action.kind === "connects" || action.kind === "disconnects" ? undefined : action.block;
    if (block) checkBlock(action, block, doc.lines, { clients, lifeCycles, used, captured }, report);
    for (; nextSite < sites.length && sites[nextSite]!.action === action; nextSite++) captured.add(sites[nextSite]!.name);
    // An unknown verb is already an error; guessing its effect on the session would only add noise.
    if (clients.has(name) && action.kind !== "unknown") advanceLifeCycle(action, lifeCycleOf(lifeCycles, name), report);
  }
  return used;
}

function lifeCycleOf(lifeCycles: Map<string, LifeCycle>, name: string): LifeCycle {
  let state = lifeCycles.get(name);
  if (!state) {
    state = { connected: false, everConnected: false, disconnectedAt: undefined };
    lifeCycles.set(name, state);
  }
  return state;
}

function advanceLifeCycle(action: Action, state: LifeCycle, report: Report): void {
  const name = action.client.text;
  const range = action.lineRange;
  switch (action.kind) {
    case "connects":
      if (state.connected) {
        report({
          range, severity: "warning", code: "client-already-connected",
          message: `${name} is already connected here, so this connect fails. Add "${name} disconnects" before it to reconnect, or remove it.`,
        });
      }
      state.connected = true;
      state.everConnected = true;
      return;
    case "disconnects":
      if (state.connected) {
        state.connected = false;
        state.disconnectedAt = range.start.line;
      } else if (state.everConnected) {
        report({
          range, severity: "hint", code: "client-already-disconnected",
          message: `${name} already disconnected on line ${state.disconnectedAt! + 1}; this second disconnect does nothing and can be removed.`,
        });
      } else {
        report({
          range, severity: "warning", code: "disconnect-before-connect",
          message: `${name} disconnects before it ever connects. Add "${name} connects" earlier, or remove this line.`,
        });
      }
      return;
    default:
      if (state.connected) return;
      if (state.everConnected) {
        report({
          range, severity: "warning", code: "action-after-disconnect",
          message: `${name} disconnected on line ${state.disconnectedAt! + 1}, so this action has no session` +
            `${action.kind === "sends" ? " and nothing is sent" : ""}. Add "${name} connects" before it to reconnect, or move it above the disconnect.`,
        });
      } else {
        report({
          range, severity: "warning", code: "action-before-connect",
          message: `${name} has not connected yet, so this action has no session. Add "${name} connects" before it.`,
        });
      }
  }
}

/** What the checks of one block read and update, as the actions are replayed in order. */
interface ReplayState {
  readonly clients: ReadonlyMap<string, ClientDefinition>;
  readonly lifeCycles: Map<string, LifeCycle>;
  readonly used: Set<string>;
  readonly captured: ReadonlySet<string>;
}

function checkBlock(action: Action, block: StanzaBlock, lines: readonly string[], state: ReplayState, report: Report): void {
  const { clients, lifeCycles, used } = state;
  if (block.elements.length > 1) {
    const second = block.elements[1]!;
    const last = block.elements[block.elements.length - 1]!;
    const doing = action.kind === "sends" ? "sends them all, in order" : "expects them all, in order";
    report({
      range: { start: second.range.start, end: last.range.end }, severity: "warning", code: "block-several-elements",
      message: `This block holds ${block.elements.length} top-level elements; "${action.verb.text}" ${doing}. ` +
        `Usually a block holds one stanza: if a later one is a reply, give it its own "Name receives:" line.`,
    });
  }
  for (const variable of block.variables) {
    const name = variable.client.text;
    if (variable.capture) {
      if (!state.captured.has(name)) reportUnboundCapture(variable.client.range, name, clients.has(name), report);
      continue;
    }
    used.add(name);
    // `${}` or `${Romeo}` is already a variable-malformed error, which says how to write it.
    if (!variable.wellFormed) continue;
    if (!clients.has(name)) {
      const suggestion = closestMatch(name, clients.keys());
      report({
        range: variable.client.range, severity: "error", code: "variable-undefined-client",
        message: `No client named "${name}" is defined` +
          (clients.size === 0 ? "." : `; defined clients: ${quotedList([...clients.keys()])}.`) +
          (suggestion ? ` Did you mean "${suggestion}"?` : ""),
      });
      continue;
    }
    const client = clients.get(name)!;
    if (variable.knownKind === "JID" && logsInAnonymously(client) && !lifeCycleOf(lifeCycles, name).everConnected) {
      report({
        range: variable.range, severity: "warning", code: "anonymous-jid-before-connect",
        message: `${name} logs in anonymously, so the server assigns \${${name}'s JID} when ${name} connects, which has not happened yet here; ` +
          `move "${name} connects" above this action.`,
      });
    }
    if (variable.knownKind === "full JID" && !lifeCycleOf(lifeCycles, name).everConnected) {
      report({
        range: variable.range, severity: "warning", code: "full-jid-before-connect",
        message: `\${${name}'s full JID} is bound when ${name} connects, which has not happened yet here. ` +
          `Use \${${name}'s JID} for the bare JID, or move "${name} connects" above this action.`,
      });
    }
  }
  for (const element of block.elements) {
    checkElement(element, action.kind === "sends", report);
    // A verb the parser does not know has no sends/receives semantics to check against.
    if (action.kind !== "unknown") checkStanzaSchema(element, action.kind === "sends", lines, report);
  }
}

function reportUnboundCapture(range: Range, name: string, isClient: boolean, report: Report): void {
  report({
    range, severity: "warning", code: "capture-not-bound",
    message: `\${${name}} takes the value captured as "${name}", but no {scansion:capture:${name}} in a receives above binds it, so the run fails here.` +
      (isClient ? ` For ${name}'s JID write \${${name}'s JID}.` : ""),
  });
}

/** Directives and matchers of an element and its descendants. */
function checkElement(element: XmlElementNode, inSends: boolean, report: Report): void {
  for (const directive of element.directives) {
    // scansion:strict values are checked by the parser (xml-strict-invalid).
    if (directive.localName === "strict") continue;
    report({
      range: directive.nameRange, severity: "warning", code: "directive-unknown",
      message: `"${directive.name}" is not a scansion directive and is ignored; the only directive is scansion:strict='true' or 'false'.`,
    });
  }
  if (inSends) {
    for (const attribute of element.attributes) {
      if (attribute.matcher.kind === "literal") continue;
      report({
        range: attribute.valueRange, severity: "warning", code: "matcher-in-sends",
        message: `"${attribute.value}" only matches in a receives block; in sends it is sent literally as the value of ${attribute.name}. ` +
          `Write the actual value (or a \${Name's JID} variable) instead.`,
      });
    }
  }
  for (const child of element.children) {
    if (child.type === "element") checkElement(child, inSends, report);
  }
}

function checkUnusedClients(clients: readonly ClientDefinition[], used: ReadonlySet<string>, report: Report): void {
  for (const client of clients) {
    if (used.has(client.name.text)) continue;
    report({
      range: client.name.range, severity: "hint", code: "client-unused", unnecessary: true,
      message: `${client.name.text} is defined but no action or variable uses it; remove the definition or add its actions.`,
    });
  }
}
