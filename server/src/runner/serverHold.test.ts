// The hold connection (serverHold.ts) against Prosody 13.0.1 with the checkout's own config,
// which loads mod_debug_reset: the server must not reset while a spec runs, even when
// every client of the spec is offline for a moment.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { parseSpec } from "../language/parser";
import { cachedProsodyRelease } from "../servers/prosody/prosodyInstall";
import { withRunSession } from "../session/runSession";
import { holdDomainOf } from "./serverHold";
import { DEFAULT_RUN_SETTINGS } from "./settings";

const CONFIG = path.join(__dirname, "..", "..", "..", "..", "shared", "conformance", "prosody-13.0.1", "spec", "scansion", "prosody.cfg.lua");
const PROSODY_13 = cachedProsodyRelease("13.0.1");
const skip = PROSODY_13 && fs.existsSync(CONFIG) ? false : "Prosody 13.0.1 or the 13.0.1 conformance set is missing";

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
    let logFile: string | undefined;
    let resetsWhileRunning: number | undefined;
    const target = { kind: "prosody", config: CONFIG, executable: PROSODY_13! } as const;
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
