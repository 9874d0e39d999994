// A community module's specs on real throwaway Prosodies (0.12 on PATH, and 13.0.1 when
// installed), with no configuration: testFixture/modules' mod_hello (global) and mod_muc_hello
// (the MUC component's), a module that fails to load, and a prosody.cfg.lua beside the specs.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { discoverSpecFiles } from "../runner/specFiles";
import { DEFAULT_RUN_SETTINGS } from "../runner/settings";
import { isProsodyInstalled } from "../servers/prosody/throwawayProsody";
import { isServerStartError } from "../servers/serverStartError";
import { FILE_SYSTEM_PROBE, configBesideSpecs, moduleOfSpecs, type ModuleLayout } from "./moduleLayout";
import { RunSession, withRunSession } from "./runSession";
import type { ProsodyModuleTarget } from "./runTarget";

const FIXTURES = path.resolve(__dirname, "../../../testFixture");
const PROSODY_13 = "/var/cache/vscode-scansion-prosody/13.0.1/usr/bin/prosody";
const PROSODIES: readonly { name: string; executable: string | undefined; skip: string | false }[] = [
  { name: "Prosody on PATH", executable: undefined, skip: isProsodyInstalled() ? false : "Prosody is not installed" },
  { name: "Prosody 13.0.1", executable: PROSODY_13, skip: fs.existsSync(PROSODY_13) ? false : `${PROSODY_13} is not installed` },
];
const ALL_TAGS = { onlyTags: [], skipTags: [] };

/** The target scansion-run makes for these spec paths with no flags. */
function moduleTarget(specPath: string, executable: string | undefined): ProsodyModuleTarget {
  const module = moduleOfSpecs([specPath], FILE_SYSTEM_PROBE) as ModuleLayout;
  assert.ok(module && typeof module === "object", `no module found for ${specPath}`);
  const specFiles = discoverSpecFiles([specPath]);
  return {
    kind: "prosody-module", module: module.name, folder: module.folder, pluginRoot: module.pluginRoot, mucModule: module.mucModule,
    specFiles, config: configBesideSpecs(specFiles, FILE_SYSTEM_PROBE), executable,
  };
}

async function runModule(target: ProsodyModuleTarget) {
  return withRunSession(target, DEFAULT_RUN_SETTINGS, {}, undefined, async (session) => ({
    identity: session.firstServer?.identity,
    outcome: await session.run(target.specFiles, { tagFilter: ALL_TAGS, bail: false, jobs: 2 }),
  }));
}

for (const prosody of PROSODIES) {
  describe(`a module's specs with no configuration (${prosody.name})`, { skip: prosody.skip }, () => {
    it("runs mod_hello's tests/ with the module enabled globally, and says which module and config", async () => {
      const { identity, outcome } = await runModule(moduleTarget(path.join(FIXTURES, "modules/mod_hello/tests"), prosody.executable));
      assert.deepEqual(outcome.results.map((result) => [path.basename(result.spec.file), result.status]), [["disco.scs", "passed"], ["hello.scs", "passed"]]);
      assert.equal(identity?.kind, "prosody");
      assert.equal(identity.module?.name, "hello");
      assert.match(identity.module?.config ?? "", /generated module config: VirtualHost localhost; MUC conference.localhost; mod_hello enabled globally/);
    });

    it("runs a muc_ module's spec/scansion on the room service its specs address", async () => {
      const { identity, outcome } = await runModule(moduleTarget(path.join(FIXTURES, "modules/mod_muc_hello"), prosody.executable));
      assert.deepEqual(outcome.results.map((result) => result.status), ["passed"]);
      assert.equal(identity?.kind, "prosody");
      assert.match(identity.module?.config ?? "", /VirtualHost example.org; MUC chat.example.org; mod_muc_hello enabled on the MUC components/);
    });

    it("fails the run with Prosody's own line and the log when the module does not load", async () => {
      const target = moduleTarget(path.join(FIXTURES, "modules-broken/mod_broken/tests"), prosody.executable);
      const error: unknown = await RunSession.open(target, DEFAULT_RUN_SETTINGS).then(async (session) => {
        await session.close();
        return undefined;
      }, (rejection: unknown) => rejection);
      assert.ok(isServerStartError(error), `expected a start error, got ${String(error)}`);
      assert.match(error.message, /did not load mod_broken: Error initializing module 'broken' on 'localhost': .*util\.no_such_library/);
      assert.ok(error.logFile && fs.readFileSync(error.logFile, "utf8").includes("Error initializing module 'broken'"), `log: ${error.logFile}`);
      fs.rmSync(path.dirname(error.logFile), { recursive: true, force: true });
    });

    it("uses the prosody.cfg.lua beside the specs, unchanged, with the module's folder in plugin_paths", async () => {
      const checkout = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-module-checkout-"));
      try {
        fs.cpSync(path.join(FIXTURES, "modules/mod_hello"), path.join(checkout, "mod_hello"), { recursive: true });
        const tests = path.join(checkout, "mod_hello", "tests");
        fs.rmSync(path.join(tests, "disco.scs"));
        fs.writeFileSync(path.join(tests, "prosody.cfg.lua"), fs.readFileSync(path.join(FIXTURES, "modules/own-config.cfg.lua")));
        fs.writeFileSync(path.join(tests, "hello.scs"), fs.readFileSync(path.join(tests, "hello.scs"), "utf8").replace("Hello, romeo@localhost!", "Howdy, romeo@localhost!"));
        const target = moduleTarget(tests, prosody.executable);
        assert.equal(target.config, path.join(tests, "prosody.cfg.lua"));
        const { identity, outcome } = await runModule(target);
        assert.deepEqual(outcome.results.map((result) => result.status), ["passed"], JSON.stringify(outcome.results.map((result) => result.failure)));
        assert.equal(identity?.kind, "prosody");
        assert.match(identity.module?.config ?? "", /prosody\.cfg\.lua \(beside the specs, unchanged\)/);
      } finally {
        fs.rmSync(checkout, { recursive: true, force: true });
      }
    });
  });
}
