/** A run's server did not start; kept apart so that the extension's main bundle can know it without loading the servers' code. */
export class ServerStartError extends Error {
  override readonly name = "ServerStartError";
  /** The server's log, when there is a file to open. */
  readonly logFile: string | undefined;
  constructor(message: string, logFile?: string) {
    super(message);
    this.logFile = logFile;
  }
}

/** By name: the extension loads the servers' code as bundles of their own, each with its own copy of the class. */
export function isServerStartError(error: unknown): error is ServerStartError {
  return error instanceof Error && error.name === "ServerStartError";
}
