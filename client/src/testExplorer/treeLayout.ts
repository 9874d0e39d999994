/**
 * Where a spec file sits in the Test Explorer's tree. Pure (no `vscode`), and
 * free of the parser so that activation does not load it.
 */

/** A group item between a workspace folder and its specs. */
export interface TreeGroup {
  /** Stable id, unique within the controller. */
  readonly id: string;
  readonly label: string;
  /** The folder it stands for, relative to the workspace folder ("" for the workspace folder itself). */
  readonly path: string;
}

/**
 * Where a spec goes in the tree: under its workspace folder when the
 * workspace has several, then under its community module's folder when it
 * lies in one ("mod_hello": the module's specs together, whichever of its
 * folders they are in), else under its directory (relative to the folder)
 * when that is not the folder itself. Specs at a folder's root need no group.
 *
 * `relativePath` and `moduleFolders` (the workspace's module folders with
 * specs, relative to the folder) use `/` separators, e.g. "spec/scansion/basic.scs".
 */
export function treeGroups(folderKey: string, folderName: string, relativePath: string, multiRoot: boolean, moduleFolders: readonly string[] = []): TreeGroup[] {
  const groups: TreeGroup[] = [];
  if (multiRoot) groups.push({ id: `folder:${folderKey}`, label: folderName, path: "" });
  const module = moduleFolders.find((folder) => folder !== "" && relativePath.startsWith(`${folder}/`));
  if (module !== undefined) {
    groups.push({ id: `module:${folderKey}/${module}`, label: module.slice(module.lastIndexOf("/") + 1), path: module });
    return groups;
  }
  const slash = relativePath.lastIndexOf("/");
  if (slash > 0) {
    const directory = relativePath.slice(0, slash);
    groups.push({ id: `dir:${folderKey}/${directory}`, label: directory, path: directory });
  }
  return groups;
}
