import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { once } from "node:events";
import { describe, it } from "node:test";
import { isAlive, liveProcesses } from "./processState";

const linuxOnly = process.platform === "linux" ? false : "reads /proc";

/**
 * A zombie that stays one while the test looks: a subshell that ends once its parent, the
 * shell, has become `sleep` by exec (before that, the shell could still collect it), and
 * `sleep` never collects its exit status.
 */
async function withZombie(test: (zombiePid: number) => void | Promise<void>): Promise<void> {
  const script = `shell=$$; (until [ "$(cat /proc/$shell/comm)" = sleep ]; do :; done) & echo $!; exec sleep 60`;
  const parent = spawn("sh", ["-c", script], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const [line] = await once(parent.stdout, "data") as [Buffer];
    const zombiePid = Number(line.toString().trim());
    // No event says when a child has become a zombie: look until /proc says so (a few ms).
    const deadline = Date.now() + 5000;
    while (!/^\d+ \(.*\) Z /.test(readStat(zombiePid))) {
      assert.ok(Date.now() < deadline, `process ${zombiePid} did not become a zombie`);
      await new Promise((resolve) => setImmediate(resolve));
    }
    await test(zombiePid);
  } finally {
    parent.kill("SIGKILL");
  }
}

function readStat(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return "";
  }
}

describe("isAlive: has the process gone?", () => {
  it("this process is alive", () => {
    assert.equal(isAlive(process.pid), true);
  });

  it("a running child is alive; once it has ended and been reaped it is not", async () => {
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"], { stdio: "ignore" });
    await once(child, "spawn");
    assert.equal(isAlive(child.pid!), true);
    child.kill("SIGKILL");
    await once(child, "exit");
    assert.equal(isAlive(child.pid!), false);
  });

  it("a zombie has gone, although kill(pid, 0) still finds it", { skip: linuxOnly }, async () => {
    await withZombie((zombiePid) => {
      assert.doesNotThrow(() => process.kill(zombiePid, 0), "the pid still exists");
      assert.equal(isAlive(zombiePid), false);
    });
  });
});

describe("liveProcesses", { skip: linuxOnly }, () => {
  it("lists this process with its parent and command line, and leaves zombies out", async () => {
    const self = liveProcesses().find((info) => info.pid === process.pid);
    assert.equal(self?.parentPid, process.ppid);
    assert.ok(self.commandLine.startsWith(`${process.argv0}\0`) || self.commandLine.includes(process.execPath), self.commandLine);
    await withZombie((zombiePid) => {
      assert.equal(liveProcesses().some((info) => info.pid === zombiePid), false);
    });
  });
});
