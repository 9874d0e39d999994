// Debian's apt for the scripts that install what tests, the demo, conformance and CI need.
// ensureDebianPackage makes sure a server is installed:
//   - installed: prints where, exits 0;
//   - missing, running as root where apt-get exists: installs it with apt-get,
//     non-interactively (as in CI);
//   - missing otherwise: prints how to install it and exits 2.
// Never reads standard input, every command has a time limit: it cannot hang waiting.
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { findExecutable } from "../../server/src/servers/prosody/prosodyCache.mjs";

export { findExecutable };

export const MINUTE = 60_000;
export const isRoot = process.getuid?.() === 0;

/** Runs a command with its output shown, no stdin, a time limit; returns true on exit code 0. */
export function run(command, commandArgs, { timeoutMs = 5 * MINUTE, cwd } = {}) {
  console.log(`$ ${command} ${commandArgs.join(" ")}`);
  const result = spawnSync(command, commandArgs, {
    cwd,
    stdio: ["ignore", "inherit", "inherit"],
    timeout: timeoutMs,
    killSignal: "SIGKILL",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.error) console.error(`${command}: ${result.error.message}`);
  return result.status === 0;
}

/** Output of a command (quiet), or undefined when it fails. */
export function output(command, commandArgs, timeoutMs = MINUTE) {
  const result = spawnSync(command, commandArgs, { stdio: ["ignore", "pipe", "pipe"], timeout: timeoutMs, killSignal: "SIGKILL", encoding: "utf8" });
  return result.status === 0 ? result.stdout : undefined;
}

export function listDir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function readText(file) {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** VERSION_CODENAME of /etc/os-release, e.g. "bookworm". */
export function debianCodename() {
  return /^VERSION_CODENAME=(.*)$/m.exec(readText("/etc/os-release"))?.[1];
}

/**
 * Whether apt's sources name `suite` for `type` ("deb" or "deb-src"), in one-line .list
 * files or deb822 .sources stanzas.
 */
export function hasAptSource(type, suite) {
  const dir = "/etc/apt/sources.list.d";
  const files = ["/etc/apt/sources.list", ...listDir(dir).map((name) => `${dir}/${name}`)];
  const word = (text) => new RegExp(`(^|\\s)${text.replace(/[.-]/g, "\\$&")}(\\s|$)`);
  return files.some((file) => {
    const text = readText(file);
    if (file.endsWith(".list")) {
      return text.split("\n").some((line) => !line.trimStart().startsWith("#") && new RegExp(`^\\s*${type}\\s`).test(line) && word(suite).test(line));
    }
    if (!file.endsWith(".sources")) return false;
    return text.split(/\n\s*\n/).some((stanza) => {
      const field = (name) => new RegExp(`^${name}:(.*)$`, "mi").exec(stanza)?.[1].trim() ?? "";
      return word(type).test(field("Types")) && word(suite).test(field("Suites")) && !/^no$/i.test(field("Enabled"));
    });
  });
}

/** Whether apt has fetched an index whose file name contains every one of `parts` (e.g. "bookworm-backports", "_source_Sources"). */
export function aptKnowsIndex(...parts) {
  return listDir("/var/lib/apt/lists").some((name) => parts.every((part) => name.includes(part)));
}

/** The packages of `names` that dpkg does not have installed. */
export function missingPackages(names) {
  // dpkg-query exits 1 when one of them is unknown; its lines for the others still count.
  const status = spawnSync("dpkg-query", ["-W", "-f", "${Package} ${db:Status-Status}\\n", ...names], { stdio: ["ignore", "pipe", "ignore"], timeout: MINUTE, encoding: "utf8" }).stdout ?? "";
  const installed = new Set(status.split("\n").filter((line) => line.endsWith(" installed")).map((line) => line.split(" ")[0].split(":")[0]));
  return names.filter((name) => !installed.has(name));
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
  const aptGet = findExecutable("apt-get");
  if (!isRoot || !aptGet) {
    console.error(installHint);
    if (!aptGet) console.error(`(apt-get was not found: install ${aptPackage} by this system's own means.)`);
    process.exit(2);
  }
  const started = Date.now();
  const installedOk = withServicesHeldBack(() => run(aptGet, ["update"]) && run(aptGet, ["install", "-y", aptPackage]));
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
