/**
 * The Test Explorer's tree: one item per `.scs` file of every workspace
 * folder, kept current by a file watcher and by unsaved edits in open editors.
 *
 * Specs are stateful, so a whole spec is the unit of a run and items have no
 * action children: an action cannot run on its own, 30 children per spec
 * would make a 1,000-spec tree thirty times larger, and the outcome of each
 * action is shown in the editor instead (inlineOutcomes.ts).
 */
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import * as path from "node:path";
import * as vscode from "vscode";
import type { SpecEntry } from "./specCatalog";
import { findSpecFiles, inSkippedFolder } from "@server/runner/specFiles";
import { treeGroups } from "./treeLayout";

/** The parser is loaded with the first spec read, after activation. */
let catalog: Promise<typeof import("./specCatalog")> | undefined;
export function loadSpecCatalog(): Promise<typeof import("./specCatalog")> {
  catalog ??= import("./specCatalog");
  return catalog;
}

/** Discovery reads and parses this many files, then lets the extension host breathe. */
const DISCOVERY_BATCH = 50;
/** Edits in an open editor are parsed once typing pauses this long. */
const EDIT_DEBOUNCE_MS = 150;

const decoder = new TextDecoder();

/** Specs of dependencies and of hidden directories are not the project's (discovery's rule, runner/specFiles.ts). */
function isExcluded(uri: vscode.Uri): boolean {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return inSkippedFolder(folder ? path.posix.relative(folder.uri.path, uri.path) : uri.path);
}

export class SpecTree implements vscode.Disposable {
  private readonly entries = new Map<string, SpecEntry>();
  private readonly items = new Map<string, vscode.TestItem>();
  private readonly pendingEdits = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  private discovery: Promise<void> | undefined;
  /** Fires when a spec's entry (title, tags, error) changed or it went away. */
  readonly onDidChange = this.changed.event;

