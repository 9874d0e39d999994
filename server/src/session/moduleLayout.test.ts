// A module's checkout as its specs' paths show it, what its specs say about the server they
// need, and the config generated from that: pure rules, over a file system described in the test.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { configBesideSpecs, moduleInFolder, moduleOfSpecs, modulesWithSpecs, type LayoutProbe } from "./moduleLayout";
import { moduleSpecFacts } from "./moduleSpecFacts";
import { moduleConfig } from "../servers/prosody/moduleConfig";

/** A file system of these files (absolute paths); folders are whatever holds them. */
function filesystem(...files: string[]): LayoutProbe {
  const folders = new Set(files.flatMap((file) => {
    const above: string[] = [];
    for (let dir = path.dirname(file); dir !== path.dirname(dir); dir = path.dirname(dir)) above.push(dir);
    return above;
  }));
  return {
    isFile: (file) => files.includes(file),
    isDirectory: (folder) => folders.has(folder),
    list: (folder) => [...new Set([...files, ...folders].filter((entry) => path.dirname(entry) === folder).map((entry) => path.basename(entry)))],
  };
}

const CHECKOUT = filesystem(
  "/src/modules/mod_hello/mod_hello.lua",
  "/src/modules/mod_hello/tests/hello.scs",
  "/src/modules/mod_muc_hats/mod_muc_hats.lua",
  "/src/modules/mod_muc_hats/spec/scansion/hats.scs",
  "/src/modules/mod_muc_hats/spec/scansion/prosody.cfg.lua",
  "/src/modules/mod_split/mod_split.lua",
  "/src/modules/mod_split/lib.lua",
  "/src/modules/mod_split/hello.scs",
  "/src/specs/plain.scs",
  "/src/loose/mod_single.lua",
);

describe("the modules with specs a workspace folder holds", () => {
  it("are its mod_* folders that keep a .scs in tests/, spec/scansion/ or the module folder itself, by name", () => {
    assert.deepEqual(modulesWithSpecs("/src/modules", CHECKOUT).map((module) => [module.name, module.folder, module.pluginRoot]), [
      ["hello", "/src/modules/mod_hello", "/src/modules"],
      ["muc_hats", "/src/modules/mod_muc_hats", "/src/modules"],
      ["split", "/src/modules/mod_split", "/src/modules"],
    ]);
  });

  it("is the folder itself when it is a module's, and none where no module has specs", () => {
    assert.deepEqual(modulesWithSpecs("/src/modules/mod_hello", CHECKOUT).map((module) => module.name), ["hello"]);
    assert.deepEqual(modulesWithSpecs("/src", CHECKOUT), []);
    assert.deepEqual(modulesWithSpecs("/src/loose", CHECKOUT), [], "a module without specs");
  });
});

describe("the module a spec path belongs to", () => {
  it("finds mod_<name> from its tests folder, a spec file there, and the module folder itself", () => {
    for (const specPath of ["/src/modules/mod_hello/tests", "/src/modules/mod_hello/tests/hello.scs", "/src/modules/mod_hello"]) {
      assert.deepEqual(moduleOfSpecs([specPath], CHECKOUT), {
        name: "hello", folder: "/src/modules/mod_hello", pluginRoot: "/src/modules", mucModule: false,
      }, specPath);
    }
  });

  it("finds it two levels up from spec/scansion, and marks a muc_ module as the MUC component's", () => {
    assert.deepEqual(moduleOfSpecs(["/src/modules/mod_muc_hats/spec/scansion/hats.scs"], CHECKOUT), {
      name: "muc_hats", folder: "/src/modules/mod_muc_hats", pluginRoot: "/src/modules", mucModule: true,
    });
  });

  it("finds specs that stand beside the module's sources, among other .lua files", () => {
    assert.equal((moduleOfSpecs(["/src/modules/mod_split/hello.scs"], CHECKOUT) as { name: string }).name, "split");
  });

  it("finds none for specs outside a module, and says so when the specs span two modules", () => {
    assert.equal(moduleOfSpecs(["/src/specs/plain.scs"], CHECKOUT), undefined);
    assert.equal(moduleOfSpecs(["/src/modules"], CHECKOUT), undefined);
    assert.match(moduleOfSpecs(["/src/modules/mod_hello", "/src/modules/mod_split"], CHECKOUT) as string, /2 modules \(mod_hello, mod_split\): run one module at a time/);
  });

  it("takes a folder named by --prosody-module: mod_<name>, or the one mod_*.lua a folder holds", () => {
    assert.equal(moduleInFolder("/src/modules/mod_hello", CHECKOUT)?.pluginRoot, "/src/modules");
    assert.deepEqual(moduleInFolder("/src/loose", CHECKOUT), { name: "single", folder: "/src/loose", pluginRoot: "/src/loose", mucModule: false });
    assert.equal(moduleInFolder("/src/specs", CHECKOUT), undefined);
  });

  it("uses the prosody.cfg.lua beside the spec files when there is one", () => {
    assert.equal(configBesideSpecs(["/src/modules/mod_muc_hats/spec/scansion/hats.scs"], CHECKOUT), "/src/modules/mod_muc_hats/spec/scansion/prosody.cfg.lua");
    assert.equal(configBesideSpecs(["/src/modules/mod_hello/tests/hello.scs"], CHECKOUT), undefined);
  });
});

