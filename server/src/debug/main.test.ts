/**
 * The standalone adapter (`main.ts`): DAP on stdin/stdout of its own process.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import type { DebugProtocol } from "@vscode/debugprotocol";
import { DapTestClient } from "@support/dapTestClient";

const REPOSITORY = join(__dirname, "..", "..", "..");

describe("the standalone debug adapter", () => {
  it("speaks DAP on stdio, answers launch errors in words, and exits after disconnect", { timeout: 30_000 }, async () => {
    const adapter = spawn(process.execPath, ["--import", "tsx", join(__dirname, "main.ts")], { cwd: REPOSITORY, stdio: ["pipe", "pipe", "inherit"] });
    const exited = once(adapter, "exit");
    try {
      const dap = new DapTestClient(adapter.stdin, adapter.stdout);
      const initialized = await dap.expectSuccess<DebugProtocol.InitializeResponse>("initialize", { adapterID: "scansion", pathFormat: "path" });
      assert.equal(initialized.body?.supportsConfigurationDoneRequest, true);
      assert.equal(initialized.body?.supportsExceptionInfoRequest, true);
      await dap.waitForEvent("initialized");
      await dap.expectSuccess("configurationDone");
      const launch = await dap.request("launch", { program: join(REPOSITORY, "testFixture", "no-such-spec.scs") });
      assert.equal(launch.success, false);
      assert.match(launch.message ?? "", /Cannot read .*no-such-spec\.scs/);
      await dap.expectSuccess("disconnect", {});
      const [code] = await exited;
      assert.equal(code, 0);
    } finally {
      if (adapter.exitCode === null) adapter.kill();
    }
  });
});
