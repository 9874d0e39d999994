import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { configFileOfCommand } from "./startCommandConfig";

describe("the config file a start command gives the server", () => {
  it("reads --config FILE, --config=FILE and -c FILE, resolved against the workspace folder", () => {
    assert.equal(configFileOfCommand("prosody --config ./spec/scansion/prosody.cfg.lua", "/ws"), "/ws/spec/scansion/prosody.cfg.lua");
    assert.equal(configFileOfCommand("prosody --config=spec/prosody.cfg.lua -F", "/ws"), "/ws/spec/prosody.cfg.lua");
    assert.equal(configFileOfCommand("prosodyctl -c /etc/test.cfg.lua start", "/ws"), "/etc/test.cfg.lua");
  });

  it("fills in ${workspaceFolder} and takes a quoted path whole", () => {
    assert.equal(configFileOfCommand('prosody --config "${workspaceFolder}/my tests/p.cfg.lua"', "/ws"), "/ws/my tests/p.cfg.lua");
  });

  it("finds the server's --config inside a shell's -c, and takes -c alone only before a Lua file", () => {
    assert.equal(configFileOfCommand(`sh -c "cd spec && prosody --config ./p.cfg.lua"`, "/ws"), "/ws/p.cfg.lua");
    assert.equal(configFileOfCommand(`bash -c 'make test-server'`, "/ws"), undefined);
  });

  it("is undefined without a start command or a config argument", () => {
    assert.equal(configFileOfCommand(undefined, "/ws"), undefined);
    assert.equal(configFileOfCommand("docker compose up ejabberd", "/ws"), undefined);
  });
});
