/**
 * Drives the VS Code page that codeServer.ts serves, through Debian's Chromium and
 * playwright-core, the way a person would: clicks in the Explorer, the command palette, the
 * keyboard. Every read is of what the page shows (status bar, token colours, Problems rows,
 * suggest widget), and every wait is for an element or a state, never a fixed time.
 *
 *   const workbench = await openWorkbench(server);
 *   await workbench.openFile("language/broken-xml.scs");
 *   await workbench.waitForProblemCounts((counts) => counts.errors > 0);
 *   await workbench.screenshot("language-problems"); // artifacts/e2e/language-problems.png
 *   await workbench.close();
 *
 * For views this file has no helper for (the Test Explorer, say), use `workbench.page` with
 * Playwright locators, and `runCommand("Test: Run All Tests")` to get there.
 */
import { mkdirSync } from "node:fs";
import { basename, join } from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { CHROMIUM, REPOSITORY_ROOT, type CodeServer } from "./codeServer";

export const ARTIFACTS_DIR = join(REPOSITORY_ROOT, "artifacts/e2e");

/** Debian's Chromium on a machine without Google's network: no background connections, no sandbox as root. */
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run"];

/** How long to wait for something the extension or VS Code does (activation, the server's first diagnostics). */
export const UI_TIMEOUT_MS = 60_000;

/**
 * The little of the DOM that the functions run inside the page use (the tsconfig has no DOM lib,
 * and adding it would leak browser globals into the server's code).
 */
interface PageElement {
  readonly textContent: string | null;
  readonly className: string;
  readonly parentElement: PageElement | null;
  readonly style: { top: string; color: string };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getAttribute(name: string): string | null;
  appendChild(child: PageElement): void;
  remove(): void;
}
interface PageGlobals {
  readonly document: { createElement(tag: string): PageElement };
  getComputedStyle(element: PageElement, pseudo?: string): { readonly color: string; readonly content: string };
}

export interface ProblemCounts { readonly errors: number; readonly warnings: number }
export interface ProblemRow { readonly severity: string; readonly message: string; readonly line: number; readonly character: number }
export interface Token { readonly text: string; readonly color: string; readonly className: string }

export async function openWorkbench(server: CodeServer): Promise<Workbench> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(server.workspaceUrl);
    await page.waitForSelector(".monaco-workbench");
    // The Explorer lists the workspace once the window has restored its folder.
    await page.waitForSelector(".explorer-folders-view .monaco-list-row");
    return new Workbench(page, browser);
  } catch (error) {
    await browser.close();
    throw error;
  }
}

