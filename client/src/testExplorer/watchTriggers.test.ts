import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RerunQueue, specsToRerun } from "./watchTriggers";

const WATCHED = ["/ws/spec/a.scs", "/ws/spec/b.scs"];
const CONFIG = "/ws/spec/prosody.cfg.lua";

describe("which saved file runs which watched specs again", () => {
  it("a saved watched spec runs itself again, and only itself", () => {
    assert.deepEqual(specsToRerun("/ws/spec/b.scs", WATCHED, [CONFIG]), ["/ws/spec/b.scs"]);
  });

  it("a saved spec that is not watched runs nothing", () => {
    assert.deepEqual(specsToRerun("/ws/spec/c.scs", WATCHED, [CONFIG]), []);
  });

  it("any other saved file runs nothing", () => {
    assert.deepEqual(specsToRerun("/ws/README.md", WATCHED, [CONFIG]), []);
  });

  it("the saved config of the target's server runs every watched spec", () => {
    assert.deepEqual(specsToRerun(CONFIG, WATCHED, [CONFIG]), WATCHED);
    assert.deepEqual(specsToRerun("/ws/spec/../spec/prosody.cfg.lua", WATCHED, [CONFIG]), WATCHED, "paths are compared resolved");
  });

  it("a config file of a target without one is just a file", () => {
    assert.deepEqual(specsToRerun(CONFIG, WATCHED, []), []);
  });
});

describe("running saved specs one batch at a time", () => {
  /** A runner whose batches end when the test says so. */
  function controlledRunner() {
    const batches: string[][] = [];
    const finishers: Array<() => void> = [];
    let started: () => void = () => undefined;
    const runBatch = (files: readonly string[]) => new Promise<void>((resolve) => {
      batches.push([...files]);
      finishers.push(resolve);
      started();
    });
    const nextStart = () => new Promise<void>((resolve) => { started = resolve; });
    return { batches, runBatch, finish: (index: number) => finishers[index]!(), nextStart };
  }

  it("runs a save at once, and what is saved during that run together in the next batch, each file once", async () => {
    const runner = controlledRunner();
    const queue = new RerunQueue(runner.runBatch);
    let started = runner.nextStart();
    queue.add(["/a.scs"]);
    await started;
    queue.add(["/b.scs"]);
    queue.add(["/c.scs", "/b.scs"]);
    assert.deepEqual(runner.batches, [["/a.scs"]], "nothing overlaps the running batch");
    started = runner.nextStart();
    runner.finish(0);
    await started;
    assert.deepEqual(runner.batches, [["/a.scs"], ["/b.scs", "/c.scs"]]);
    runner.finish(1);
    await queue.idle();
    assert.equal(runner.batches.length, 2);
  });

  it("stop() drops what waits; nothing runs after it", async () => {
    const runner = controlledRunner();
    const queue = new RerunQueue(runner.runBatch);
    const started = runner.nextStart();
    queue.add(["/a.scs"]);
    await started;
    queue.add(["/b.scs"]);
    queue.stop();
    queue.add(["/c.scs"]);
    runner.finish(0);
    await queue.idle();
    assert.deepEqual(runner.batches, [["/a.scs"]]);
  });

  it("a batch that fails does not stop the next one", async () => {
    const ran: string[][] = [];
    const queue = new RerunQueue(async (files) => {
      ran.push([...files]);
      if (files.includes("/broken.scs")) throw new Error("the runner failed");
    });
    queue.add(["/broken.scs"]);
    await queue.idle();
    queue.add(["/a.scs"]);
    await queue.idle();
    assert.deepEqual(ran, [["/broken.scs"], ["/a.scs"]]);
  });
});
