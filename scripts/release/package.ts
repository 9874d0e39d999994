/**
 * `npm run package`: builds both release artifacts into dist/ from one checkout.
 *   dist/vscode-scansion.vsix        the extension (vsce; any vsce warning stops the build)
 *   dist/scansion-run-<version>.tgz  the CLI's npm package: dist/cli.js and nothing to fetch
 * Why the CLI has a package.json of its own: docs/RELEASING.md.
 */
import { spawnSync, type SpawnSyncOptions } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import { thirdPartyLicenses } from "./bundledLicenses";
import { CLI_TARBALL_MAX_BYTES, REPOSITORY_ROOT, artifactPaths, cliPackageManifest, readManifest, repositoryIsPlaceholder } from "./releaseFacts";

/** Runs a command; its output is printed and returned. Throws with the command's name on failure. */
function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(command, args, { cwd: REPOSITORY_ROOT, encoding: "utf8", ...options });
  const output = `${String(result.stdout ?? "")}${String(result.stderr ?? "")}`;
  process.stdout.write(output);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.error?.message ?? `exit ${result.status}`})`);
  return output;
}

/** Package names a bundle still `require`s that are not Node's own (it would need them installed). */
export function externalRequires(bundle: string): string[] {
  const builtins = new Set(builtinModules);
  const names = [...bundle.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((match) => match[1] ?? "");
  return [...new Set(names)].filter((name) => !name.startsWith("node:") && !builtins.has(name)).sort();
}

const vsce = path.join(REPOSITORY_ROOT, "node_modules", ".bin", "vsce");

function packageExtension(vsixPath: string, rewriteRelativeLinks: boolean): void {
  // No stdin: vsce asks "Do you want to continue?" after a warning; a release never answers.
  const output = run(vsce, ["package", "--no-dependencies", ...(rewriteRelativeLinks ? [] : ["--no-rewrite-relative-links"]), "--out", vsixPath], { stdio: ["ignore", "pipe", "pipe"] });
  if (/\bWARNING\b/.test(output)) throw new Error("vsce warned (above): a release has no warnings");
}

/** The CLI's bundles (dist/cli.js and the parts it loads: cliRun.js, cliCheck.js), as its build's metafile names them. */
interface CliMetafile { readonly inputs: Record<string, unknown>; readonly outputs: Record<string, unknown> }

function packageCli(cliTarball: string): void {
  const manifest = readManifest();
  const metafile = JSON.parse(readFileSync(path.join(REPOSITORY_ROOT, "dist", "cli.meta.json"), "utf8")) as CliMetafile;
  const bundles = Object.keys(metafile.outputs).filter((output) => output.endsWith(".js")).map((output) => path.basename(output)).sort();
  if (!bundles.includes("cli.js")) throw new Error("dist/cli.meta.json names no dist/cli.js: run npm run build");
  for (const bundle of bundles) {
    // A bundle may load another of the package's bundles (./cliRun.js), nothing else that is not Node's own.
    const missing = externalRequires(readFileSync(path.join(REPOSITORY_ROOT, "dist", bundle), "utf8")).filter((name) => !bundles.includes(name.replace(/^\.\//, "")));
    if (missing.length > 0) throw new Error(`dist/${bundle} requires ${missing.join(", ")} at run time: bundle it (scripts/build.mjs) so the npm package needs nothing installed`);
  }
  const folder = path.join(REPOSITORY_ROOT, "dist", "cli-package");
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  // Read beside the bundles at run time (scripts/build.mjs copies them into dist/): the Lua collector
  // of `--coverage`, the default config of an ejabberd target.
  const shipped = [...bundles, "coverage-collector.lua", "throwaway-ejabberd.yml"];
  writeFileSync(path.join(folder, "package.json"), `${JSON.stringify(cliPackageManifest(manifest, shipped), null, 2)}\n`);
  for (const file of shipped) copyFileSync(path.join(REPOSITORY_ROOT, "dist", file), path.join(folder, file));
  copyFileSync(path.join(REPOSITORY_ROOT, "scripts", "release", "cli-README.md"), path.join(folder, "README.md"));
  copyFileSync(path.join(REPOSITORY_ROOT, "LICENSE"), path.join(folder, "LICENSE"));
  writeFileSync(path.join(folder, "THIRD-PARTY-LICENSES.md"), thirdPartyLicenses(metafile, REPOSITORY_ROOT, bundles.join(", ")));
  // npm run exports npm_config_* (e.g. a --prefix given to npm) that a nested npm would take as its own.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toLowerCase().startsWith("npm_config_")));
  run("npm", ["pack", "--pack-destination", path.dirname(path.join(REPOSITORY_ROOT, cliTarball))], { cwd: folder, env });
  const bytes = statSync(path.join(REPOSITORY_ROOT, cliTarball)).size;
  if (bytes >= CLI_TARBALL_MAX_BYTES) throw new Error(`${cliTarball} is ${bytes} bytes, over the 1 MB a CLI package may take`);
}

function main(): void {
  const manifest = readManifest();
  const { vsix, cliTarball } = artifactPaths(manifest);
  run("npm", ["run", "build"], { stdio: ["ignore", "pipe", "pipe"] });
  // Relative links are made absolute against the repository for the marketplaces' pages;
  // while the repository is the placeholder they stay relative, so the .vsix's own README works.
  packageExtension(vsix, !repositoryIsPlaceholder(manifest));
  packageCli(cliTarball);
  for (const file of [vsix, cliTarball]) console.log(`${file}: ${statSync(path.join(REPOSITORY_ROOT, file)).size} bytes`);
}

if (import.meta.filename === process.argv[1]) {
  try {
    main();
  } catch (error) {
    console.error(`npm run package: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
