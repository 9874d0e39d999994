import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readLaunchArguments } from "@server/debug/launchArguments";
import { readTargets } from "../targets/targets";
import { completeLaunchConfiguration, initialConfigurations, launchConfigurationFor } from "./launchConfiguration";

const targets = readTargets({ host: "127.0.0.1", port: 15222, timeout: 2500, targets: [{ name: "staging", host: "xmpp.example", port: 5222, timeout: 9000 }] });
const [defaultTarget, staging] = targets.targets;

describe("scansion launch configurations", () => {
  it("debugging a spec from the Test Explorer connects where a run against the same target would", () => {
    const config = launchConfigurationFor("/specs/a.scs", "Members-only deregister", defaultTarget!, targets);
    assert.deepEqual(config, { type: "scansion", request: "launch", name: "Debug Members-only deregister", program: "/specs/a.scs", host: "127.0.0.1", port: 15222, timeout: 2500, mismatchPolicy: "skip-unmatched" });
    assert.deepEqual(launchConfigurationFor("/specs/a.scs", "a", staging!, targets).timeout, 9000, "a named target's own timeout wins");
  });

  it("scansion.mismatchPolicy reaches the debugged run as it reaches a normal run", () => {
    const strict = readTargets({ mismatchPolicy: "strict-sequence" });
    const launch = readLaunchArguments(launchConfigurationFor("/specs/a.scs", "a", strict.targets[0]!, strict));
    assert.ok(!("error" in launch), JSON.stringify(launch));
    assert.equal(launch.settings.mismatchPolicy, "strict-sequence");
  });

  it("a target's acceptSelfSignedCertificate and allowPlain reach the debugged run as they reach a normal run", () => {
    const tls = readTargets({ targets: [{ name: "ejabberd dev", host: "localhost", port: 5222, acceptSelfSignedCertificate: true, allowPlain: true }] });
    const config = launchConfigurationFor("/specs/a.scs", "a", tls.targets[1]!, tls);
    assert.equal(config.acceptSelfSignedCertificate, true);
    assert.equal(config.allowPlain, true);
    const launch = readLaunchArguments(config);
    assert.ok(!("error" in launch), JSON.stringify(launch));
    assert.equal(launch.settings.acceptSelfSignedCertificate, true);
    assert.equal(launch.settings.allowPlainOnNonLoopback, true);
    // Off: not written at all, so launch.json completions stay as the user wrote them.
    assert.equal("acceptSelfSignedCertificate" in launchConfigurationFor("/specs/a.scs", "a", defaultTarget!, targets), false);
  });

  it("the adapter accepts what the extension launches", () => {
    const launch = readLaunchArguments(launchConfigurationFor("/specs/a.scs", "a", defaultTarget!, targets));
    assert.ok(!("error" in launch), JSON.stringify(launch));
    assert.equal(launch.settings.port, 15222);
    assert.equal(launch.settings.receiveTimeoutMs, 2500);
  });

  it("F5 without a launch.json debugs the spec in the active editor", () => {
    const completed = completeLaunchConfiguration({}, "/specs/open.scs", defaultTarget!, targets);
    assert.ok("configuration" in completed);
    const config = completed.configuration;
    assert.equal(config.program, "/specs/open.scs");
    assert.equal(config.type, "scansion");
    assert.equal(config.request, "launch");
    assert.equal(config.host, "127.0.0.1");
  });

  it("F5 without a launch.json and without a spec open says what to do", () => {
    const config = completeLaunchConfiguration({}, undefined, defaultTarget!, targets);
    assert.ok("error" in config);
    assert.match(config.error, /Open a scansion spec/);
  });

  it("what launch.json says wins over the current target", () => {
    const completed = completeLaunchConfiguration({ type: "scansion", request: "launch", name: "mine", program: "${workspaceFolder}/x.scs", port: 5299 }, "/specs/open.scs", defaultTarget!, targets);
    assert.ok("configuration" in completed);
    const config = completed.configuration;
    assert.equal(config.program, "${workspaceFolder}/x.scs");
    assert.equal(config.port, 5299);
    assert.equal(config.host, "127.0.0.1", "attributes it leaves out come from the target");
  });

  it("an attach request is refused in one line", () => {
    const config = completeLaunchConfiguration({ type: "scansion", request: "attach", name: "x" }, "/specs/open.scs", defaultTarget!, targets);
    assert.ok("error" in config);
    assert.match(config.error, /only be launched/);
  });

  it("a new launch.json debugs the current file and stops on entry", () => {
    assert.deepEqual(initialConfigurations(), [{ type: "scansion", request: "launch", name: "Debug the current spec", program: "${file}", stopOnEntry: true }]);
  });

  it("with a Prosody target, F5 says where to debug instead (its server exists only during a Test Explorer run), unless launch.json names host and port", () => {
    const withProsody = readTargets({ workspaceFolder: "/checkout", checkoutConfig: "/checkout/spec/scansion/prosody.cfg.lua" });
    const prosody = withProsody.targets.find((target) => target.prosody)!;
    const refused = completeLaunchConfiguration({}, "/specs/open.scs", prosody, withProsody);
    assert.ok("error" in refused && /Debug spec/.test(refused.error), JSON.stringify(refused));
    const given = completeLaunchConfiguration({ type: "scansion", request: "launch", name: "mine", program: "/specs/open.scs", host: "127.0.0.1", port: 5299 }, undefined, prosody, withProsody);
    assert.ok("configuration" in given && given.configuration.port === 5299);
  });
});
