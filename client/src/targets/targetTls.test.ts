/**
 * A named target for a development server with a self-signed certificate (a
 * real Prosody that requires STARTTLS), run the way the Test Explorer and the
 * debugger run it: the target's settings (or its launch configuration) go to
 * the runner, which connects only when the target trusts the certificate, and
 * says which setting and flag would otherwise.
 */
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { readLaunchArguments } from "@server/debug/launchArguments";
import { parseSpec } from "@server/language/parser";
import { startStarttlsProsody } from "@server/servers/prosody/starttlsProsody";
import type { ThrowawayProsody } from "@server/servers/prosody/throwawayProsody";
import type { SpecResult } from "@server/runner/specResult";
import type { RunSettings } from "@server/runner/settings";
import { runSpec } from "@server/runner/specRunner";
import { launchConfigurationFor } from "../debugging/launchConfiguration";
import { findTarget, readTargets, runSettingsFor, type TargetList } from "./targets";

const PING_OVER_TLS = `# Romeo pings the server over STARTTLS

[Client] Romeo
	jid: romeo@localhost
	password: password

-----

Romeo connects

Romeo sends:
	<iq type='get' id='tls-ping' to='localhost'>
		<ping xmlns='urn:xmpp:ping'/>
	</iq>

Romeo receives:
	<iq type='result' id='tls-ping' from='localhost'/>

Romeo disconnects
`;

async function run(settings: RunSettings): Promise<SpecResult> {
  return (await runSpec(parseSpec(PING_OVER_TLS), { file: "tls-ping.scs", name: "Romeo pings the server over STARTTLS" }, settings)).result;
}

describe("a target for a server with a self-signed certificate", () => {
  let prosody: ThrowawayProsody | undefined;
  let targets: TargetList;

  before(async () => {
    prosody = await startStarttlsProsody();
    const address = { host: prosody.host, port: prosody.c2sPort };
    targets = readTargets({
      targets: [
        { name: "dev, self-signed", ...address, acceptSelfSignedCertificate: true },
        { name: "dev, verified", ...address },
      ],
    });
  });

  after(async () => {
    await prosody?.stop();
  });

  it("runs a spec when the target sets acceptSelfSignedCertificate", async () => {
    const result = await run(runSettingsFor(findTarget(targets, "target:dev, self-signed"), targets));
    assert.equal(result.status, "passed", result.failure?.message);
  });

  it("runs it in a debug session of that target, through its launch configuration", async () => {
    const launch = readLaunchArguments(launchConfigurationFor("/specs/tls-ping.scs", "tls ping", findTarget(targets, "target:dev, self-signed"), targets));
    assert.ok(!("error" in launch), JSON.stringify(launch));
    const result = await run(launch.settings);
    assert.equal(result.status, "passed", result.failure?.message);
  });

  it("refuses the certificate without it, naming the target setting and the CLI flag that trust it", async () => {
    const result = await run(runSettingsFor(findTarget(targets, "target:dev, verified"), targets));
    assert.equal(result.status, "failed");
    assert.equal(result.failure?.kind, "connect");
    const message = result.failure?.message ?? "";
    assert.match(message, /TLS handshake with 127\.0\.0\.1:\d+ failed: self-signed certificate/);
    assert.ok(message.includes('set "acceptSelfSignedCertificate": true on the target (scansion.targets)'), message);
    assert.ok(message.includes("--accept-self-signed"), message);
  });
});
