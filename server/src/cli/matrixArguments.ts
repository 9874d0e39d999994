/**
 * The options of a run over several targets, known failures and flaky specs (issue 19), kept
 * apart from arguments.ts: --targets, --target, --expectations, --strict-expectations,
 * --update-expectations, --retries, --repeat.
 */
export interface MatrixCliOptions {
  /** --targets: the file of named targets; undefined: one target from --host/--port/--prosody-config. */
  readonly targetsFile: string | undefined;
  /** --target (repeatable): only these targets of the file. */
  readonly targetNames: readonly string[];
  readonly expectationsFile: string | undefined;
  readonly strictExpectations: boolean;
  readonly updateExpectationsFile: string | undefined;
  /** How many more times a failed spec runs. */
  readonly retries: number;
  /** How many times each spec runs. */
  readonly repeat: number;
}

/** parseArgs options for this block. */
export const MATRIX_ARGUMENTS = {
  targets: { type: "string" },
  target: { type: "string", multiple: true },
  expectations: { type: "string" },
  "strict-expectations": { type: "boolean" },
  "update-expectations": { type: "string" },
  retries: { type: "string" },
  repeat: { type: "string" },
} as const;

export const MATRIX_USAGE = `      --targets <file>       run on every named target of the file (a JSON list shaped like the
                             scansion.targets setting, or a settings file holding it): a server
                             someone runs {name, host, port}, a throwaway Prosody {name, prosody:
                             {config, executable?}} or ejabberd {name, ejabberd: {config?}}; paths
                             relative to the file. Specs × targets share --jobs
      --target <name>        only this target of --targets (repeatable)
      --expectations <file>  known failures (target → spec path → difference): they do not fail the run
      --strict-expectations  a known failure that passes now fails the run
      --update-expectations <file>
                             write the run's failures as known failures
      --retries <n>          run a failed spec again, on a fresh server, up to n times (passing then: flaky)
      --repeat <n>           run each spec n times (to find flaky ones)`;

interface MatrixValues {
  readonly targets?: string | undefined;
  readonly target?: string[] | undefined;
  readonly expectations?: string | undefined;
  readonly "strict-expectations"?: boolean | undefined;
  readonly "update-expectations"?: string | undefined;
  readonly retries?: string | undefined;
  readonly repeat?: string | undefined;
}

/** The block's options, or a one-line usage error. `single` names a single-server option given (--host, --port, --prosody-config). */
export function parseMatrixArguments(values: MatrixValues, single: string | undefined): MatrixCliOptions | string {
  const count = (name: string, text: string | undefined, fallback: number, least: number): number | string => {
    if (text === undefined) return fallback;
    const value = Number(text);
    return /^\d+$/.test(text.trim()) && Number.isSafeInteger(value) && value >= least ? value : `${name} expects a whole number of at least ${least}, not "${text}"`;
  };
  const retries = count("--retries", values.retries, 0, 0);
  if (typeof retries === "string") return retries;
  const repeat = count("--repeat", values.repeat, 1, 1);
  if (typeof repeat === "string") return repeat;
  const targetsFile = values.targets;
  if (targetsFile !== undefined && targetsFile.trim() === "") return "--targets must name a file";
  if (targetsFile !== undefined && single !== undefined) return `--targets names the servers: leave out ${single}`;
  if (values.target !== undefined && targetsFile === undefined) return "--target needs --targets";
  for (const name of ["expectations", "update-expectations"] as const) {
    if (values[name] !== undefined && targetsFile === undefined) return `--${name} needs --targets (known failures are kept per target)`;
    if (values[name] !== undefined && values[name].trim() === "") return `--${name} must name a file`;
  }
  if (values["strict-expectations"] && values.expectations === undefined) return "--strict-expectations needs --expectations";
  return {
    targetsFile,
    targetNames: values.target ?? [],
    expectationsFile: values.expectations,
    strictExpectations: values["strict-expectations"] ?? false,
    updateExpectationsFile: values["update-expectations"],
    retries,
    repeat,
  };
}
