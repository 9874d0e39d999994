/** The first line of the Scansion output channel: which extension build runs where (for bug reports). */
export interface AboutFacts {
  /** The extension's id (publisher.name) and its package.json's version, also scansion-run's. */
  readonly id: string;
  readonly version: string;
  readonly vscodeVersion: string;
  readonly nodeVersion: string;
  readonly platform: string;
}

export function aboutLine(facts: AboutFacts): string {
  return `Scansion ${facts.version} (${facts.id}; scansion-run ${facts.version}) on VS Code ${facts.vscodeVersion}, Node ${facts.nodeVersion}, ${facts.platform}`;
}
