/**
 * The `scansion-run` executable (dist/cli.js): loads only the part a command needs, so that
 * `--check` in a pre-commit hook does not pay for what a run needs. `--check` loads the
 * parser and the editor's checks (check.ts, dist/cliCheck.js); everything else, a run, help
 * or a usage error, loads main.ts (dist/cliRun.js) with the runner, the XMPP stack and the
 * throwaway servers. scripts/build.mjs turns each `import()` into a `require` of that bundle.
 */
import { parseCliArguments } from "./arguments";

async function start(): Promise<void> {
  const command = parseCliArguments(process.argv.slice(2));
  if (command.kind !== "check") {
    await import("./main");
    return;
  }
  const { runCheck } = await import("./check");
  process.exitCode = runCheck(command.options);
}

start().catch((error: unknown) => {
  // A bug of ours: still one line, but with enough to report it.
  process.stderr.write(`scansion-run: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
