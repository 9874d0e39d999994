import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_RUN_SETTINGS } from "@server/runner/settings";
import type { LayoutProbe, ModuleLayout } from "@server/session/moduleLayout";
import { readinessAddress } from "@server/session/runTarget";
import { BY_MODULE_TARGET_ID, findTarget, isTargetsEntry, readTargets, runParts, runSettingsFor, runTargetOf, startsProsody, targetAddress, targetLabel } from "./targets";

describe("server targets", () => {
  it("without settings there is only the default target, which leaves host and port to each client", () => {
    const list = readTargets({});
    assert.equal(list.targets.length, 1);
    const target = list.targets[0]!;
    assert.equal(target.isDefault, true);
    assert.equal(target.host, undefined);
    assert.equal(target.port, undefined);
    assert.equal(targetLabel(target), "each client's JID domain");
    assert.deepEqual(list.problems, []);
    assert.deepEqual(runSettingsFor(target, list), DEFAULT_RUN_SETTINGS);
  });

  it("scansion.server.host, .port and scansion.timeout become the default target's run settings", () => {
    const list = readTargets({ host: " localhost ", port: 15222, timeout: 2500 });
    const target = findTarget(list, undefined);
    assert.equal(targetLabel(target), "localhost:15222");
    const settings = runSettingsFor(target, list);
    assert.equal(settings.host, "localhost");
    assert.equal(settings.port, 15222);
    assert.equal(settings.receiveTimeoutMs, 2500);
    assert.equal(settings.mismatchPolicy, DEFAULT_RUN_SETTINGS.mismatchPolicy);
  });

  it("named targets follow the default one, in settings order, each with its own timeout or scansion.timeout", () => {
    const list = readTargets({
      timeout: 3000,
      targets: [
        { name: "staging", host: "xmpp.staging.example", port: 5222, timeout: 10000 },
        { name: "local 0.12", host: "127.0.0.1", port: 25222 },
      ],
    });
    assert.deepEqual(list.targets.map((t) => t.name), ["Default server", "staging", "local 0.12"]);
    assert.equal(runSettingsFor(findTarget(list, "target:staging"), list).receiveTimeoutMs, 10000);
    const local = findTarget(list, "target:local 0.12");
    assert.equal(local.isDefault, false);
    assert.equal(targetLabel(local), "local 0.12");
    assert.deepEqual(runSettingsFor(local, list), { ...DEFAULT_RUN_SETTINGS, host: "127.0.0.1", port: 25222, receiveTimeoutMs: 3000 });
  });

  it("ignores malformed and duplicate entries and says why", () => {
    const list = readTargets({
      port: 99999,
      targets: [
        "localhost:5222",
        { name: "no port", host: "localhost" },
        { name: "ok", host: "localhost", port: 5222, timeout: -5 },
        { name: "ok", host: "other", port: 5223 },
      ],
    });
    assert.deepEqual(list.targets.map((t) => t.name), ["Default server", "ok"]);
    assert.equal(list.targets[0]!.port, undefined);
    assert.equal(list.problems.length, 5);
    assert.match(list.problems[0]!, /scansion\.server\.port: 99999 is not a port number/);
    assert.match(list.problems[1]!, /scansion\.targets\[0\]: expected an object/);
    assert.match(list.problems[2]!, /scansion\.targets\[1\]: needs a host and a port/);
    assert.match(list.problems[3]!, /scansion\.targets\[2\]: timeout -5/);
    assert.match(list.problems[4]!, /scansion\.targets\[3\]: the name "ok" is already taken/);
  });

  it("a named target's acceptSelfSignedCertificate and allowPlain reach the runner; off unless set to true", () => {
    const list = readTargets({
      targets: [
        { name: "ejabberd dev", host: "localhost", port: 5222, acceptSelfSignedCertificate: true, allowPlain: true },
        { name: "staging", host: "xmpp.example", port: 5222 },
        { name: "typo", host: "xmpp.example", port: 5223, acceptSelfSignedCertificate: "yes" },
      ],
    });
    const settingsOf = (id: string) => runSettingsFor(findTarget(list, id), list);
    assert.equal(settingsOf("target:ejabberd dev").acceptSelfSignedCertificate, true);
    assert.equal(settingsOf("target:ejabberd dev").allowPlainOnNonLoopback, true);
    assert.equal(settingsOf("target:staging").acceptSelfSignedCertificate, false);
    assert.equal(settingsOf("target:staging").allowPlainOnNonLoopback, false);
    assert.equal(settingsOf("target:typo").acceptSelfSignedCertificate, false);
    assert.deepEqual(list.problems, ['scansion.targets[2]: acceptSelfSignedCertificate "yes" is not true or false; off']);
  });

  it("a selection whose target was removed from the settings falls back to the default target", () => {
    const list = readTargets({ targets: [{ name: "a", host: "h", port: 1 }] });
    assert.equal(findTarget(list, "target:gone").isDefault, true);
    assert.equal(findTarget(list, "target:a").name, "a");
  });

  it("a throwaway server is awaited at the target's host and port, localhost:5222 when unset", () => {
    assert.deepEqual(readinessAddress(readTargets({}).targets[0]!), { host: "localhost", port: 5222 });
    assert.deepEqual(readinessAddress(readTargets({ host: "127.0.0.1", port: 15222 }).targets[0]!), { host: "127.0.0.1", port: 15222 });
  });

  it("a run starts a throwaway Prosody for a Prosody target, the start command for the default target only, else nothing", () => {
    const list = readTargets({ host: "127.0.0.1", port: 15222, targets: [{ name: "staging", host: "xmpp.example", port: 5222 }], prosodyConfig: "/p/prosody.cfg.lua" });
    const command = { startCommand: "./run-server", stopCommand: undefined, cwd: "/w", readyTimeoutMs: 20000 };
    assert.deepEqual(runTargetOf(findTarget(list, ""), command), { kind: "command", ...command, host: "127.0.0.1", port: 15222 });
    assert.deepEqual(runTargetOf(findTarget(list, ""), undefined), { kind: "address", host: "127.0.0.1", port: 15222 });
    assert.deepEqual(runTargetOf(findTarget(list, "target:staging"), command), { kind: "address", host: "xmpp.example", port: 5222 });
    assert.deepEqual(runTargetOf(findTarget(list, "prosody"), command), { kind: "prosody", config: "/p/prosody.cfg.lua", executable: undefined });
  });

  it("scansion.mismatchPolicy chooses how every target's receives match; a wrong value is reported and the default used", () => {
    const strict = readTargets({ mismatchPolicy: "strict-sequence", targets: [{ name: "staging", host: "xmpp.example", port: 5222 }] });
    assert.deepEqual(strict.targets.map((target) => runSettingsFor(target, strict).mismatchPolicy), ["strict-sequence", "strict-sequence"]);
    assert.deepEqual(strict.problems, []);
    const wrong = readTargets({ mismatchPolicy: "lenient" });
    assert.equal(runSettingsFor(wrong.targets[0]!, wrong).mismatchPolicy, DEFAULT_RUN_SETTINGS.mismatchPolicy);
    assert.match(wrong.problems[0] ?? "", /scansion\.mismatchPolicy: "lenient" is not one of skip-unmatched, strict-sequence/);
  });
});

