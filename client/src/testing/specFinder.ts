/**
 * Lists the `.scs` files below a folder straight from the disk (the editor's
 * file search goes through the window and is several times slower for a
 * thousand files). Skips what the CLI's discovery skips: `node_modules` and
 * directories whose name starts with a dot. Node only (no `vscode`).
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Absolute paths of every `*.scs` below `root`, sorted; unreadable directories are passed over. */
export async function findSpecFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch {
      return;
    }
    const subdirectories: string[] = [];
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) subdirectories.push(join(directory, entry.name));
      } else if (entry.name.endsWith(".scs") && (entry.isFile() || entry.isSymbolicLink())) {
        found.push(join(directory, entry.name));
      }
    }
    await Promise.all(subdirectories.map(walk));
  };
  await walk(root);
  return found.sort();
}
