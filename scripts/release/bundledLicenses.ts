/**
 * The licenses of the npm packages a bundle carries (MIT and ISC ask that their notice travel
 * with every copy; esbuild drops the packages' comments). Read from esbuild's metafile, which
 * scripts/build.mjs writes for dist/cli.js.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

interface Metafile {
  readonly inputs: Record<string, unknown>;
}

interface BundledPackage {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  /** The package's own license file, or undefined where it ships none. */
  readonly licenseText: string | undefined;
}

/** The folders under node_modules that the bundle's inputs come from (nested ones included). */
export function bundledPackageFolders(metafile: Metafile): string[] {
  const folders = new Set<string>();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match?.[1] !== undefined) folders.add(match[1]);
  }
  return [...folders].sort();
}

function licenseOf(manifest: { license?: unknown; licenses?: unknown }): string {
  if (typeof manifest.license === "string") return manifest.license;
  if (Array.isArray(manifest.licenses)) return manifest.licenses.map((entry: { type?: string }) => entry.type ?? "?").join(" OR ");
  return "not stated";
}

function readPackage(folder: string): BundledPackage {
  const manifest = JSON.parse(readFileSync(path.join(folder, "package.json"), "utf8")) as { name: string; version: string; license?: unknown; licenses?: unknown };
  const licenseFile = readdirSync(folder).find((file) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(file));
  return {
    name: manifest.name,
    version: manifest.version,
    license: licenseOf(manifest),
    licenseText: licenseFile === undefined ? undefined : readFileSync(path.join(folder, licenseFile), "utf8").trim(),
  };
}

/** A Markdown file with each bundled package's name, version, license and license text. */
export function thirdPartyLicenses(metafile: Metafile, root: string, bundleName: string): string {
  const packages = bundledPackageFolders(metafile).map((folder) => path.join(root, folder)).filter((folder) => existsSync(folder)).map(readPackage);
  const sections = packages.map((bundled) => [
    `## ${bundled.name} ${bundled.version} (${bundled.license})`,
    "",
    bundled.licenseText === undefined ? `The package ships no license file; its package.json states ${bundled.license}.` : bundled.licenseText,
  ].join("\n"));
  return [`# Third-party licenses`, "", `${bundleName} bundles these npm packages.`, "", ...sections.flatMap((section) => [section, ""])].join("\n");
}
