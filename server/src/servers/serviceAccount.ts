/**
 * The service account (`prosody`, or ejabberd's) a throwaway server runs as when we are root (Prosody complains when
 * run as root), provided that account can read the files the server needs (a config under
 * root's closed home cannot be): else the server runs as we do.
 */
import fs from "node:fs";
import path from "node:path";

export interface Account {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

const SERVICE_USER = "prosody";

/** `user` (default `prosody`) when we are root and it can read every file of `mustRead`. */
export function serviceAccount(mustRead: readonly string[], user = SERVICE_USER): Account | undefined {
  if (process.getuid?.() !== 0) return undefined;
  let passwd: string;
  try {
    passwd = fs.readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  const fields = passwd.split("\n").map((line) => line.split(":")).find((entry) => entry[0] === user);
  if (!fields) return undefined;
  const account = { name: user, uid: Number(fields[2]), gid: Number(fields[3]) };
  return mustRead.every((file) => readableBy(account, file)) ? account : undefined;
}

/** Whether `account` may read `file`: every folder above it searchable, the file readable (mode bits; no ACLs). */
export function readableBy(account: Account, file: string): boolean {
  const resolved = path.resolve(file);
  const folders: string[] = [];
  for (let dir = path.dirname(resolved); ; dir = path.dirname(dir)) {
    folders.push(dir);
    if (path.dirname(dir) === dir) break;
  }
  return folders.every((dir) => permits(account, dir, 0o1)) && permits(account, resolved, 0o4);
}

function permits(account: Account, file: string, bit: number): boolean {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return false;
  }
  const shift = stat.uid === account.uid ? 6 : stat.gid === account.gid ? 3 : 0;
  return ((stat.mode >> shift) & bit) !== 0;
}
