// A cycle through a type-only import: import-x/no-cycle passes over `import type` (it has no
// runtime effect), but two modules that name each other's types still cannot be read, moved
// or owned apart. This rule reports a type-only import whose module leads back to the
// importing file through any imports (value, type or dynamic); cycles of value imports alone
// are import-x/no-cycle's, so each cycle is reported once.
import { statSync } from "node:fs";
import path from "node:path";

/** @param {typeof import("typescript")} ts @param {string} tsconfigPath */
export function typeOnlyCyclesPlugin(ts, tsconfigPath) {
  const config = ts.readConfigFile(tsconfigPath, ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, path.dirname(tsconfigPath));
  const resolutionCache = ts.createModuleResolutionCache(path.dirname(tsconfigPath), (name) => name, options);
  /** @type {Map<string, { mtimeMs: number, imports: string[] }>} */
  const importsByFile = new Map();

  /** The project file (not a package, not a .d.ts) that `specifier` names from `fromFile`. */
  function resolveInProject(specifier, fromFile) {
    const resolved = ts.resolveModuleName(specifier, fromFile, options, ts.sys, resolutionCache).resolvedModule;
    if (!resolved || resolved.isExternalLibraryImport || resolved.resolvedFileName.endsWith(".d.ts")) return undefined;
    return path.resolve(resolved.resolvedFileName);
  }

  /** Every project file `file` imports, read from disk (a file changed on disk is read again). */
  function importsOf(file) {
    let mtimeMs;
    try { mtimeMs = statSync(file).mtimeMs; } catch { return []; }
    const cached = importsByFile.get(file);
    if (cached?.mtimeMs === mtimeMs) return cached.imports;
    const text = ts.sys.readFile(file) ?? "";
    const imports = ts.preProcessFile(text, true, true).importedFiles
      .map((imported) => resolveInProject(imported.fileName, file))
      .filter((resolved) => resolved !== undefined);
    importsByFile.set(file, { mtimeMs, imports });
    return imports;
  }

  /** The files from `start` back to `target` (breadth first: the shortest way), or undefined. */
  function routeBack(start, target) {
    const cameFrom = new Map([[start, undefined]]);
    const queue = [start];
    while (queue.length > 0) {
      const file = queue.shift();
      for (const next of importsOf(file)) {
        if (next === target) {
          const route = [];
          for (let at = file; at !== undefined; at = cameFrom.get(at)) route.unshift(at);
          return route;
        }
        if (!cameFrom.has(next)) {
          cameFrom.set(next, file);
          queue.push(next);
        }
      }
    }
    return undefined;
  }

  const isTypeOnly = (node) => node.importKind === "type" || node.exportKind === "type"
    || (node.specifiers?.length > 0 && node.specifiers.every((s) => s.importKind === "type" || s.exportKind === "type"));

  /** @type {import("eslint").Rule.RuleModule} */
  const noTypeOnlyCycle = {
    meta: {
      type: "problem",
      docs: { description: "Forbid a type-only import that closes an import cycle." },
      schema: [],
      messages: { cycle: "Import cycle through a type-only import: {{route}}. Move the shared types to a module both can import (docs/ARCHITECTURE.md, \"Dependency direction\")." },
    },
    create(context) {
      const filename = path.resolve(context.physicalFilename);
      const check = (node) => {
        if (!node.source || !isTypeOnly(node)) return;
        const imported = resolveInProject(node.source.value, filename);
        if (imported === undefined || imported === filename) return;
        const route = routeBack(imported, filename);
        if (route === undefined) return;
        const names = [filename, ...route, filename].map((file) => path.relative(path.dirname(tsconfigPath), file));
        context.report({ node, messageId: "cycle", data: { route: names.join(" → ") } });
      };
      return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check };
    },
  };

  return { rules: { "no-type-only-cycle": noTypeOnlyCycle } };
}
