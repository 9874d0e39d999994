/**
 * The DAP events of the scansion debug adapter beyond the protocol's own, in a
 * module of their own: the extension's main bundle reads them without loading
 * the adapter.
 */

/** Sent when the run ends; its body is the `SpecResult` (runner/specResult.ts). */
export const SPEC_RESULT_EVENT = "scansion.specResult";
