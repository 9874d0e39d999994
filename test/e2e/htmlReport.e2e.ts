// The HTML report of Prosody 13.0.1's suite (the 50 specs of the built checkout, else ../shared's
// copy), one spec made to fail on purpose, opened from disk in Debian's Chromium: one file under
// 5 MB that asks for nothing outside itself, a diagram per spec, the failure's diff and its
// server's log. Screenshots of a passing spec, the failing one and the longest one go to
// artifacts/e2e/ before the checks.
// Run with `npm run test:e2e` (not part of `npm test`: the file is not named *.test.ts).
import assert from "node:assert/strict";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { chromium, type Browser, type Page } from "playwright-core";
import { ensureCliBuilt, runCli } from "../support/cli";
import { CHROMIUM } from "../support/e2e/codeServer";
import { ARTIFACTS_DIR } from "../support/e2e/workbench";
import { prosody13Suite } from "../support/prosodySuite";

const FAILING_SPEC = "basic_message.scs";
const FIVE_MB = 5 * 1024 * 1024;
/** 50 specs take about 30 s on a quiet machine; a loaded one needs more. */
const RUN_DEADLINE_MS = 300_000;

describe("the HTML report of Prosody 13.0.1's suite in Chromium", { timeout: 600_000 }, () => {
  const suite = prosody13Suite();
  let folder: string;
  let report: string;
  let specCount: number;
  let browser: Browser | undefined;
  let page: Page;
  const outsideRequests: string[] = [];

  before(async () => {
    if ("missing" in suite) throw new Error(`no Prosody 13.0.1 suite: ${suite.missing}`);
    await ensureCliBuilt();
    folder = mkdtempSync(join(tmpdir(), "scansion-report-"));
    const specs = join(folder, "scansion");
    cpSync(suite.specs, specs, { recursive: true });
    // One spec fails on purpose: Romeo's first message says something else than Juliet expects.
    const failing = join(specs, FAILING_SPEC);
    const text = readFileSync(failing, "utf8");
    const changed = text.replace("<body>Hello Juliet!</body>", "<body>Hello Juliet? (fails on purpose)</body>");
    assert.notEqual(changed, text, `${FAILING_SPEC} has the body this test changes`);
    writeFileSync(failing, changed);
    specCount = readdirSync(specs).filter((name) => name.endsWith(".scs")).length;
    report = join(folder, "report.html");
    const run = await runCli(["--prosody-config", join(specs, "prosody.cfg.lua"), "--prosody", suite.prosody, "--reporter", "html", "--output", report, specs], { deadlineMs: RUN_DEADLINE_MS });
    assert.equal(run.code, 1, `one spec fails:\n${run.stdout.slice(-3000)}\n${run.stderr}`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("request", (request) => { if (!request.url().startsWith("file:")) outsideRequests.push(request.url()); });
    await page.goto(`file://${report}`);
  });

  after(async () => {
    await browser?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  const shoot = async (selector: string, name: string): Promise<void> => {
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    await page.locator(selector).screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`) });
  };

  it("is one file under 5 MB that asks for nothing outside itself", async () => {
    const size = statSync(report).size;
    console.log(`report: ${specCount} specs (${"source" in suite ? suite.source : ""}), ${(size / 1024 / 1024).toFixed(2)} MB`);
    assert.ok(size < FIVE_MB, `${size} bytes`);
    await page.locator("h1").waitFor();
    assert.deepEqual(outsideRequests, []);
    assert.equal(await page.locator("script[src], link[href], img[src], iframe").count(), 0);
  });

  it("has totals, the slowest specs and a diagram per spec", async () => {
    await shoot("header", "report-totals");
    assert.match(await page.locator("h1").innerText(), new RegExp(`^Scansion report: ${specCount - 1} passed, 1 failed`));
    assert.equal(await page.locator("ol.slowest li").count(), 5);
    assert.equal(await page.locator("details.spec").count(), specCount);
    assert.equal(await page.locator("details.spec .sd").count(), specCount);
  });

  it("shows a passing spec's diagram and a stanza when its arrow is clicked", async () => {
    const passing = page.locator("details.spec:has(.mark.status-passed)").first();
    await passing.locator("summary").click();
    await passing.locator(".sd-x.sd-sent").first().click();
    await passing.locator(".sd-detail:not([hidden]) .sd-xml").waitFor();
    const id = await passing.getAttribute("id");
    await shoot(`#${id}`, "report-passing-spec");
    assert.ok(await passing.locator(".sd-x.sd-received").count() > 0);
  });

  it("opens the failing spec with its diff, its server's log and the stanza that never came", async () => {
    const failing = page.locator("details.spec:has(.mark.status-failed)");
    assert.equal(await failing.count(), 1);
    assert.equal(await failing.getAttribute("open"), "", "a failed spec is open from the start");
    await failing.locator(".sd-x.sd-missing").click();
    await shoot("details.spec:has(.mark.status-failed)", "report-failing-spec");
    assert.match(await failing.locator(".difference").innerText(), /^message\/body: expected text "Hello Juliet!", received "Hello Juliet\? \(fails on purpose\)"$/);
    assert.match(await failing.locator("pre.diff .diff-received").first().innerText(), /^\+/);
    assert.match(await failing.locator(".server-log pre").innerText(), /Prosody version 13\.0\.1/);
  });

  it("keeps a long spec (50+ stanzas) readable", async () => {
    const longest = await page.locator("details.spec").evaluateAll((specs) => specs
      .map((spec) => ({ id: spec.id, rows: spec.querySelectorAll(".sd-x.sd-sent, .sd-x.sd-received").length }))
      .sort((a, b) => b.rows - a.rows)[0]!);
    assert.ok(longest.rows >= 50, `the longest diagram has ${longest.rows} stanzas`);
    const spec = page.locator(`#${longest.id}`);
    await spec.locator("summary").click();
    await spec.locator(".sd-x").nth(30).click();
    await shoot(`#${longest.id}`, "report-long-spec");
    // Rows never overlap: each one starts below the previous one.
    const tops = await spec.locator(".sd-x .sd-hit").evaluateAll((hits) => hits.map((hit) => Number(hit.getAttribute("y"))));
    assert.ok(tops.every((top, index) => index === 0 || top > tops[index - 1]!), "rows in order, one below the other");
  });
});
