/**
 * Carries out what was typed into the Debug Console (parsed by console.ts)
 * against the paused run. Only the console itself ("repl") may send stanzas:
 * watch expressions and hovers are evaluated again at every stop, and must
 * never change what the server sees.
 */
import { parseConsoleInput, CONSOLE_HELP, stanzasToSend, substituteConsoleText } from "./console";
import type { DebugRun } from "./debugRun";
import { compactStanza, prettyStanza } from "../writing/stanzaText";
import { clientSummary, clientVariables, queuedStanzas, type VariableNode } from "./variablesView";

export type ConsoleOutcome =
  | {
    readonly value: string;
    /** Expandable detail (a client's variables). */
    readonly children?: readonly VariableNode[];
    /** True when the command changed what the views show (a stanza was sent). */
    readonly changedState?: boolean;
  }
  | { readonly error: string };

/** `context` is DAP's evaluate context: "repl", "watch", "hover", "clipboard", "variables". */
export async function runConsoleCommand(run: DebugRun, expression: string, context: string): Promise<ConsoleOutcome> {
  const clients = run.clients();
  const command = parseConsoleInput(expression, clients.map((client) => client.name));
  if (context === "hover" && command.kind !== "substitute") return { error: "not available" };
  switch (command.kind) {
    case "help":
      return { value: CONSOLE_HELP };
    case "invalid":
      return { error: command.message };
    case "substitute":
      return substituteConsoleText(command.text, run.cast.resolve, (client, kind) => run.cast.explainUnresolved(client, kind), run.cast.captured);
    case "client": {
      const client = clients.find((candidate) => candidate.name === command.client)!;
      const [node] = clientVariables([client], run.traffic);
      return { value: clientSummary(client), ...(node?.children ? { children: node.children } : {}) };
    }
    case "queue": {
      const client = clients.find((candidate) => candidate.name === command.client)!;
      const queued = queuedStanzas(client);
      if (queued.length === 0) return { value: `Nothing is queued for ${client.name}.` };
      return { value: queued.map((stanza) => prettyStanza(stanza)).join("\n\n") };
    }
    case "send": {
      if (context !== "repl") return { error: "Stanzas are sent from the Debug Console only." };
      const built = stanzasToSend(command.xml, run.cast.resolve, run.cast.captured);
      if ("error" in built) return built;
      try {
        await run.sendAs(command.client, built.stanzas);
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
      return { value: `${command.client} sent ${built.stanzas.map((stanza) => compactStanza(stanza)).join(" ")}`, changedState: true };
    }
  }
}
