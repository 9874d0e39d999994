// Makes sure a server a test or CI needs is installed from Debian's apt packages:
//   - installed: prints where, exits 0;
//   - missing, running as root where apt-get exists: installs it with apt-get,
//     non-interactively (as in CI);
//   - missing otherwise: prints how to install it and exits 2.
// Never reads standard input, so it cannot hang waiting for an answer.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";
import { spawnSync } from "node:child_process";

export function findExecutable(name) {
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

/**
 * @param {{ aptPackage: string, executable: string, installHint: string }} wanted
 * Exits the process: 0 when the executable is (now) there, 2 when it is not.
 */
export function ensureDebianPackage({ aptPackage, executable, installHint }) {
  const found = findExecutable(executable);
  if (found) {
    console.log(`${executable}: ${found}`);
    process.exit(0);
  }
  const isRoot = process.getuid?.() === 0;
  const aptGet = findExecutable("apt-get");
  if (!isRoot || !aptGet) {
    console.error(installHint);
    if (!aptGet) console.error(`(apt-get was not found: install ${aptPackage} by this system's own means.)`);
    process.exit(2);
  }
  const started = Date.now();
  if (run(aptGet, ["update"]) !== 0 || run(aptGet, ["install", "-y", aptPackage]) !== 0) {
    console.error(`apt-get could not install ${aptPackage}.`);
    console.error(installHint);
    process.exit(2);
  }
  const installed = findExecutable(executable);
  if (!installed) {
    console.error(`apt-get finished but no ${executable} executable was found.`);
    process.exit(2);
  }
  console.log(`${executable}: ${installed} (installed in ${Math.round((Date.now() - started) / 1000)} s)`);
  process.exit(0);
}
