/**
 * Constructs of the current scansion that community modules' specs use (docs/scansion-language.md
 * §1.9a): captured values used again, scansion:strict yes/no, anonymous clients and `#` lines inside
 * blocks. Each fixture runs against a real, throwaway Prosody 0.12.3 and 13.0.1 (the project's test
 * config, which adds an anonymous VirtualHost) and gets no error in the editor.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseSpec } from "../language/parser";
import { computeDiagnostics } from "../features/diagnostics";
import { cachedProsodyRelease, findExecutable } from "../servers/prosody/prosodyInstall";
import { startProsody, type ThrowawayProsody } from "../servers/prosody/throwawayProsody";
import { runSettingsAt } from "../session/runSession";
import type { SpecResult } from "./specResult";
import { runSpec } from "./specRunner";

const FIXTURES = join(__dirname, "..", "..", "..", "testFixture");
const PASSING = ["runner/captures.scs", "runner/strict-yes-no.scs", "runner/anonymous.scs", "runner/comments-in-blocks.scs"];

function text(path: string): string {
  return readFileSync(join(FIXTURES, path), "utf8");
}

/** 1-based line of the action below the `# probe: the failing action` comment. */
function probeLine(path: string): number {
  return text(path).split("\n").findIndex((line) => line.startsWith("# probe: the failing action")) + 2;
}

describe("current scansion constructs in the editor", () => {
  for (const path of PASSING) {
    it(`gives ${path} no error and no warning`, () => {
      const diagnostics = computeDiagnostics(parseSpec(text(path)), { unusedClient: true });
      assert.deepEqual(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`), []);
    });
  }

  it("warns (never errs) where a ${NAME} has no capture above it", () => {
    const diagnostics = computeDiagnostics(parseSpec(text("failing/capture-not-bound.scs")), { unusedClient: false });
    assert.deepEqual(diagnostics.map((d) => [d.code, d.severity, d.range.start.line + 1]), [["capture-not-bound", 2, probeLine("failing/capture-not-bound.scs") + 1]]);
  });
});

for (const [version, executable] of [["0.12.3", findExecutable("prosody")], ["13.0.1", cachedProsodyRelease("13.0.1")]] as const) {
  describe(`current scansion constructs against Prosody ${version}`, { skip: executable ? false : `Prosody ${version} is not installed` }, () => {
    let server: ThrowawayProsody;

    async function run(path: string): Promise<SpecResult> {
      const outcome = await runSpec(parseSpec(text(path)), { file: path, name: path }, runSettingsAt(server, { receiveTimeoutMs: 1500 }));
      return outcome.result;
    }

    before(async () => {
      server = await startProsody({ executable: executable! });
      assert.equal(server.version, version);
    });
    after(async () => {
      await server?.stop();
    });

    for (const path of PASSING) {
      it(`passes ${path}`, async () => {
        const result = await run(path);
        assert.equal(result.status, "passed", result.failure?.message);
      });
    }

    it("binds the last captured value of each name, from attributes and from text", async () => {
      const result = await run("runner/captures.scs");
      assert.deepEqual(result.captures, { last: "ping2", server: "localhost", software: "Prosody", release: version });
    });

    it("reports the JIDs the server assigned to an anonymous client", async () => {
      const result = await run("runner/anonymous.scs");
      const visitor = result.clients?.Visitor;
      assert.match(visitor?.full ?? "", /^[^@/]+@anon\.localhost\/.+$/);
      assert.equal(visitor?.bare, visitor?.full?.split("/")[0]);
    });

    it("fails a ${NAME} that no earlier step captured, at its step, naming it in one line", async () => {
      const result = await run("failing/capture-not-bound.scs");
      assert.equal(result.status, "failed");
      assert.equal(result.failure?.line, probeLine("failing/capture-not-bound.scs"));
      assert.equal(result.failure?.message, `\${sessionid} has no value: no earlier step captured "sessionid" ({scansion:capture:sessionid} in a receives).`);
    });

    it("fails the connect of an anonymous client on a host without ANONYMOUS, saying so", async () => {
      const result = await run("failing/anonymous-refused.scs");
      assert.equal(result.failure?.line, probeLine("failing/anonymous-refused.scs"));
      assert.match(result.failure?.message ?? "", /^Visitor could not connect: .* does not offer SASL ANONYMOUS on localhost \(offered: PLAIN\); .*authentication = "anonymous"/);
      assert.ok(!result.failure?.message.includes("\n"));
    });
  });
}
