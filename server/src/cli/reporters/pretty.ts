/**
 * The human-readable reporter: a line per spec as it ends, the failure with
 * its difference and both stanzas, and a closing summary. Coloured only on a
 * terminal (and never when NO_COLOR is set). On a terminal (not in CI) a live
 * progress line stays below the results (specs done / total, elapsed, failures
 * so far) until the summary replaces it.
 */
import { styleText } from "node:util";
import { resultTags } from "./matrix";
import type { RunEvent, SpecResult, StepFailure, SuiteSummary, TranscriptEntry } from "../../runner/specResult";

type Style = Parameters<typeof styleText>[0];

export interface PrettyOptions {
  readonly color: boolean;
  /** Print every stanza of the transcript as it happens. */
  readonly verbose: boolean;
  readonly write: (text: string) => void;
}

/** Erases the terminal's current line and returns to its start. */
const CLEAR_LINE = "\r\x1b[2K";
const PROGRESS_REFRESH_MS = 1000;

/** The live progress line: `[12/50] 8.4 s, 1 failed`. */
export function progressLine(done: number, total: number, elapsedMs: number, failures: number): string {
  const failed = failures > 0 ? `, ${failures} failed` : "";
  return `[${done}/${total}] ${(elapsedMs / 1000).toFixed(1)} s${failed}`;
}

export class PrettyReporter {
  private progress: { readonly total: number; readonly startedAt: number; readonly now: () => number; done: number; failures: number; timer: NodeJS.Timeout } | undefined;

  constructor(private readonly options: PrettyOptions) {}

  /** Shows the live progress line (on a terminal only: the caller decides) until `endProgress`. */
  startProgress(total: number, now: () => number = () => performance.now()): void {
    const timer = setInterval(() => this.drawProgress(), PROGRESS_REFRESH_MS);
    timer.unref();
    this.progress = { total, startedAt: now(), now, done: 0, failures: 0, timer };
    this.drawProgress();
  }

  /** Erases the progress line, so that the summary takes its place. */
  endProgress(): void {
    if (!this.progress) return;
    clearInterval(this.progress.timer);
    this.progress = undefined;
    this.options.write(CLEAR_LINE);
  }

  private drawProgress(): void {
    const progress = this.progress;
    if (!progress) return;
    const line = progressLine(progress.done, progress.total, progress.now() - progress.startedAt, progress.failures);
    this.options.write(CLEAR_LINE + this.paint(progress.failures > 0 ? "red" : "dim", line));
  }

  /** Writes lines above the progress line, which is drawn again below them. */
  private emit(text: string): void {
    if (!this.progress) {
      this.options.write(text);
      return;
    }
    this.options.write(CLEAR_LINE + text);
    this.drawProgress();
  }

  private paint(style: Style, text: string): string {
    // The caller decides about colour (--color, --no-color, TTY, NO_COLOR); newer Node's styleText
    // would otherwise drop the codes whenever process.stdout is not a terminal.
    return this.options.color ? styleText(style, text, { validateStream: false }) : text;
  }

  onEvent(event: RunEvent): void {
    if (event.type === "spec-started" && this.options.verbose) {
      this.emit(this.paint("bold", `▶ ${event.spec.name}`) + this.paint("dim", `  ${event.spec.file}`) + "\n");
    } else if (event.type === "transcript" && this.options.verbose) {
      this.emit(this.formatTranscriptEntry(event.entry) + "\n");
    } else if (event.type === "spec-ended") {
      if (this.progress) {
        this.progress.done += 1;
        if (event.result.status === "failed" || event.result.status === "error") this.progress.failures += 1;
      }
      this.emit(this.formatResult(event.result));
    }
  }

  formatTranscriptEntry(entry: TranscriptEntry): string {
    const time = this.paint("dim", `${entry.atMs.toFixed(0).padStart(6)} ms`);
    const arrow = entry.direction === "sent" ? this.paint("cyan", "→") : entry.direction === "received" ? this.paint("magenta", "←") : this.paint("yellow", "·");
    const where = entry.line !== undefined ? this.paint("dim", ` (line ${entry.line})`) : "";
    return `  ${time} ${arrow} ${this.paint("bold", entry.client)}${where} ${entry.text}`;
  }

  formatResult(result: SpecResult): string {
    // The target, a known failure, a flaky spec (matrix.ts), after the name.
    const name = `${result.spec.name}${resultTags(result)}`;
    const duration = this.paint("dim", ` (${result.durationMs.toFixed(0)} ms)`);
    switch (result.status) {
      case "passed":
        return `${this.paint(result.flaky ? "yellow" : "green", "✓")} ${name}${duration}\n`;
      case "skipped":
        return `${this.paint("yellow", "-")} ${name} ${this.paint("dim", `skipped: ${result.skipReason ?? ""}`)}\n`;
      default: {
        const mark = this.paint(result.knownFailure !== undefined ? "yellow" : "red", result.status === "error" ? "!" : "✗");
        const head = `${mark} ${name}${duration}\n`;
        return head + (result.failure ? this.formatFailure(result.spec.file, result.failure) : "");
      }
    }
  }

  formatFailure(file: string, failure: StepFailure): string {
    const lines = [`    ${this.paint("red", `${file}:${failure.line}`)} ${failure.action}: ${failure.message}`];
    const block = (title: string, xml: string | undefined) => {
      if (!xml) return;
      lines.push(`    ${this.paint("bold", title)}`);
      for (const line of xml.split("\n")) lines.push(`      ${line}`);
    };
    block("expected:", failure.expected);
    block("received:", failure.received);
    if (failure.queued.length > 0) {
      lines.push(`    ${this.paint("bold", `still queued for ${failure.client} (${failure.queued.length}):`)}`);
      for (const stanza of failure.queued) for (const line of stanza.split("\n")) lines.push(`      ${line}`);
    }
    return lines.join("\n") + "\n";
  }

  formatSummary(summary: SuiteSummary): string {
    const parts = [
      this.paint(summary.failed + summary.errors > 0 ? "red" : "green", `${summary.passed} passed, ${summary.failed} failed`),
      ...(summary.errors > 0 ? [this.paint("red", `${summary.errors} errors`)] : []),
      ...(summary.skipped > 0 ? [this.paint("yellow", `${summary.skipped} skipped`)] : []),
    ];
    return `\n${parts.join(", ")} ${this.paint("dim", `in ${(summary.durationMs / 1000).toFixed(2)} s`)}\n`;
  }
}
