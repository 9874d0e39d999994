/**
 * The latest stanzas each client sent and received while a spec is debugged,
 * kept from the run's transcript for the Variables view (variablesView.ts
 * reads it; debugRun.ts records into it). The one piece of that view with state.
 */
import type { TranscriptEntry } from "../runner/specResult";

/** How many sent and received stanzas per client the view keeps. */
export const TRAFFIC_KEPT = 5;

/** The latest stanzas each client sent and received, from the run's transcript. */
export class TrafficLog {
  private readonly sent = new Map<string, string[]>();
  private readonly received = new Map<string, string[]>();

  constructor(private readonly kept = TRAFFIC_KEPT) {}

  record(entry: TranscriptEntry): void {
    if (entry.direction === "note") return;
    const log = entry.direction === "sent" ? this.sent : this.received;
    const list = log.get(entry.client) ?? [];
    list.push(entry.text);
    if (list.length > this.kept) list.shift();
    log.set(entry.client, list);
  }

  /** Compact stanzas, latest first. */
  sentBy(client: string): readonly string[] {
    return [...(this.sent.get(client) ?? [])].reverse();
  }

  /** Compact stanzas, latest first. */
  receivedBy(client: string): readonly string[] {
    return [...(this.received.get(client) ?? [])].reverse();
  }
}
