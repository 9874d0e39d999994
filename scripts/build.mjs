// Bundles the entry points into dist/ with esbuild.
// The extension and the server are CommonJS (what VS Code and `node dist/server.js --stdio` load);
// the CLI is CommonJS too so that `scansion-run` works as a plain `bin`.
//
// The extension is split: dist/extension.js holds only what activation runs; each module in
// EXTENSION_PARTS gets a bundle of its own, which the main bundle loads with `import()` the
// first time it is needed (the sources write a plain `await import("./languageServerClient")`,
// which also works unbundled under tsx). Activation then reads ~100 KB instead of ~1.3 MB.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

const production = process.argv.includes("--production");

/** Modules of the extension loaded on first use, and the dist/ file each becomes. */
const EXTENSION_PARTS = [
  // vscode-languageclient alone takes ~60 ms to load: it starts right after activation returns.
  { source: "client/src/languageServerClient.ts", bundle: "languageClient.js" },
  // The parser, for discovery (after activation).
  { source: "client/src/testExplorer/specCatalog.ts", bundle: "specCatalog.js" },
  // The run session with the runner and its XMPP stack, for the first run.
  { source: "server/src/session/runSession.ts", bundle: "session.js" },
  // The debug adapter (runs inline in the extension host), for the first debug session.
  { source: "server/src/debug/debugAdapter.ts", bundle: "debugAdapter.js" },
  // The quick fixes of a failed run, with the parser, for the first code action request.
  { source: "client/src/fixes/failureFixes.ts", bundle: "failureFixes.js" },
  // A throwaway Prosody (config wrapper, install lookup), for the first run on a Prosody target.
  { source: "server/src/servers/prosody/throwawayProsody.ts", bundle: "prosody.js" },
  // A user's start command (scansion.server.startCommand), for the first run that uses one.
  { source: "server/src/servers/commandServer.ts", bundle: "serverCommand.js" },
  // The sequence diagram's page (parser, diagram), for "Scansion: Show Sequence Diagram".
  { source: "client/src/diagrams/diagramPage.ts", bundle: "diagramPage.js" },
  // The recorder and its XMPP stack, for "Scansion: Record a spec".
  { source: "server/src/runner/recorder.ts", bundle: "recorder.js" },
];

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  logLevel: "warning",
  legalComments: "none",
  // jsonc-parser's "main" is a UMD build whose relative requires esbuild cannot follow; its ES module build bundles.
  alias: { "jsonc-parser": "./node_modules/jsonc-parser/lib/esm/main.js" },
};

/**
 * The CLI is split the same way: dist/cli.js (cli/bin.ts) reads the arguments and loads either
 * the checker (`--check`: parser and the editor's checks) or the runner's side (main.ts), so a
 * pre-commit `--check` never loads the XMPP stack.
 */
const CLI_PARTS = [
  { source: "server/src/cli/main.ts", bundle: "cliRun.js" },
  { source: "server/src/cli/check.ts", bundle: "cliCheck.js" },
];

const withoutExtension = (file) => file.replace(/\.[cm]?[jt]s$/, "");

/** Turns `import("…")` of a part into a `require` of its bundle next to the importing bundle. */
const loadPartsOnDemand = (parts) => ({
  name: "parts-on-demand",
  setup(build) {
    const partBySource = new Map(parts.map((part) => [withoutExtension(path.resolve(part.source)), part.bundle]));
    build.onResolve({ filter: /^(\.|@server\/)/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      // `@server/…` is tsconfig.json's alias for server/src/.
      const source = args.path.startsWith("@server/") ? path.resolve("server/src", args.path.slice("@server/".length)) : path.resolve(args.resolveDir, args.path);
      const bundle = partBySource.get(withoutExtension(source));
      return bundle ? { path: `./${bundle}`, external: true } : undefined;
    });
  },
});

// `import()` of a part becomes a `require` (not Node's ESM loader, which VS Code's module hooks do not see).
const extension = { ...common, external: ["vscode"], plugins: [loadPartsOnDemand(EXTENSION_PARTS)], supported: { "dynamic-import": false } };
const cli = { ...common, plugins: [loadPartsOnDemand(CLI_PARTS)], supported: { "dynamic-import": false }, define: { SCANSION_VERSION: JSON.stringify(version) } };

/**
 * Files the bundles read at run time, copied beside them (a bundle's __dirname is dist/): the Lua
 * coverage collector that coverage runs inject into Prosody (servers/prosody/coverage/collector.ts),
 * and the config of a throwaway ejabberd whose target names none (servers/ejabberd/throwawayEjabberd.ts).
 */
const RUNTIME_FILES = ["server/src/servers/prosody/coverage/coverage-collector.lua", "server/src/servers/ejabberd/throwaway-ejabberd.yml"];
mkdirSync("dist", { recursive: true });
for (const file of RUNTIME_FILES) copyFileSync(file, path.join("dist", path.basename(file)));

await Promise.all([
  build({ ...extension, entryPoints: ["client/src/extension.ts"], outfile: "dist/extension.js" }),
  ...EXTENSION_PARTS.map((part) => build({ ...extension, entryPoints: [part.source], outfile: `dist/${part.bundle}` })),
  build({ ...common, entryPoints: ["server/src/lsp/main.ts"], outfile: "dist/server.js" }),
  // Their metafile, merged (dist/cli.meta.json), names the CLI's bundles and the packages they
  // carry: its npm package ships those files and lists those packages' licenses (scripts/release/).
  Promise.all([
    build({ ...cli, entryPoints: ["server/src/cli/bin.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" }, metafile: true }),
    ...CLI_PARTS.map((part) => build({ ...cli, entryPoints: [part.source], outfile: `dist/${part.bundle}`, metafile: true })),
  ]).then((results) => writeFileSync("dist/cli.meta.json", JSON.stringify({
    inputs: Object.assign({}, ...results.map((result) => result.metafile.inputs)),
    outputs: Object.assign({}, ...results.map((result) => result.metafile.outputs)),
  }))),
]);
