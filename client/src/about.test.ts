import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aboutLine } from "./about";

describe("the output channel's first line", () => {
  it("names the extension, its version (scansion-run's too), VS Code, Node and the platform", () => {
    const line = aboutLine({ id: "vscode-scansion.vscode-scansion", version: "0.1.0", vscodeVersion: "1.95.3", nodeVersion: "20.18.0", platform: "linux-x64" });
    assert.equal(line, "Scansion 0.1.0 (vscode-scansion.vscode-scansion; scansion-run 0.1.0) on VS Code 1.95.3, Node 20.18.0, linux-x64");
  });
});
