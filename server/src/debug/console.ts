/**
 * What can be typed into the Debug Console while a spec is paused:
 *
 *   ${Romeo's full JID}             the value of variables (any text around them is kept),
 *   ${version}                      captured values too
 *   Romeo                           one line about Romeo: connected as …, stanzas queued
 *   Romeo queue                     the stanzas queued for Romeo and not consumed yet
 *   Romeo sends: <presence/>        sends the stanza(s) as Romeo (variables filled in),
 *                                   noted in the transcript; the colon is optional
 *   help                            this list
 *
 * Client names are matched as defined (the longest defined name that fits),
 * so `Juliet's phone queue` works. Pure parsing; the session acts on the result.
 */
import type { Element } from "ltx";
import { parseStanzaBlock } from "../language/stanzaXml";
import type { VariableKind } from "../language/syntaxTree";
import { substituteVariables as substituteInText, type CaptureResolver, type VariableResolver } from "../language/variables";
import { substituteVariables, toLtxElement, UnresolvedVariableError } from "../runner/expectedStanza";
import { isSpace } from "../language/whitespace";

export type ConsoleCommand =
  | { readonly kind: "help" }
  | { readonly kind: "client"; readonly client: string }
  | { readonly kind: "queue"; readonly client: string }
  | { readonly kind: "send"; readonly client: string; readonly xml: string }
  | { readonly kind: "substitute"; readonly text: string }
  | { readonly kind: "invalid"; readonly message: string };

export const CONSOLE_HELP = [
  "Debug Console commands while the spec is paused:",
  "  ${Romeo's full JID}        shows the value of variables (${NAME}: a captured value)",
  "  Romeo                      one line about Romeo",
  "  Romeo queue                the stanzas queued for Romeo and not consumed yet",
  "  Romeo sends: <presence/>   sends a stanza as Romeo (not part of the spec)",
  "  help                       this list",
].join("\n");

const QUEUE_WORDS: ReadonlySet<string> = new Set(["queue", "queued", "queue?"]);

export function parseConsoleInput(input: string, clientNames: readonly string[]): ConsoleCommand {
  const text = input.trim();
  if (text === "") return { kind: "help" };
  if (text === "help" || text === "?") return { kind: "help" };
  const client = [...clientNames].sort((a, b) => b.length - a.length).find((name) => startsWithName(text, name));
  if (client !== undefined) {
    const rest = text.slice(client.length).trim();
    if (rest === "") return { kind: "client", client };
    if (QUEUE_WORDS.has(rest)) return { kind: "queue", client };
    const send = /^sends:?(?=\s|<|$)\s*/.exec(rest);
    if (send) {
      const xml = rest.slice(send[0].length);
      if (xml === "") return { kind: "invalid", message: `Write the stanza after "sends:", e.g. ${client} sends: <presence/>` };
      return { kind: "send", client, xml };
    }
    if (!text.includes("${")) {
      return { kind: "invalid", message: `"${rest}" is not something ${client} can do here: try "${client} queue" or "${client} sends: <presence/>"` };
    }
  }
  if (text.includes("${")) return { kind: "substitute", text };
  return { kind: "invalid", message: `Not understood: "${text}". Type help for what the Debug Console takes.` };
}

function startsWithName(text: string, name: string): boolean {
  if (name === "" || !text.startsWith(name)) return false;
  const next = text[name.length];
  return next === undefined || isSpace(next);
}

export type Evaluation = { readonly value: string } | { readonly error: string };

/** Says why a variable has no value (Cast.explainUnresolved). */
export type UnresolvedExplainer = (client: string, kind: VariableKind) => string;

/** Fills in every `${...}` of `text`; an error names the first one without a value. */
export function substituteConsoleText(text: string, resolve: VariableResolver, explain: UnresolvedExplainer, captured?: CaptureResolver): Evaluation {
  const result = substituteInText(text, resolve, captured);
  const first = result.unresolved[0];
  if (first === undefined) return { value: result.text };
  if (first.capture) return { error: `\${${first.client}} has no value yet: no step so far captured "${first.client}"` };
  if (first.knownKind !== undefined) return { error: explain(first.client, first.knownKind) };
  return { error: `${text.slice(first.start, first.end)} is not a variable: write \${Name's JID} or \${Name's full JID}` };
}

export type StanzasToSend = { readonly stanzas: readonly Element[] } | { readonly error: string };

/**
 * The wire elements for `X sends: <xml>`: read like a spec's block (jabber:client
 * default namespace, the scansion: prefix bound), variables filled in.
 */
export function stanzasToSend(xml: string, resolve: VariableResolver, captured?: CaptureResolver): StanzasToSend {
  const parsed = parseStanzaBlock(xml.split(/\r?\n/), 0);
  const problem = parsed.problems.find((candidate) => candidate.severity === "error");
  if (problem) return { error: problem.message };
  if (parsed.block.elements.length === 0) return { error: "No stanza to send: write an element, e.g. <presence/>" };
  try {
    return { stanzas: parsed.block.elements.map((element) => toLtxElement(substituteVariables(element, resolve, captured))) };
  } catch (error) {
    if (error instanceof UnresolvedVariableError) return { error: error.message };
    throw error;
  }
}
