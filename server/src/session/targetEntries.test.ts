import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { readTargetEntries, selectTargets } from "./targetEntries";

const options = { where: "targets.json", resolvePath: (value: string) => (value.startsWith("/") ? value : `/base/${value}`) };

describe("named target entries", () => {
  it("read a server someone runs, a throwaway Prosody and a throwaway ejabberd, paths made absolute", () => {
    const reading = readTargetEntries([
      { name: "staging", host: " xmpp.example ", port: 5222, timeout: 8000, acceptSelfSignedCertificate: true },
      { name: "prosody-0.12", prosody: { config: "conformance/prosody.cfg.lua", executable: "/usr/bin/prosody" } },
      { name: "ejabberd-23.01", ejabberd: {} },
      { name: "ejabberd-mine", ejabberd: { config: "my.yml" } },
    ], options);
    assert.deepEqual(reading.problems, []);
    assert.deepEqual(reading.entries, [
      { name: "staging", server: { kind: "address", host: "xmpp.example", port: 5222 }, timeoutMs: 8000, acceptSelfSignedCertificate: true },
      { name: "prosody-0.12", server: { kind: "prosody", config: "/base/conformance/prosody.cfg.lua", executable: "/usr/bin/prosody" }, timeoutMs: undefined },
      { name: "ejabberd-23.01", server: { kind: "ejabberd", config: undefined }, timeoutMs: undefined },
      { name: "ejabberd-mine", server: { kind: "ejabberd", config: "/base/my.yml" }, timeoutMs: undefined },
    ]);
  });

  it("leave out an unusable entry and say why in one line, naming where it is", () => {
    const reading = readTargetEntries([
      "localhost:5222",
      { host: "localhost", port: 5222 },
      { name: "no port", host: "localhost" },
      { name: "both", host: "localhost", port: 5222, prosody: { config: "p.cfg.lua" } },
      { name: "no config", prosody: {} },
      { name: "bad ejabberd", ejabberd: "yes" },
      { name: "ok", host: "localhost", port: 5222, timeout: -5 },
      { name: "ok", host: "other", port: 5223 },
    ], options);
    assert.deepEqual(reading.entries.map((entry) => entry.name), ["ok"]);
    assert.deepEqual(reading.problems, [
      "targets.json[0]: expected an object {name, host, port} or {name, prosody: {config, executable?}} or {name, ejabberd: {config?}}",
      "targets.json[1]: needs a name",
      "targets.json[2]: needs a host and a port (1-65535), or prosody, or ejabberd",
      "targets.json[3]: give either host and port, or prosody, or ejabberd, not prosody and host/port",
      'targets.json[4]: prosody needs a config: {"config": "path/to/prosody.cfg.lua"}',
      'targets.json[5]: ejabberd must be an object: {} or {"config": "path/to/ejabberd.yml"}',
      "targets.json[6]: timeout -5 is not a positive number of milliseconds; using the run's",
      'targets.json[7]: the name "ok" is already taken; ignored',
    ]);
  });

  it("a list that is not a list is one problem; nothing at all is none", () => {
    assert.deepEqual(readTargetEntries({ name: "x" }, options).problems, ["targets.json: expected a list of targets {name, host, port} or {name, prosody: {config, executable?}} or {name, ejabberd: {config?}}"]);
    assert.deepEqual(readTargetEntries(undefined, options), { entries: [], problems: [] });
  });

  it("--target picks entries by name in the order given; an unknown name is one line listing the known ones", () => {
    const { entries } = readTargetEntries([{ name: "a", ejabberd: {} }, { name: "b", ejabberd: {} }, { name: "c", ejabberd: {} }], options);
    assert.deepEqual(selectTargets(entries, [], "t.json"), entries);
    assert.deepEqual((selectTargets(entries, ["c", "a", "c"], "t.json") as readonly { name: string }[]).map((entry) => entry.name), ["c", "a"]);
    assert.equal(selectTargets(entries, ["a", "d"], "t.json"), 'no target named "d" in t.json (a, b, c)');
  });
});
