/**
 * Whether a process is still there, one meaning for every caller ("has the server gone?"):
 * a zombie has ended, only its exit status waits to be collected, and in a container whose
 * first process never reaps orphans it may wait for ever. On Linux the state comes from
 * /proc; elsewhere only `kill(pid, 0)` can tell, and it counts a zombie as alive.
 */
import fs from "node:fs";

export interface ProcessInfo {
  readonly pid: number;
  readonly parentPid: number;
  /** The arguments joined by NUL, as /proc/<pid>/cmdline gives them. */
  readonly commandLine: string;
}

/** True while a process with this pid exists and has not ended (a zombie has). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, it only belongs to someone else.
    if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  const state = statFields(pid)?.[0];
  return state === undefined ? process.platform !== "linux" : !ENDED_STATES.has(state);
}

/** Every live process (not a zombie), from /proc; empty where there is no /proc. */
export function liveProcesses(): ProcessInfo[] {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc");
  } catch {
    return [];
  }
  const found: ProcessInfo[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const fields = statFields(pid);
    if (fields === undefined || ENDED_STATES.has(fields[0]!)) continue;
    try {
      found.push({ pid, parentPid: Number(fields[1]), commandLine: fs.readFileSync(`/proc/${pid}/cmdline`, "utf8") });
    } catch {
      // ended meanwhile
    }
  }
  return found;
}

/** Z: a zombie; X: dead (seen only while the kernel removes it). */
const ENDED_STATES = new Set(["Z", "X"]);

/** The fields of /proc/<pid>/stat after the command name (state first, then the parent's pid); undefined when unreadable. */
function statFields(pid: number): string[] | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself contain ") ": the last one ends it.
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}