describe("the Prosody target", () => {
  const folder = "/work/prosody-checkout";
  const checkoutConfig = `${folder}/spec/scansion/prosody.cfg.lua`;

  it("a checkout's spec/scansion/prosody.cfg.lua gives a Prosody target that runs go to when nothing else is configured", () => {
    const list = readTargets({ workspaceFolder: folder, checkoutConfig });
    const prosody = list.targets.find((target) => target.prosody);
    assert.ok(prosody);
    assert.equal(prosody.name, "Prosody (spec/scansion/prosody.cfg.lua)");
    assert.deepEqual(prosody.prosody, { config: checkoutConfig, executable: undefined });
    assert.equal(findTarget(list, undefined), prosody, "no settings: Run uses the Prosody target");
    assert.equal(findTarget(list, ""), list.targets[0], "a target the user chose still wins");
  });

  it("is not the default when a server, a start command or named targets are configured", () => {
    for (const raw of [{ host: "localhost" }, { port: 15222 }, { startCommand: "prosody" }, { targets: [{ name: "staging", host: "xmpp.example", port: 5222 }] }]) {
      const list = readTargets({ ...raw, workspaceFolder: folder, checkoutConfig });
      assert.ok(list.targets.some((target) => target.prosody), "the Prosody target is still offered");
      assert.equal(findTarget(list, undefined).isDefault, true, JSON.stringify(raw));
    }
  });

  it("scansion.prosody.config and .executable name other layouts, relative to the workspace folder", () => {
    const list = readTargets({ workspaceFolder: folder, prosodyConfig: "tests/my.cfg.lua", prosodyExecutable: "${workspaceFolder}/build/prosody" });
    const prosody = list.targets.find((target) => target.prosody);
    assert.equal(prosody?.name, "Prosody (tests/my.cfg.lua)");
    assert.deepEqual(prosody?.prosody, { config: `${folder}/tests/my.cfg.lua`, executable: `${folder}/build/prosody` });
  });

  it("there is none without a config, and its address says it starts its own server", () => {
    assert.equal(readTargets({ workspaceFolder: folder }).targets.some((target) => target.prosody), false);
    const prosody = readTargets({ workspaceFolder: folder, checkoutConfig }).targets.find((target) => target.prosody)!;
    assert.equal(targetLabel(prosody), "Prosody (spec/scansion/prosody.cfg.lua)");
    assert.deepEqual(runSettingsFor({ ...prosody, host: "127.0.0.1", port: 40000 }, readTargets({})).port, 40000);
  });
});

