/**
 * What a release is made of, in one place for the release scripts (docs/RELEASING.md):
 * the artifacts' names, the npm package of the CLI, and what must be true before publishing.
 * One version for everything: package.json's.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../..");

/** The fields of package.json the release reads. */
export interface ExtensionManifest {
  readonly name: string;
  readonly displayName?: string;
  readonly version: string;
  readonly publisher: string;
  readonly license?: string;
  readonly description?: string;
  readonly engines?: { readonly node?: string };
  readonly repository?: string | { readonly type?: string; readonly url?: string };
  readonly bugs?: string | { readonly url?: string };
  readonly homepage?: string;
}

export function readManifest(root = REPOSITORY_ROOT): ExtensionManifest {
  return JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as ExtensionManifest;
}

/** The npm package of `scansion-run`: named for its command, not for the editor. */
export const CLI_PACKAGE_NAME = "scansion-run";

/** Where `npm run package` writes the two artifacts (relative to the repository). */
export function artifactPaths(manifest: ExtensionManifest): { readonly vsix: string; readonly cliTarball: string } {
  return { vsix: `dist/${manifest.name}.vsix`, cliTarball: `dist/${CLI_PACKAGE_NAME}-${manifest.version}.tgz` };
}

/** npm's limit for this package (issue 22): the CLI bundle is ~320 KB, ~80 KB packed. */
export const CLI_TARBALL_MAX_BYTES = 1024 * 1024;

/**
 * The package.json of the CLI's npm package (written beside its bundles under
 * dist/cli-package/). No dependencies: the bundles need only Node. `bundles`: dist/cli.js
 * and the parts it loads (cliRun.js, cliCheck.js).
 */
/** `files`: the bundles and what they read beside them (the coverage collector). */
export function cliPackageManifest(manifest: ExtensionManifest, files: readonly string[] = ["cli.js"]): Record<string, unknown> {
  return {
    name: CLI_PACKAGE_NAME,
    version: manifest.version,
    description: "Run scansion (.scs) XMPP integration specs against a server: the command line of the Scansion extension for VS Code.",
    license: manifest.license,
    keywords: ["xmpp", "scansion", "prosody", "ejabberd", "integration tests", "cli"],
    repository: manifest.repository,
    bugs: manifest.bugs,
    homepage: manifest.homepage,
    engines: { node: manifest.engines?.node ?? ">=20" },
    bin: { [CLI_PACKAGE_NAME]: "cli.js" },
    files: [...files, "THIRD-PARTY-LICENSES.md"],
  };
}

/**
 * The owner part of the repository URL until the project has a public repository. GitHub
 * names cannot contain "_", so it never points at somebody's real account; publishing
 * refuses while it is there (releaseProblems).
 */
export const PLACEHOLDER_OWNER = "__OWNER__";

function urlOf(field: string | { readonly url?: string } | undefined): string | undefined {
  return typeof field === "string" ? field : field?.url;
}

/** True while package.json's repository is the placeholder (README links then stay relative). */
export function repositoryIsPlaceholder(manifest: ExtensionManifest): boolean {
  return urlOf(manifest.repository)?.includes(PLACEHOLDER_OWNER) ?? true;
}

/**
 * Why this checkout must not be published yet, one line each (empty: it may be).
 * `tag` is the git tag being released (e.g. GITHUB_REF_NAME), when there is one.
 */
export function releaseProblems(manifest: ExtensionManifest, changelog: string, tag?: string): string[] {
  const problems: string[] = [];
  for (const [field, url] of [["repository", urlOf(manifest.repository)], ["bugs", urlOf(manifest.bugs)], ["homepage", manifest.homepage]] as const) {
    if (url === undefined || url === "") problems.push(`package.json has no ${field} URL`);
    else if (url.includes(PLACEHOLDER_OWNER)) problems.push(`package.json's ${field} is still the placeholder ${url} (docs/RELEASING.md: the project's public repository goes there)`);
  }
  const escapedVersion = manifest.version.replace(/[.+]/g, "\\$&");
  if (!new RegExp(`^## \\[${escapedVersion}\\] - \\d{4}-\\d{2}-\\d{2}$`, "m").test(changelog)) {
    problems.push(`CHANGELOG.md has no section "## [${manifest.version}] - YYYY-MM-DD" for the version being released`);
  }
  if (tag !== undefined && tag !== `v${manifest.version}`) {
    problems.push(`the tag ${tag} is not v${manifest.version}, package.json's version`);
  }
  return problems;
}
