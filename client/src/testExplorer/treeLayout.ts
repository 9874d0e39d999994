/**
 * Where a spec file sits in the Test Explorer's tree. Pure (no `vscode`), and
 * free of the parser so that activation does not load it.
 */

/** A group item between a workspace folder and its specs. */
export interface TreeGroup {
  /** Stable id, unique within the controller. */
  readonly id: string;
  readonly label: string;
}

/**
 * Where a spec goes in the tree: under its workspace folder when the
 * workspace has several, then under its directory (relative to the folder)
 * when that is not the folder itself. Specs at a folder's root need no group.
 *
 * `relativePath` uses `/` separators, e.g. "spec/scansion/basic.scs".
 */
export function treeGroups(folderKey: string, folderName: string, relativePath: string, multiRoot: boolean): TreeGroup[] {
  const groups: TreeGroup[] = [];
  if (multiRoot) groups.push({ id: `folder:${folderKey}`, label: folderName });
  const slash = relativePath.lastIndexOf("/");
  if (slash > 0) {
    const directory = relativePath.slice(0, slash);
    groups.push({ id: `dir:${folderKey}/${directory}`, label: directory });
  }
  return groups;
}
