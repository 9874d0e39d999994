import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_RUN_SETTINGS } from "../runner/settings";
import { readLaunchArguments } from "./launchArguments";

describe("reading a scansion launch configuration", () => {
  it("resolves the program against the working directory and keeps the runner's defaults", () => {
    const launch = readLaunchArguments({ program: "specs/a.scs" }, "/work/project");
    assert.deepEqual(launch, { program: "/work/project/specs/a.scs", settings: DEFAULT_RUN_SETTINGS, stopOnEntry: false });
  });

  it("turns host, port, timeout, mismatchPolicy and stopOnEntry into run settings", () => {
    const launch = readLaunchArguments({ program: "/a.scs", host: "localhost", port: 5223, timeout: 800, mismatchPolicy: "strict-sequence", stopOnEntry: true });
    assert.ok(!("error" in launch));
    assert.equal(launch.settings.host, "localhost");
    assert.equal(launch.settings.port, 5223);
    assert.equal(launch.settings.receiveTimeoutMs, 800);
    assert.equal(launch.settings.mismatchPolicy, "strict-sequence");
    assert.equal(launch.stopOnEntry, true);
  });

  it("turns acceptSelfSignedCertificate and allowPlain into the runner's TLS and PLAIN settings, off by default", () => {
    const launch = readLaunchArguments({ program: "/a.scs", acceptSelfSignedCertificate: true, allowPlain: true });
    assert.ok(!("error" in launch));
    assert.equal(launch.settings.acceptSelfSignedCertificate, true);
    assert.equal(launch.settings.allowPlainOnNonLoopback, true);
    const plain = readLaunchArguments({ program: "/a.scs" });
    assert.ok(!("error" in plain));
    assert.equal(plain.settings.acceptSelfSignedCertificate, false);
    assert.equal(plain.settings.allowPlainOnNonLoopback, false);
  });

  it("names the attribute that is wrong", () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{}, /needs "program"/],
      [{ program: "/a.scs", port: 70000 }, /"port" must be a port number/],
      [{ program: "/a.scs", port: "5222" }, /"port"/],
      [{ program: "/a.scs", timeout: 0 }, /"timeout"/],
      [{ program: "/a.scs", mismatchPolicy: "lenient" }, /"mismatchPolicy" must be one of "skip-unmatched", "strict-sequence"/],
      [{ program: "/a.scs", host: "" }, /"host"/],
      [{ program: "/a.scs", stopOnEntry: "yes" }, /"stopOnEntry"/],
      [{ program: "/a.scs", acceptSelfSignedCertificate: "true" }, /"acceptSelfSignedCertificate" must be true or false/],
      [{ program: "/a.scs", allowPlain: 1 }, /"allowPlain" must be true or false/],
    ];
    for (const [args, message] of cases) {
      const launch = readLaunchArguments(args);
      assert.ok("error" in launch, JSON.stringify(args));
      assert.match(launch.error, message);
    }
  });
});