export class Workbench {
  constructor(readonly page: Page, private readonly browser: Browser) {}

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** Saves the whole window as artifacts/e2e/<name>.png and returns the path; all test files share that folder, so prefix names with the file's topic. */
  async screenshot(name: string): Promise<string> {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const path = join(ARTIFACTS_DIR, `${name}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Waits for `locator`; when it never shows, fails saying `what` did not happen, with a screenshot
   * (artifacts/e2e/never-<what>.png) and what the debug toolbar, status bar and notifications showed.
   */
  async waitOrExplain(locator: Locator, what: string): Promise<void> {
    try {
      await locator.waitFor();
    } catch (error) {
      const screenshot = await this.screenshot(`never-${what.replace(/[^\w]+/g, "-")}`);
      const text = async (selector: string): Promise<string> =>
        (await this.page.locator(selector).first().innerText({ timeout: 1000 }).catch(() => "(none)")).replace(/\s+/g, " ").trim();
      throw new Error(`never ${what} (${String(error).split("\n")[0]}); debug toolbar: ${await text(".debug-toolbar")}; `
        + `status bar: ${await text(".statusbar")}; notifications: ${await text(".notifications-toasts")}; screenshot ${screenshot}`);
    }
  }

  /** Opens a workspace file by clicking it in the Explorer, expanding its folders on the way. */
  async openFile(relativePath: string): Promise<void> {
    const segments = relativePath.split("/");
    for (const [index, segment] of segments.entries()) {
      const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${index + 1}"][aria-label="${segment}"]`);
      const isFolder = index < segments.length - 1;
      if (isFolder && (await row.getAttribute("aria-expanded")) === "true") continue;
      await row.click();
    }
    const name = basename(relativePath);
    await this.page.waitForSelector(`.editor-group-container.active .tab.active[data-resource-name="${name}"]`);
    await this.page.locator(".editor-group-container.active .monaco-editor .view-lines").waitFor();
  }

  /** Runs a command by its palette label, e.g. "View: Toggle Problems". */
  async runCommand(label: string): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor();
    await input.fill(`>${label}`);
    const row = this.page.locator(`.quick-input-widget .monaco-list-row[aria-label="${label}"], ` +
      `.quick-input-widget .monaco-list-row[aria-label^="${label}, "]`).first();
    try {
      await row.click();
    } catch (error) {
      // Say what the palette offered instead, so a failure can be understood from the log alone.
      const offered = await this.page.locator(".quick-input-widget .monaco-list-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("aria-label") ?? ""));
      throw new Error(`the command palette did not offer "${label}"; it listed ${JSON.stringify(offered)}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
    }
    // The palette is gone once its input no longer holds the command typed: the widget hides, or
    // the command opened a quick input of its own in it at once (Record a spec), which may keep
    // the widget visible throughout.
    await this.page.waitForFunction(`(() => {
      const widget = document.querySelector(".quick-input-widget");
      const field = widget && widget.querySelector(".quick-input-box input");
      return !widget || widget.offsetParent === null || !field || field.value !== ${JSON.stringify(`>${label}`)};
    })()`);
  }

  /** The language mode shown in the status bar for the active editor, e.g. "Scansion". */
  async languageMode(): Promise<string> {
    return (await this.page.locator("#status\\.editor\\.mode").innerText()).trim();
  }

  /** Waits (up to UI_TIMEOUT_MS) for the language mode to read `name`, then returns what it reads. */
  async waitForLanguageMode(name: string): Promise<string> {
    await this.page.locator("#status\\.editor\\.mode", { hasText: name }).waitFor().catch(() => undefined);
    return this.languageMode();
  }

  /** Errors and warnings as the status bar's problems item announces them. */
  async problemCounts(): Promise<ProblemCounts> {
    const label = (await this.page.locator("#status\\.problems").getAttribute("aria-label")) ?? "";
    const count = (kind: string): number => Number(new RegExp(`${kind}: (\\d+)`).exec(label)?.[1] ?? 0);
    return { errors: count("Errors"), warnings: count("Warnings") };
  }

  async waitForProblemCounts(accept: (counts: ProblemCounts) => boolean): Promise<ProblemCounts> {
    const deadline = Date.now() + UI_TIMEOUT_MS;
    for (;;) {
      const counts = await this.problemCounts();
      if (accept(counts)) return counts;
      if (Date.now() > deadline) throw new Error(`problem counts never became acceptable; last seen ${JSON.stringify(counts)}`);
      // Each new announcement rewrites the item's aria-label: wait for that instead of polling on a timer.
      const seen = (await this.page.locator("#status\\.problems").getAttribute("aria-label")) ?? "";
      await this.page.locator(`#status\\.problems:not([aria-label=${JSON.stringify(seen)}])`)
        .waitFor({ timeout: Math.max(1, deadline - Date.now()) }).catch(() => undefined);
    }
  }

  /** Shows the Problems panel and returns its rows (file rows left out), once there is at least one. */
  async problemRows(): Promise<ProblemRow[]> {
    await this.runCommand("Problems: Focus on Problems View");
    const rows = this.page.locator(".markers-panel .monaco-list-row[aria-label*=' at line ']");
    await rows.first().waitFor();
    const labels = await rows.evaluateAll((elements) => elements.map((element) => element.getAttribute("aria-label") ?? ""));
    // VS Code's label: "Error: <message> at line 13 and character 2. generated by scansion".
    return labels.flatMap((label) => {
      const match = /^(\w+): ([\s\S]*) at line (\d+) and character (\d+)\./.exec(label);
      return match ? [{ severity: match[1]!, message: match[2]!, line: Number(match[3]), character: Number(match[4]) }] : [];
    });
  }

  /** Whether the editor draws an error squiggle on a rendered 1-based line, waiting (each frame) for one to appear. */
  async waitForErrorSquiggle(line: number): Promise<boolean> {
    const editor = await this.page.locator(".editor-group-container.active .monaco-editor").first().elementHandle();
    return this.page.waitForFunction(({ element, wanted }) => {
      const editor = element as unknown as PageElement;
      const number = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")].find((n) => n.textContent?.trim() === String(wanted));
      const top = number?.parentElement?.style.top;
      const overlays = [...editor.querySelectorAll(".view-overlays > div")].filter((row) => row.style.top === top);
      return top !== undefined && overlays.some((row) => row.querySelector(".squiggly-error") !== null);
    }, { element: editor, wanted: line }).then(() => true, () => false);
  }

  /** Puts the cursor on a 1-based line, before the character at a 0-based index (tabs count as one). */
  async moveCursorTo(line: number, character = 0): Promise<void> {
    await this.page.keyboard.press("Control+g");
    const input = this.page.locator(".quick-input-widget .quick-input-box input");
    await input.waitFor();
    await input.fill(`:${line}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator("#status\\.editor\\.selection", { hasText: new RegExp(`^Ln ${line}, Col 1$`) }).waitFor();
    for (let step = 0; step < character; step++) await this.page.keyboard.press("ArrowRight");
  }

  /** Opens the Testing view from the activity bar (its item, not its icon: a result badge covers the icon). */
  async showTestingView(): Promise<void> {
    // Clicking the item of the view that is showing would close it.
    if (await this.page.locator(".test-explorer").isVisible()) return;
    await this.page.locator('.activitybar .action-item:has(> .action-label[aria-label^="Testing"])').click();
    await this.page.locator(".test-explorer").waitFor();
  }

  /** The rendered row of a 1-based line of the active editor (it must be on screen). */
  async lineRow(line: number): Promise<Locator> {
    const editor = this.page.locator(".editor-group-container.active .monaco-editor").first();
    const top = await editor.evaluate((element, wanted) => {
      const editor = element as unknown as PageElement;
      const number = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")].find((n) => n.textContent?.trim() === String(wanted));
      return number?.parentElement?.style.top;
    }, line);
    if (!top) throw new Error(`line ${line} is not rendered`);
    return editor.locator(`.view-lines .view-line[style*="top:${top}"], .view-lines .view-line[style*="top: ${top}"]`);
  }

  /** Texts that decorations put after a rendered line (VS Code renders `after.contentText` as CSS content). */
  async afterTexts(row: Locator): Promise<string[]> {
    return row.evaluate((element) => [...(element as unknown as PageElement).querySelectorAll("span")]
      .map((span) => (globalThis as unknown as PageGlobals).getComputedStyle(span, "::after").content)
      .filter((content) => content.startsWith('"'))
      .map((content) => JSON.parse(content) as string));
  }

  /** Extends the selection over the next `count` characters, as Shift+Right does. */
  async selectRight(count: number): Promise<void> {
    for (let step = 0; step < count; step++) await this.page.keyboard.press("Shift+ArrowRight");
  }

  async type(text: string): Promise<void> {
    await this.page.keyboard.type(text);
  }

  /** The tokens of a 1-based line as rendered (scroll it into view first, e.g. with moveCursorTo). */
  async tokensOfLine(line: number): Promise<Token[]> {
    const view = this.page.locator(".editor-group-container.active .monaco-editor").first();
    return view.evaluate((element, wanted) => {
      const editor = element as unknown as PageElement;
      const page = globalThis as unknown as PageGlobals;
      // Rendered lines are positioned by `top`; the gutter row with the line number has the same one.
      const numbers = [...editor.querySelectorAll(".margin-view-overlays .line-numbers")];
      const number = numbers.find((element) => element.textContent?.trim() === String(wanted));
      const top = number?.parentElement?.style.top;
      const row = [...editor.querySelectorAll(".view-lines .view-line")].find((candidate) => candidate.style.top === top);
      if (!number || !row) throw new Error(`line ${wanted} is not rendered`);
      return [...row.querySelectorAll("span > span")].map((span) => ({
        text: (span.textContent ?? "").replace(/\u00a0/g, " "),
        color: page.getComputedStyle(span).color,
        className: span.className,
      }));
    }, line);
  }

  /** The editor's plain-text colour (what an unhighlighted token has), as a computed rgb() value. */
  async editorForeground(): Promise<string> {
    const view = this.page.locator(".editor-group-container.active .monaco-editor").first();
    return view.evaluate((element) => {
      const page = globalThis as unknown as PageGlobals;
      const probe = page.document.createElement("span");
      probe.style.color = "var(--vscode-editor-foreground)";
      (element as unknown as PageElement).appendChild(probe);
      const color = page.getComputedStyle(probe).color;
      probe.remove();
      return color;
    });
  }

  /** Opens the suggest widget as Ctrl+Space does and returns its labels. */
  async triggerSuggest(): Promise<string[]> {
    await this.page.keyboard.press("Control+Space");
    return this.suggestions();
  }

  /** Labels in the visible suggest widget, once it shows at least one. */
  async suggestions(): Promise<string[]> {
    const labels = this.page.locator(".suggest-widget.visible .monaco-list-row .label-name");
    await labels.first().waitFor();
    return labels.evaluateAll((elements) => elements.map((element) => element.textContent ?? ""));
  }

  /** Waits until the suggest widget lists `label` (it fills in as the server answers). */
  async waitForSuggestion(label: string): Promise<string[]> {
    await this.page.locator(".suggest-widget.visible .monaco-list-row .label-name").filter({ hasText: label }).first().waitFor();
    return this.suggestions();
  }

  /** The text of a 1-based line as the editor renders it. */
  async lineText(line: number): Promise<string> {
    return (await this.tokensOfLine(line)).map((token) => token.text).join("");
  }
}