const spec = (clients: string, body: string) => `# t\n\n${clients}\n-----\n\n${body}`;
const client = (name: string, jid: string) => `[Client] ${name}\n\tjid: ${jid}\n\tpassword: p\n`;

describe("what a module's specs say about their server", () => {
  it("collects the clients' domains and the room services they address, not the clients' own domains", () => {
    const facts = moduleSpecFacts([
      spec(client("Romeo", "romeo@example.org") + client("Juliet", "juliet@montague.lit"),
        "Romeo sends:\n\t<presence to='lobby@chat.example.org/Romeo'/>\n\nRomeo sends:\n\t<message to='${Juliet's JID}'/>\n\n" +
        "Romeo sends:\n\t<message to='juliet@montague.lit'/>\n\nRomeo receives:\n\t<message from='hall@rooms.montague.lit/Nurse'/>\n"),
    ]);
    assert.deepEqual(facts, { clientDomains: ["example.org", "montague.lit"], roomDomains: ["chat.example.org", "rooms.montague.lit"], onlyTalkToRooms: false });
  });

  it("sees specs that only talk to rooms", () => {
    const facts = moduleSpecFacts([spec(client("Romeo", "romeo@localhost"),
      "Romeo sends:\n\t<presence to='room@conference.localhost/Romeo'/>\n\nRomeo sends:\n\t<iq type='get' id='1' to='conference.localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>\n")]);
    assert.equal(facts.onlyTalkToRooms, true);
    const toServer = moduleSpecFacts([spec(client("Romeo", "romeo@localhost"),
      "Romeo sends:\n\t<presence to='room@conference.localhost/Romeo'/>\n\nRomeo sends:\n\t<iq type='get' id='1'><ping xmlns='urn:xmpp:ping'/></iq>\n")]);
    assert.equal(toServer.onlyTalkToRooms, false);
  });
});

describe("the generated module config", () => {
  it("enables the module globally with a VirtualHost per domain and conference.<host> by default", () => {
    const config = moduleConfig({ module: "hello", enabledOn: "global", hosts: ["localhost"], mucHosts: [] });
    assert.match(config, /^modules_enabled = \{ "roster";.*"lastactivity"; "hello" \}$/m);
    assert.match(config, /^authentication = "insecure"$/m);
    assert.match(config, /^storage = "memory"$/m);
    assert.match(config, /^VirtualHost "localhost"\n\nComponent "conference.localhost" "muc"\n$/m);
  });

  it("enables a MUC module on each room service the specs address", () => {
    const config = moduleConfig({ module: "muc_hats", enabledOn: "muc", hosts: ["example.org"], mucHosts: ["chat.example.org", "rooms.example.org"] });
    assert.doesNotMatch(config, /^modules_enabled = .*muc_hats/m);
    assert.match(config, /Component "chat.example.org" "muc"\n\tmodules_enabled = \{ "muc_hats" \}\nComponent "rooms.example.org" "muc"\n\tmodules_enabled = \{ "muc_hats" \}/);
  });

  it("defaults to localhost when no client names a domain", () => {
    assert.match(moduleConfig({ module: "x", enabledOn: "global", hosts: [], mucHosts: [] }), /VirtualHost "localhost"\n\nComponent "conference.localhost"/);
  });
});
