/**
 * Publishes the artifacts of `npm run package` (docs/RELEASING.md):
 *   dist/vscode-scansion.vsix        to the Visual Studio Marketplace (vsce, VSCE_PAT)
 *                                    and Open VSX (ovsx, OVSX_PAT)
 *   dist/scansion-run-<version>.tgz  to npm (NPM_TOKEN)
 * Usage: node --import tsx scripts/release/publish.ts [--dry-run | --check] [--tag <git tag>]
 * First every check that needs no token: package.json's release metadata, the CHANGELOG
 * section, the tag, the artifacts' names and versions, ovsx's manifest and license checks and
 * `npm publish --dry-run`; then all three tokens must be set before anything is published.
 *   --check    all of that, then stop (the release workflow, before it attaches the files)
 *   --dry-run  the checks that need no token; what would stop a release is said, not failed,
 *              and the commands a release runs are printed (.ci/run)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { isLicenseOk, validateManifest } from "ovsx";
import { readVSIXPackage } from "ovsx/lib/zip";
import { CLI_PACKAGE_NAME, REPOSITORY_ROOT, artifactPaths, readManifest, releaseProblems } from "./releaseFacts";

const TOKENS = ["VSCE_PAT", "OVSX_PAT", "NPM_TOKEN"] as const;

/** npm run exports npm_config_* that a nested npm would take as its own. */
function npmEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_config_"))), ...extra };
}

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd: REPOSITORY_ROOT, stdio: ["ignore", "inherit", "inherit"], env });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args[0] ?? ""} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

const bin = (name: string): string => path.join(REPOSITORY_ROOT, "node_modules", ".bin", name);

async function checkArtifacts(vsix: string, cliTarball: string): Promise<void> {
  const manifest = readManifest();
  for (const file of [vsix, cliTarball]) {
    if (!existsSync(path.join(REPOSITORY_ROOT, file))) throw new Error(`${file} not found: run npm run package first`);
  }
  // What Open VSX checks before it accepts a file (ovsx's own functions, offline).
  const packaged = await readVSIXPackage(path.join(REPOSITORY_ROOT, vsix));
  validateManifest(packaged);
  if (!(await isLicenseOk(REPOSITORY_ROOT, packaged))) throw new Error(`${vsix} has no license: Open VSX refuses it`);
  for (const field of ["publisher", "name", "version"] as const) {
    if (packaged[field] !== manifest[field]) throw new Error(`${vsix} has ${field} ${String(packaged[field])}, package.json ${manifest[field]}: run npm run package again`);
  }
  // "./": npm takes "dist/x.tgz" for a GitHub repository named dist.
  run("npm", ["publish", "--dry-run", `./${cliTarball}`], npmEnvironment());
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { "dry-run": { type: "boolean" }, check: { type: "boolean" }, tag: { type: "string" } } });
  const dryRun = values["dry-run"] === true;
  const manifest = readManifest();
  const { vsix, cliTarball } = artifactPaths(manifest);
  const problems = releaseProblems(manifest, readFileSync(path.join(REPOSITORY_ROOT, "CHANGELOG.md"), "utf8"), values.tag);
  await checkArtifacts(vsix, cliTarball);
  // --skip-duplicate: a release run again after a later step failed finishes the others.
  // vsce reads VSCE_PAT, ovsx OVSX_PAT; npm's config file names NPM_TOKEN, which stays in the environment.
  const npmConfig = path.join(mkdtempSync(path.join(tmpdir(), "scansion-npmrc-")), ".npmrc");
  const publications = [
    { command: bin("vsce"), args: ["publish", "--skip-duplicate", "--packagePath", vsix], env: process.env },
    { command: bin("ovsx"), args: ["publish", "--skip-duplicate", vsix], env: process.env },
    { command: "npm", args: ["publish", `./${cliTarball}`, "--access", "public", "--userconfig", npmConfig], env: npmEnvironment() },
  ];
  try {
    if (dryRun) {
      console.log(`publish --dry-run: ${manifest.publisher}.${manifest.name} and ${CLI_PACKAGE_NAME} ${manifest.version} passed the checks that need no token.`);
      for (const problem of problems) console.log(`publish --dry-run: a real release would stop here: ${problem}`);
      console.log(`publish --dry-run: a release runs (with ${TOKENS.join(", ")})`);
      for (const { command, args } of publications) console.log(`  ${path.basename(command)} ${args.join(" ")}`);
      return;
    }
    if (problems.length > 0) throw new Error(`not published:\n  ${problems.join("\n  ")}`);
    const missing = TOKENS.filter((name) => !process.env[name]);
    if (missing.length > 0) throw new Error(`not published: ${missing.join(", ")} not set (repository secrets, docs/RELEASING.md)`);
    if (values.check === true) {
      console.log(`publish --check: ${manifest.publisher}.${manifest.name} and ${CLI_PACKAGE_NAME} ${manifest.version} are ready to publish`);
      return;
    }
    writeFileSync(npmConfig, "//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n");
    for (const { command, args, env } of publications) run(command, args, env);
  } finally {
    rmSync(path.dirname(npmConfig), { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`publish: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
