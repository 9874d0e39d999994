/**
 * The config file a start command (`scansion.server.startCommand`) hands to the
 * server: saving that file changes the next run's server, so a watched spec runs again.
 */
import * as path from "node:path";

/**
 * The config file a start command hands to the server (`--config FILE`,
 * `--config=FILE` or `-c FILE`, as prosody and prosodyctl take it), resolved
 * against the folder the command runs in; undefined when it names none.
 */
export function configFileOfCommand(command: string | undefined, folder: string): string | undefined {
  if (command === undefined) return undefined;
  const expanded = command.replaceAll("${workspaceFolder}", folder);
  const value = String.raw`(?:"([^"]+)"|'([^']+)'|([^\s;&|"']+))`;
  // `-c` only before a Lua file: in `sh -c "…"` it is the shell's, and the config is the --config inside.
  const long = new RegExp(String.raw`(?:^|[\s"'])--config(?:=|\s+)${value}`).exec(expanded);
  const short = long ? null : new RegExp(String.raw`(?:^|\s)-c\s+${value}`).exec(expanded);
  const found = long ?? short;
  const file = found?.[1] ?? found?.[2] ?? found?.[3];
  return file === undefined || (short && !file.endsWith(".lua")) ? undefined : path.resolve(folder, file);
}
