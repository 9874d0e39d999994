// A coverage run through the session: each Prosody the run starts counts its lines, each spec's
// are its own server's (attributed by spec, also with specs running at once), the first server
// is the start-up baseline, and a target whose servers the run does not start is refused.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { isProsodyInstalled, projectProsodyConfig } from "../servers/prosody/throwawayProsody";
import { DEFAULT_RUN_SETTINGS } from "../runner/settings";
import { RunSession, withRunSession } from "./runSession";

const skip = isProsodyInstalled() ? false : "Prosody is not installed";
const SETTINGS = { ...DEFAULT_RUN_SETTINGS, receiveTimeoutMs: 2000 };
const SPECS = ["every-verb.scs", "captures.scs"].map((name) => path.resolve(__dirname, "../../../testFixture/runner", name));
const MESSAGE_HANDLER = "/usr/lib/prosody/modules/mod_message.lua";

describe("a coverage run session", { skip }, () => {
  it("gives each spec the lines of its own server, and what it ran beyond start-up", async () => {
    await withRunSession({ kind: "prosody", config: projectProsodyConfig() }, SETTINGS, {}, undefined, async (session) => {
      const outcome = await session.run(SPECS, { tagFilter: { onlyTags: [], skipTags: [] }, bail: false, jobs: 2 });
      assert.equal(outcome.summary.passed, 2, JSON.stringify(outcome.results.map((result) => result.failure?.message)));
      const coverage = session.coverage!;
      await coverage.settled();
      assert.deepEqual(coverage.lost, []);
      assert.deepEqual(coverage.specs, [...SPECS].sort());
      for (const spec of SPECS) {
        const all = coverage.hitsOf(spec);
        const own = coverage.ownLines(spec);
        const lines = (hits: Map<string, Map<number, number>>) => [...hits.values()].reduce((sum, file) => sum + file.size, 0);
        assert.ok(lines(own) > 0 && lines(own) < lines(all) / 2, `${path.basename(spec)}: ${lines(own)} own lines of ${lines(all)}`);
      }
      // every-verb.scs sends a chat message; its server ran the message handler, beyond start-up.
      assert.ok(coverage.ownLines(SPECS[0]!).has(MESSAGE_HANDLER), "every-verb ran mod_message");
      const merged = coverage.merged().get(MESSAGE_HANDLER);
      assert.ok(merged && merged.size >= (coverage.hitsOf(SPECS[0]!).get(MESSAGE_HANDLER)?.size ?? 0));
    }, { coverage: true });
  });

  it("is refused for a server the run does not start", async () => {
    await assert.rejects(RunSession.open({ kind: "address", host: "127.0.0.1", port: 5222 }, SETTINGS, {}, undefined, { coverage: true }), /coverage needs a server the run starts/);
  });
});
