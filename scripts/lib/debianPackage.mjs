// Makes sure a server a test or CI needs is installed from Debian's apt packages:
//   - installed: prints where, exits 0;
//   - missing, running as root where apt-get exists: installs it with apt-get,
//     non-interactively (as in CI);
//   - missing otherwise: prints how to install it and exits 2.
// Never reads standard input, so it cannot hang waiting for an answer.
import { accessSync, constants, existsSync, rmSync, statSync, writeFileSync } from "node:fs";
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

const POLICY_RC_D = "/usr/sbin/policy-rc.d";

/**
 * Runs `action` with services held back: a package's postinst must not start its system
 * service (Prosody's and ejabberd's listen on every interface); our tests start their own
 * servers on loopback. Docker images usually have a policy-rc.d that says so already; where
 * none exists, one that denies every start (exit 101) stands for the time of the install.
 * deb-systemd-invoke honours it too.
 */
export function withServicesHeldBack(action) {
  if (existsSync(POLICY_RC_D)) return action();
  writeFileSync(POLICY_RC_D, "#!/bin/sh\n# Written by vscode-scansion's scripts/lib/debianPackage.mjs for the time of an apt-get install.\nexit 101\n", { mode: 0o755 });
  try {
    return action();
  } finally {
    rmSync(POLICY_RC_D, { force: true });
  }
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
  const installedOk = withServicesHeldBack(() => run(aptGet, ["update"]) === 0 && run(aptGet, ["install", "-y", aptPackage]) === 0);
  if (!installedOk) {
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