describe("module targets", () => {
  const checkout = "/work/prosody-modules";
  const layout = (name: string): ModuleLayout => ({ name, folder: `${checkout}/mod_${name}`, pluginRoot: checkout, mucModule: name.startsWith("muc_") });
  const modules = [layout("muc_hello"), layout("hello")];
  const noFiles: LayoutProbe = { isFile: () => false, isDirectory: () => false, list: () => [] };

  it("a checkout's modules with specs give a target each, and one that sends each spec to its module's, which runs go to with no settings", () => {
    const list = readTargets({ workspaceFolder: checkout, modules });
    assert.deepEqual(list.targets.map((target) => target.name), ["Default server", "Prosody + each spec's module", "Prosody + mod_hello", "Prosody + mod_muc_hello"]);
    assert.equal(findTarget(list, undefined).id, BY_MODULE_TARGET_ID);
    assert.equal(targetLabel(findTarget(list, undefined)), "Prosody + each spec's module");
    assert.equal(targetAddress(findTarget(list, `module:${checkout}/mod_hello`)), "a throwaway Prosody with mod_hello on loopback");
    assert.ok(list.targets.slice(1).every(startsProsody));
    assert.equal(startsProsody(list.targets[0]!), false);
  });

  it("one module's target is itself the one runs go to; a server, start command or named target configured wins", () => {
    const single = readTargets({ workspaceFolder: `${checkout}/mod_hello`, modules: [layout("hello")] });
    assert.deepEqual(single.targets.map((target) => target.name), ["Default server", "Prosody + mod_hello"]);
    assert.equal(findTarget(single, undefined).name, "Prosody + mod_hello");
    for (const raw of [{ host: "localhost" }, { startCommand: "prosody" }, { targets: [{ name: "staging", host: "xmpp.example", port: 5222 }] }]) {
      const list = readTargets({ ...raw, workspaceFolder: checkout, modules });
      assert.equal(findTarget(list, undefined).isDefault, true, JSON.stringify(raw));
      assert.ok(list.targets.some((target) => target.byModule), "the module targets are still offered");
    }
  });

  it("a run on each spec's module is one part per module in the specs' order, the specs of no module on the default target", () => {
    const list = readTargets({ workspaceFolder: checkout, modules });
    const specs = [`${checkout}/mod_muc_hello/spec/scansion/room.scs`, `${checkout}/mod_hello/tests/hello.scs`, `${checkout}/loose.scs`, `${checkout}/mod_hello/tests/disco.scs`];
    const parts = runParts(list, findTarget(list, undefined), specs);
    assert.deepEqual(parts.map((part) => [part.target.name, part.specFiles]), [
      ["Prosody + mod_muc_hello", [specs[0]]],
      ["Prosody + mod_hello", [specs[1], specs[3]]],
      ["Default server", [specs[2]]],
    ]);
    const hello = findTarget(list, `module:${checkout}/mod_hello`);
    assert.deepEqual(runParts(list, hello, specs), [{ target: hello, specFiles: specs }], "a chosen module target takes every spec, like --prosody-module");
    assert.deepEqual(runParts(list, hello, []), []);
  });

  it("maps a module target to the session's prosody-module target, with scansion.prosody.executable and a config beside the specs", () => {
    const list = readTargets({ workspaceFolder: checkout, modules, prosodyExecutable: "../prosody/prosody" });
    const specs = [`${checkout}/mod_muc_hello/spec/scansion/room.scs`];
    assert.deepEqual(runTargetOf(findTarget(list, `module:${checkout}/mod_muc_hello`), undefined, specs, noFiles), {
      kind: "prosody-module", module: "muc_hello", folder: `${checkout}/mod_muc_hello`, pluginRoot: checkout, mucModule: true,
      specFiles: specs, config: undefined, executable: "/work/prosody/prosody",
    });
    const beside = `${checkout}/mod_muc_hello/spec/scansion/prosody.cfg.lua`;
    const withConfig = runTargetOf(findTarget(list, `module:${checkout}/mod_muc_hello`), undefined, specs, { ...noFiles, isFile: (file) => file === beside });
    assert.equal(withConfig.kind === "prosody-module" ? withConfig.config : undefined, beside);
    assert.throws(() => runTargetOf(findTarget(list, BY_MODULE_TARGET_ID), undefined, specs, noFiles), /split into one run per module/);
  });

  it("a checkout's Prosody target stays the one runs go to when the workspace also holds modules", () => {
    const list = readTargets({ workspaceFolder: checkout, checkoutConfig: `${checkout}/spec/scansion/prosody.cfg.lua`, modules });
    assert.equal(findTarget(list, undefined).id, "prosody");
  });
});

describe("named targets that start their own server", () => {
  it("scansion.targets entries with prosody or ejabberd become throwaway targets, paths relative to the workspace folder", () => {
    const list = readTargets({
      workspaceFolder: "/work/checkout",
      targets: [
        { name: "prosody-0.12", prosody: { config: "conformance/prosody.cfg.lua" } },
        { name: "ejabberd-23.01", ejabberd: {} },
      ],
    });
    assert.deepEqual(list.problems, []);
    const prosody = findTarget(list, "target:prosody-0.12");
    assert.deepEqual(prosody.prosody, { config: "/work/checkout/conformance/prosody.cfg.lua", executable: undefined });
    const ejabberd = findTarget(list, "target:ejabberd-23.01");
    assert.deepEqual(ejabberd.ejabberd, { config: undefined });
    assert.equal(targetAddress(ejabberd), "a throwaway ejabberd on loopback");
    assert.deepEqual(list.targets.filter(isTargetsEntry).map((target) => target.name), ["prosody-0.12", "ejabberd-23.01"], "only the entries, not the default target");
  });
});
