/**
 * Editing support outside the grammar: language-configuration.json (words,
 * Enter behaviour, brackets), snippets/scansion.json, and the package.json
 * entries that point VS Code at them. Regular expressions are compiled with
 * JavaScript's RegExp, as VS Code does.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseSpec } from "@server/language/parser";
import { computeDiagnostics } from "@server/features/diagnostics";

const repositoryRoot = resolve(__dirname, "../..");

function readJson(relativePath: string): unknown {
  return JSON.parse(readFileSync(join(repositoryRoot, relativePath), "utf8"));
}

interface OnEnterRule {
  readonly beforeText: string;
  readonly action: { readonly indent: string };
}

interface LanguageConfiguration {
  readonly comments: { readonly lineComment: string };
  readonly brackets: readonly (readonly [string, string])[];
  readonly autoClosingPairs: readonly { readonly open: string; readonly close: string }[];
  readonly wordPattern: string;
  readonly onEnterRules: readonly OnEnterRule[];
}

interface Snippet {
  readonly prefix: string | readonly string[];
  readonly description: string;
  readonly body: readonly string[];
}

interface PackageManifest {
  readonly contributes: {
    readonly languages: readonly { readonly id: string; readonly configuration: string }[];
    readonly grammars: readonly { readonly language: string; readonly scopeName: string; readonly path: string; readonly embeddedLanguages: Record<string, string> }[];
    readonly snippets: readonly { readonly language: string; readonly path: string }[];
    readonly configurationDefaults: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  };
}

const configuration = readJson("language-configuration.json") as LanguageConfiguration;
const snippets = readJson("snippets/scansion.json") as Record<string, Snippet>;
const manifest = readJson("package.json") as PackageManifest;

/** The word VS Code would select on a double click at `offset`. */
function wordAt(text: string, offset: number): string | undefined {
  for (const match of text.matchAll(new RegExp(configuration.wordPattern, "g"))) {
    if (match.index <= offset && offset < match.index + match[0].length) return match[0];
  }
  return undefined;
}

/** The indent action of the first onEnterRule matching the text before the cursor, as VS Code picks it. */
function indentAfter(lineBeforeCursor: string): string | undefined {
  return configuration.onEnterRules.find((rule) => new RegExp(rule.beforeText).test(lineBeforeCursor))?.action.indent;
}

/** A snippet body with every placeholder replaced by its default (first choice), mirrors included. */
function expandSnippet(snippet: Snippet): string {
  const values = new Map<string, string>();
  let text = snippet.body.join("\n");
  text = text.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_whole, stop: string, choices: string) => {
    const first = choices.split(",")[0] ?? "";
    values.set(stop, first);
    return first;
  });
  text = text.replace(/\$\{(\d+):([^}]*)\}/g, (_whole, stop: string, value: string) => {
    values.set(stop, value);
    return value;
  });
  text = text.replace(/(?<!\\)\$(\d+)/g, (_whole, stop: string) => values.get(stop) ?? "");
  return text.replace(/\\\$/g, "$");
}

/** Errors and warnings the language server would show for a spec. */
function seriousDiagnostics(specText: string): string[] {
  return computeDiagnostics(parseSpec(specText), { unusedClient: true })
    .filter((diagnostic) => diagnostic.severity === 1 || diagnostic.severity === 2)
    .map((diagnostic) => `${diagnostic.range.start.line + 1}: ${diagnostic.message}`);
}

const HEADER = "# Snippet check\n\n[Client] Romeo\n\tjid: romeo@localhost\n\tpassword: password\n\n-----\n\n";

describe("package.json contributions", () => {
  it("point at the language configuration, grammar and snippets that exist", () => {
    const language = manifest.contributes.languages.find((entry) => entry.id === "scansion");
    assert.equal(language?.configuration, "./language-configuration.json");
    const snippetEntry = manifest.contributes.snippets.find((entry) => entry.language === "scansion");
    assert.equal(snippetEntry?.path, "./snippets/scansion.json");
    const grammar = manifest.contributes.grammars.find((entry) => entry.language === "scansion");
    assert.ok(grammar && existsSync(join(repositoryRoot, grammar.path)), "grammar file missing");
  });

  it("turn on linked editing for scansion, so renaming a start tag renames its end tag", () => {
    assert.equal(manifest.contributes.configurationDefaults["[scansion]"]?.["editor.linkedEditing"], true);
  });

  it("declare as embedded XML the scope that the grammar gives stanza blocks", () => {
    const grammarEntry = manifest.contributes.grammars.find((entry) => entry.language === "scansion");
    assert.ok(grammarEntry);
    const grammar = readJson(grammarEntry.path) as { scopeName: string; repository: Record<string, { contentName?: string }> };
    assert.equal(grammar.scopeName, grammarEntry.scopeName);
    const blockScope = grammar.repository["stanza-action"]?.contentName;
    assert.equal(blockScope, "meta.embedded.block.xml.scansion");
    assert.equal(grammarEntry.embeddedLanguages[blockScope], "xml");
  });
});

