// Makes sure Prosody (Debian's `prosody` package, 0.12 on Debian 12) is installed, for
// `npm run demo`, the conformance run and CI.
//   - installed: prints where, exits 0;
//   - missing, running as root where apt-get exists: installs it with apt-get,
//     non-interactively (as in CI);
//   - missing otherwise: prints how to install it and exits 2.
// Never reads standard input, so it cannot hang waiting for an answer.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { spawnSync } from "node:child_process";

const INSTALL_HINT =
  "Prosody is not installed: install Prosody 0.12 (Debian/Ubuntu: `sudo apt-get install prosody`, or run `node scripts/ensure-prosody.mjs` as root) and try again.";

function findExecutable(name) {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), "/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

function run(command, args) {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

const found = findExecutable("prosody");
if (found) {
  console.log(`prosody: ${found}`);
  process.exit(0);
}

const isRoot = process.getuid?.() === 0;
const aptGet = findExecutable("apt-get");
if (!isRoot || !aptGet) {
  console.error(INSTALL_HINT);
  if (!aptGet) console.error("(apt-get was not found: install Prosody 0.12 from https://prosody.im/download/ for this system.)");
  process.exit(2);
}

if (run(aptGet, ["update"]) !== 0 || run(aptGet, ["install", "-y", "prosody"]) !== 0) {
  console.error("apt-get could not install prosody.");
  console.error(INSTALL_HINT);
  process.exit(2);
}
const installed = findExecutable("prosody");
if (!installed) {
  console.error("apt-get finished but no prosody executable was found.");
  process.exit(2);
}
console.log(`prosody: ${installed}`);
