/**
 * Hands over what is appended to a file as it is written (a throwaway server's log, for an
 * editor's output channel). Reads from where it last stopped; `flush` reads the rest.
 */
import fs from "node:fs";

export interface LogFollower {
  /** Reads what was appended since the last read, now. */
  flush(): void;
  close(): void;
}

export function followFile(file: string, onText: (text: string) => void): LogFollower {
  let offset = 0;
  const flush = () => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, "r");
      const size = fs.fstatSync(fd).size;
      if (size <= offset) return;
      const buffer = Buffer.alloc(size - offset);
      const read = fs.readSync(fd, buffer, 0, buffer.length, offset);
      offset += read;
      onText(buffer.subarray(0, read).toString("utf8"));
    } catch {
      // not there (yet, or any more)
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  };
  let watcher: fs.FSWatcher | undefined;
  try {
    watcher = fs.watch(file, () => flush());
    watcher.on("error", () => watcher?.close());
  } catch {
    // no file to watch: flush() still reads it on demand
  }
  flush();
  return {
    flush,
    close: () => {
      flush();
      watcher?.close();
    },
  };
}
