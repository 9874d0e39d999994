/**
 * A debug session runs the text a run does: an edited, unsaved spec's editor text (the
 * extension hands it to the adapter as `unsavedText`), so the quick fixes of its failure,
 * kept for that document version, point at the lines that ran. Real adapter over DAP,
 * real Prosody, the real quick fixes.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DapTestClient } from "@support/dapTestClient";
import { ScansionDebugAdapter } from "@server/debug/debugAdapter";
import { startProsody, type ThrowawayProsody } from "@server/servers/prosody/throwawayProsody";
import type { SpecResult } from "@server/runner/specResult";
import { failureFixes, parseSpec } from "./failureFixes";

const TEXT_MISMATCH = join(__dirname, "..", "..", "..", "testFixture", "failing", "text-mismatch.scs");

/** The spec as edited in the editor and not saved: three lines above it move every action down. */
const EDITED = `# Edited, not saved:\n# the debugger must run this text,\n# not the file on disk.\n${readFileSync(TEXT_MISMATCH, "utf8")}`;

/** 0-based line of the first line of `text` containing `needle` (after line `from`). */
function lineWith(text: string, needle: string, from = 0): number {
  const index = text.split("\n").findIndex((line, i) => i >= from && line.includes(needle));
  assert.ok(index >= 0, `no line with ${needle}`);
  return index;
}

describe("quick fixes after debugging an edited, unsaved spec", () => {
  let server: ThrowawayProsody;
  before(async () => {
    server = await startProsody();
  });
  after(async () => {
    await server?.stop();
  });

  it("the debugger runs the editor's text and the fixes point at its lines", async () => {
    const read: string[] = [];
    const dap = DapTestClient.connect(new ScansionDebugAdapter({
      unsavedText: (file) => {
        read.push(file);
        return file === TEXT_MISMATCH ? EDITED : undefined;
      },
    }));
    try {
      await dap.expectSuccess("initialize", { adapterID: "scansion", linesStartAt1: true, columnsStartAt1: true, pathFormat: "path" });
      await dap.waitForEvent("initialized");
      await dap.expectSuccess("configurationDone");
      await dap.expectSuccess("launch", { program: TEXT_MISMATCH, host: server.host, port: server.c2sPort, timeout: 1500 });
      assert.equal((await dap.stopped()).reason, "exception");
      await dap.expectSuccess("continue", { threadId: 1 });
      const result = (await dap.waitForEvent("scansion.specResult")).body as SpecResult;
      assert.deepEqual(read, [TEXT_MISMATCH]);
      // The difference's facts, which the fixes read, came through the event's JSON.
      assert.deepEqual(result.failure?.mismatch, { kind: "text-different", stanzaIndex: 0, path: "iq/query{jabber:iq:version}/name", expectedValue: "ejabberd", receivedValue: "Prosody" });

      // The failing receive is where the edited text has it, three lines below the file's.
      const probe = lineWith(EDITED, "# probe: the failing action");
      assert.equal(result.status, "failed");
      assert.equal(result.failure?.line, probe + 2, "1-based line of the failing action in the edited text");
      assert.equal(lineWith(readFileSync(TEXT_MISMATCH, "utf8"), "# probe: the failing action") + 3, probe);

      // "Accept the received stanza" replaces the expected <iq> of that receive in the edited text.
      const fixes = failureFixes(parseSpec(EDITED), result, result.failure!.range);
      const accept = fixes.find((fix) => fix.kind === "accept-received");
      assert.ok(accept, `fixes offered: ${fixes.map((fix) => fix.kind).join(", ") || "none"}`);
      assert.equal(accept.edit.range.start.line, lineWith(EDITED, "<iq type='result'", probe));
      assert.equal(accept.edit.range.end.line, lineWith(EDITED, "</iq>", probe));
      assert.match(accept.edit.newText, /<name>Prosody<\/name>/);
      await dap.waitForEvent("terminated");
    } finally {
      await dap.request("disconnect", {});
    }
  });
});