  /** `moduleFolders`: the community module folders with specs (absolute), whose specs are grouped by module. */
  constructor(private readonly controller: vscode.TestController, private readonly log: vscode.LogOutputChannel, private readonly moduleFolders: () => readonly string[] = () => []) {
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.scs");
    this.disposables.push(
      watcher,
      this.changed,
      watcher.onDidCreate((uri) => this.refreshFromDisk(uri)),
      watcher.onDidChange((uri) => this.refreshFromDisk(uri)),
      watcher.onDidDelete((uri) => this.removeUnder(uri)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0) this.scheduleEdit(event.document);
      }),
      // Closing an editor without saving drops its edits: the file on disk is the spec again.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (!this.entries.has(document.uri.toString())) return;
        if (vscode.workspace.getWorkspaceFolder(document.uri)) this.refreshFromDisk(document.uri);
        else this.removeUnder(document.uri); // A spec from outside the workspace was listed only while open.
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rediscover()),
    );
  }

  /** Discovers every spec once; later calls wait for the same discovery. */
  discoverAll(): Promise<void> {
    this.discovery ??= this.discover();
    return this.discovery;
  }

  rediscover(): Promise<void> {
    this.controller.items.replace([]);
    this.entries.clear();
    this.items.clear();
    this.discovery = this.discover();
    return this.discovery;
  }

  entry(uri: vscode.Uri): SpecEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /** The item of an open document, created when the file is not part of the tree yet (e.g. outside the workspace). */
  async itemForDocument(document: vscode.TextDocument): Promise<vscode.TestItem> {
    return this.find(document.uri) ?? this.upsert(document.uri, document.getText());
  }

  find(uri: vscode.Uri): vscode.TestItem | undefined {
    return this.items.get(uri.toString());
  }

  /** The specs a request covers, in tree order, without the excluded ones. */
  specsOf(include: readonly vscode.TestItem[] | undefined, exclude: readonly vscode.TestItem[] = []): vscode.TestItem[] {
    const excluded = new Set(exclude.map((item) => item.id));
    const found = new Map<string, vscode.TestItem>();
    const visit = (item: vscode.TestItem) => {
      if (excluded.has(item.id)) return;
      if (this.items.get(item.id) === item) found.set(item.id, item);
      for (const child of sortedChildren(item.children)) visit(child);
    };
    for (const item of include ?? sortedChildren(this.controller.items)) visit(item);
    return [...found.values()];
  }

  dispose(): void {
    for (const timer of this.pendingEdits.values()) clearTimeout(timer);
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async discover(): Promise<void> {
    const started = performance.now();
    const folders = vscode.workspace.workspaceFolders ?? [];
    const found = await Promise.all(folders.map(async (folder) => folder.uri.scheme === "file"
      ? (await findSpecFiles(folder.uri.fsPath)).map((file) => vscode.Uri.file(file))
      : vscode.workspace.findFiles(new vscode.RelativePattern(folder, "**/*.scs"))));
    const uris = found.flat();
    const listed = performance.now();
    const open = new Map(vscode.workspace.textDocuments.map((document) => [document.uri.toString(), document]));
    const catalog = await loadSpecCatalog();
    for (let first = 0; first < uris.length; first += DISCOVERY_BATCH) {
      for (const uri of uris.slice(first, first + DISCOVERY_BATCH)) {
        // An open editor's text wins over the file: it is what the user sees.
        const text = open.get(uri.toString())?.getText() ?? (uri.scheme === "file" ? readLocal(uri) : await this.read(uri));
        if (text !== undefined) this.apply(uri, catalog.describeSpec(text, path.posix.basename(uri.path)));
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    const now = performance.now();
    this.log.info(`Test Explorer: found ${uris.length} spec${uris.length === 1 ? "" : "s"} in ${Math.round(now - started)} ms (listing ${Math.round(listed - started)} ms, reading and parsing ${Math.round(now - listed)} ms)`);
  }

  private async read(uri: vscode.Uri): Promise<string | undefined> {
    try {
      // Local files straight from disk: workspace.fs may take a round trip through the window per file.
      if (uri.scheme === "file") return await readFile(uri.fsPath, "utf8");
      return decoder.decode(await vscode.workspace.fs.readFile(uri));
    } catch {
      return undefined; // Gone since it was listed; the watcher removes it.
    }
  }

  private refreshFromDisk(uri: vscode.Uri): void {
    if (isExcluded(uri) || !vscode.workspace.getWorkspaceFolder(uri)) return;
    const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
    if (open?.isDirty) return; // The unsaved buffer is the spec until it is saved or dropped.
    void this.read(uri).then(async (text) => {
      if (text === undefined) this.removeUnder(uri);
      else await this.upsert(uri, text);
    });
  }

  private scheduleEdit(document: vscode.TextDocument): void {
    if (document.languageId !== "scansion" || document.uri.scheme !== "file") return;
    const key = document.uri.toString();
    if (!this.entries.has(key) && !vscode.workspace.getWorkspaceFolder(document.uri)) return;
    clearTimeout(this.pendingEdits.get(key));
    this.pendingEdits.set(key, setTimeout(() => {
      this.pendingEdits.delete(key);
      if (!document.isClosed) void this.upsert(document.uri, document.getText());
    }, EDIT_DEBOUNCE_MS));
  }

  private groupsOf(uri: vscode.Uri) {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return [];
    const relative = path.posix.relative(folder.uri.path, uri.path);
    const modules = this.moduleFolders().flatMap((module) => {
      const inFolder = path.relative(folder.uri.fsPath, module);
      return inFolder.startsWith("..") || path.isAbsolute(inFolder) ? [] : [inFolder.split(path.sep).join("/")];
    });
    return treeGroups(folder.uri.toString(), folder.name, relative, (vscode.workspace.workspaceFolders?.length ?? 0) > 1, modules);
  }

  private async upsert(uri: vscode.Uri, text: string): Promise<vscode.TestItem> {
    return this.apply(uri, (await loadSpecCatalog()).describeSpec(text, path.posix.basename(uri.path)));
  }

  private apply(uri: vscode.Uri, entry: SpecEntry): vscode.TestItem {
    const key = uri.toString();
    const previous = this.entries.get(key);
    this.entries.set(key, entry);
    let collection = this.controller.items;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    for (const group of this.groupsOf(uri)) {
      let groupItem = collection.get(group.id);
      if (!groupItem) {
        const groupUri = group.path === "" ? folder?.uri : vscode.Uri.joinPath(folder!.uri, group.path);
        groupItem = this.controller.createTestItem(group.id, group.label, groupUri);
        collection.add(groupItem);
      }
      collection = groupItem.children;
    }
    let item = this.items.get(key);
    if (!item) {
      // Described before it is added: changes to an item in the tree each cost a message to the window.
      item = this.controller.createTestItem(key, entry.label, uri);
      item.sortText = path.posix.basename(uri.path);
      describeItem(item, entry);
      collection.add(item);
      this.items.set(key, item);
    } else if (!previous || !sameEntry(previous, entry)) {
      describeItem(item, entry);
    } else {
      return item; // An edit inside a stanza block changes nothing the tree shows.
    }
    this.changed.fire(uri);
    return item;
  }

  /** Removes the spec at uri, or every spec below it when a directory was deleted. */
  private removeUnder(uri: vscode.Uri): void {
    const prefix = `${uri.toString()}/`;
    for (const key of [...this.entries.keys()]) {
      if (key !== uri.toString() && !key.startsWith(prefix)) continue;
      const item = this.items.get(key);
      this.entries.delete(key);
      this.items.delete(key);
      if (item) this.detach(item);
      this.changed.fire(vscode.Uri.parse(key));
    }
  }

  /** Removes an item and the groups it leaves empty. */
  private detach(item: vscode.TestItem): void {
    const parent = item.parent;
    (parent?.children ?? this.controller.items).delete(item.id);
    if (parent && parent.children.size === 0) this.detach(parent);
  }
}

function describeItem(item: vscode.TestItem, entry: SpecEntry): void {
  item.label = entry.label;
  item.range = new vscode.Range(entry.titleLine, 0, entry.titleLine, entry.titleLineLength);
  item.tags = entry.tags.map((id) => new vscode.TestTag(id));
  item.error = entry.error;
}

function sameEntry(a: SpecEntry, b: SpecEntry): boolean {
  return a.label === b.label && a.titleLine === b.titleLine && a.titleLineLength === b.titleLineLength
    && a.error === b.error && a.tags.join("\n") === b.tags.join("\n");
}

/**
 * Reads a local file synchronously: small spec files in batches are read far
 * faster this way than through the thread pool, which the extension host
 * shares with every other extension (a thousand queued reads took seconds).
 */
function readLocal(uri: vscode.Uri): string | undefined {
  try {
    return readFileSync(uri.fsPath, "utf8");
  } catch {
    return undefined; // Gone since it was listed; the watcher removes it.
  }
}

function sortedChildren(collection: vscode.TestItemCollection): vscode.TestItem[] {
  const items: vscode.TestItem[] = [];
  collection.forEach((item) => items.push(item));
  return items.sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
}
