/**
 * Launch configurations of type `scansion`: the one the Test Explorer and the
 * "Debug spec" lens start, and the completion of what a person wrote in
 * launch.json (or pressed F5 without one). Pure (no `vscode`); the adapter
 * checks the attributes (server/src/debug/launchArguments.ts).
 */
import { runSettingsFor, startsProsody, type ServerTarget, type TargetList } from "../targets/targets";

export const DEBUG_TYPE = "scansion";

/** The attributes of a scansion launch configuration (what package.json's `debuggers` contribution declares). */
export interface ScansionLaunchConfiguration {
  readonly type: string;
  readonly request: string;
  readonly name: string;
  readonly program?: string;
  readonly host?: string;
  readonly port?: number;
  readonly timeout?: number;
  readonly mismatchPolicy?: string;
  readonly acceptSelfSignedCertificate?: boolean;
  readonly allowPlain?: boolean;
  readonly stopOnEntry?: boolean;
  readonly [attribute: string]: unknown;
}

/** Where the current target sends clients, and how receives match (the settings a run would use), as launch attributes. */
export function targetAttributes(
  target: ServerTarget,
  targets: TargetList,
): Pick<ScansionLaunchConfiguration, "host" | "port" | "timeout" | "mismatchPolicy" | "acceptSelfSignedCertificate" | "allowPlain"> {
  const settings = runSettingsFor(target, targets);
  return {
    ...(settings.host !== undefined ? { host: settings.host } : {}),
    ...(settings.port !== undefined ? { port: settings.port } : {}),
    timeout: settings.receiveTimeoutMs,
    mismatchPolicy: settings.mismatchPolicy,
    // Only when on: a configuration completed for F5 stays as short as the user's.
    ...(settings.acceptSelfSignedCertificate ? { acceptSelfSignedCertificate: true } : {}),
    ...(settings.allowPlainOnNonLoopback ? { allowPlain: true } : {}),
  };
}

/** The configuration that debugs one spec file against a target. */
export function launchConfigurationFor(program: string, specName: string, target: ServerTarget, targets: TargetList): ScansionLaunchConfiguration {
  return { type: DEBUG_TYPE, request: "launch", name: `Debug ${specName}`, program, ...targetAttributes(target, targets) };
}

/**
 * What VS Code gets back from resolveDebugConfiguration: the configuration
 * with the spec and the target filled in where it says nothing, or one line
 * saying why it cannot start.
 */
export function completeLaunchConfiguration(
  written: Readonly<Record<string, unknown>>,
  activeSpecFile: string | undefined,
  target: ServerTarget,
  targets: TargetList,
): { readonly configuration: ScansionLaunchConfiguration } | { readonly error: string } {
  // F5 without a launch.json: VS Code passes an empty configuration.
  const isEmpty = written.type === undefined && written.request === undefined && written.name === undefined;
  const program = written.program ?? (isEmpty ? activeSpecFile : undefined) ?? "${file}";
  if (isEmpty && activeSpecFile === undefined) {
    return { error: "Open a scansion spec (.scs) to debug it, or add a launch configuration of type \"scansion\" with its \"program\"." };
  }
  if (written.request !== undefined && written.request !== "launch") {
    return { error: `A scansion debug session can only be launched ("request": "launch"), not "${String(written.request)}".` };
  }
  // A Prosody target's server exists only during a Test Explorer run (which also debugs, through its Debug profile).
  if (startsProsody(target) && written.host === undefined && written.port === undefined) {
    return { error: `The current target "${target.name}" starts its Prosody for Test Explorer runs: debug the spec with its "Debug spec" lens or the Test Explorer's Debug profile, or give "host" and "port" in the launch configuration.` };
  }
  const configuration: ScansionLaunchConfiguration = {
    ...targetAttributes(target, targets),
    ...written,
    type: DEBUG_TYPE,
    request: "launch",
    name: typeof written.name === "string" ? written.name : "Debug spec",
    program: typeof program === "string" ? program : String(program),
  };
  return { configuration };
}

/** The configurations a new launch.json starts with. */
export function initialConfigurations(): ScansionLaunchConfiguration[] {
  return [{ type: DEBUG_TYPE, request: "launch", name: "Debug the current spec", program: "${file}", stopOnEntry: true }];
}
