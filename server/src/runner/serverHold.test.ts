// The hold connection (serverHold.ts) against Prosody 13.0.1 with its suite's own config,
// which loads mod_debug_reset: the server must not reset while a spec runs, even when
// every client of the spec is offline for a moment.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { parseSpec } from "../language/parser";
import { withRunSession } from "../session/runSession";
import { holdDomainOf } from "./serverHold";
import { DEFAULT_RUN_SETTINGS } from "./settings";
import { prosody13Suite } from "@support/prosodySuite";

// The built checkout's config and ./prosody, else ../shared's copy of the config with the unpacked 13.0.1.
const suite = prosody13Suite();
const skip = "missing" in suite ? suite.missing : false;

// keep_full_sub_req.scs's shape: the only client leaves, then another connects.
const EVERYONE_LEAVES = `# everyone leaves for a moment

[Client] Alice
\tjid: hold-a@localhost
\tpassword: password

[Client] Bob
\tjid: hold-b@localhost
\tpassword: password

-----

Alice connects

Alice disconnects

Bob connects

Bob disconnects
`;

function resetsIn(log: string): number {
  return log.split("\n").filter((line) => line.includes("Performing reset")).length;
}

describe("holding a server for the length of a spec", () => {
  it("finds the domain the spec's clients log in to", () => {
    assert.equal(holdDomainOf(parseSpec(EVERYONE_LEAVES)), "localhost");
    assert.equal(holdDomainOf(parseSpec("# none\n\n[Client] A\n\tjid: nodomain\n\tpassword: p\n\n-----\n")), undefined);
  });

  it("keeps Prosody's debug_reset from resetting the server inside a spec", { skip }, async () => {
    if ("missing" in suite) throw new Error(suite.missing);
    let logFile: string | undefined;
    let resetsWhileRunning: number | undefined;
    const target = { kind: "prosody", config: suite.config, executable: suite.prosody } as const;
    const outcome = await withRunSession(target, DEFAULT_RUN_SETTINGS, { serverStarted: (server) => { logFile = server.logFile; } }, undefined, (session) =>
      session.run([{ file: "leaves.scs", text: EVERYONE_LEAVES }], { tagFilter: { onlyTags: [], skipTags: [] }, bail: false, jobs: 1 }, (event) => {
        // Alice's close waited for the server's </stream:stream>, which Prosody sends after its reset ran.
        if (event.type === "spec-ended" && logFile) resetsWhileRunning = resetsIn(fs.readFileSync(logFile, "utf8"));
      }));
    assert.equal(outcome.results[0]?.status, "passed", outcome.results[0]?.failure?.message);
    assert.ok(logFile, "a server was started");
    assert.equal(resetsWhileRunning, 0, "no reset while the spec ran");
  });
});
