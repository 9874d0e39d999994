// Bundles the three entry points into dist/ with esbuild.
// The extension and the server are CommonJS (what VS Code and `node dist/server.js --stdio` load);
// the CLI is CommonJS too so that `scansion-run` works as a plain `bin`.
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const { version } = JSON.parse(readFileSync("package.json", "utf8"));

const production = process.argv.includes("--production");

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  sourcemap: production ? false : "linked",
  minify: production,
  logLevel: "warning",
  legalComments: "none",
};

await Promise.all([
  build({ ...common, entryPoints: ["client/src/extension.ts"], outfile: "dist/extension.js", external: ["vscode"] }),
  build({ ...common, entryPoints: ["server/src/lsp/main.ts"], outfile: "dist/server.js" }),
  build({ ...common, entryPoints: ["server/src/cli/main.ts"], outfile: "dist/cli.js", banner: { js: "#!/usr/bin/env node" }, define: { SCANSION_VERSION: JSON.stringify(version) } }),
]);