describe("language-configuration.json", () => {
  it("comments lines with #, the comment every scansion version understands", () => {
    assert.equal(configuration.comments.lineComment, "#");
  });

  it("treats a client name with an apostrophe as one word, but not the quotes around a value", () => {
    const action = "Juliet's phone receives:";
    assert.equal(wordAt(action, 2), "Juliet's");
    assert.equal(wordAt(action, 10), "phone");
    assert.equal(wordAt("from='juliet@localhost'", 8), "juliet");
    assert.equal(wordAt(`to="\${Juliet's full JID}"`, 7), "Juliet's");
    assert.equal(wordAt("\tconnect_port: 5222", 3), "connect_port");
  });

  it("indents the line after a sends/receives line and after a [Client] line", () => {
    assert.equal(indentAfter("Romeo sends:"), "indent");
    assert.equal(indentAfter("Juliet's phone receives:"), "indent");
    assert.equal(indentAfter("Romeo receives"), "indent");
    assert.equal(indentAfter("[Client] Juliet's phone"), "indent");
  });

  it("does not indent after lines that take no block", () => {
    assert.equal(indentAfter("Romeo receives: nothing"), undefined);
    assert.equal(indentAfter("Romeo connects"), undefined);
    assert.equal(indentAfter("# Romeo sends:"), undefined);
    assert.equal(indentAfter("-- Juliet receives:"), undefined);
    assert.equal(indentAfter("\t<presence/>"), undefined);
  });

  it("pairs angle brackets, square brackets and braces, and auto-closes ${", () => {
    const pairs = configuration.brackets.map(([open, close]) => open + close);
    assert.deepEqual([...pairs].sort(), ["<>", "[]", "{}"]);
    const opens = configuration.autoClosingPairs.map((pair) => pair.open);
    for (const open of ["${", "[", "\"", "'"]) assert.ok(opens.includes(open), `${open} does not auto-close`);
    // A typed `>` must reach the document for the end tag to be inserted (client/src/editing/tagClosing.ts);
    // an auto-closed `<>` would have it typed over instead, as in VS Code's HTML and XML.
    assert.ok(!opens.includes("<"), "< auto-closes");
  });
});

describe("snippets/scansion.json", () => {
  const names = Object.keys(snippets);

  it("gives every snippet a prefix, a description and a body indented with tabs only", () => {
    assert.ok(names.length >= 9, `only ${names.length} snippets`);
    for (const name of names) {
      const snippet = snippets[name];
      assert.ok(snippet && snippet.prefix.length > 0 && snippet.description.length > 0 && snippet.body.length > 0, name);
      for (const line of snippet.body) assert.doesNotMatch(line, /^\t* /, `${name}: "${line}" is indented with spaces`);
    }
  });

  it("expands 'New spec' into a spec the language server finds nothing wrong with", () => {
    const spec = expandSnippet(snippets["New spec"] as Snippet);
    const document = parseSpec(spec);
    assert.equal(document.header.title?.text, "Title of the spec");
    assert.deepEqual(document.actions.map((action) => action.verb.text), ["connects", "sends", "receives", "disconnects"]);
    assert.deepEqual(seriousDiagnostics(spec), []);
  });

  it("expands 'Client definition' into a client the header accepts", () => {
    const client = expandSnippet(snippets["Client definition"] as Snippet);
    const spec = `# Snippet check\n\n${client}\n-----\n\nJuliet connects\n`;
    assert.deepEqual(parseSpec(spec).clients.map((entry) => entry.name.text), ["Juliet"]);
    assert.deepEqual(seriousDiagnostics(spec), []);
  });

  for (const name of ["connects", "disconnects", "sends", "receives", "receives nothing", "iq request and result", "MUC join"]) {
    it(`expands '${name}' into valid actions for a defined client`, () => {
      const snippet = snippets[name];
      assert.ok(snippet, `no snippet '${name}'`);
      const connect = name === "connects" ? "" : "Romeo connects\n\n";
      const spec = `${HEADER}${connect}${expandSnippet(snippet)}\n`;
      const document = parseSpec(spec);
      assert.ok(document.actions.length > 0, "no action parsed");
      assert.ok(document.actions.every((action) => action.client.text === "Romeo"), "an action names another client");
      assert.deepEqual(seriousDiagnostics(spec), []);
    });
  }
});
