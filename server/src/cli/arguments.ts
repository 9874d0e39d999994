/**
 * Command-line arguments of `scansion-run`, parsed into typed options.
 * Kept apart from main.ts so that it can be tested without running anything.
 */
import { parseArgs } from "node:util";
import { parseShard, type Shard } from "../runner/specFiles";
import { DEFAULT_RUN_SETTINGS, type MismatchPolicy, type RunSettings } from "../runner/settings";
import { MATRIX_ARGUMENTS, MATRIX_USAGE, parseMatrixArguments, type MatrixCliOptions } from "./matrixArguments";

export type ReporterName = "pretty" | "json" | "junit" | "tap" | "html" | "github";
const REPORTERS: readonly ReporterName[] = ["pretty", "json", "junit", "tap", "html", "github"];
const POLICIES: readonly MismatchPolicy[] = ["strict-sequence", "skip-unmatched"];

export interface CliOptions {
  readonly paths: readonly string[];
  readonly settings: RunSettings;
  readonly onlyTags: readonly string[];
  readonly skipTags: readonly string[];
  readonly reporter: ReporterName;
  readonly output: string | undefined;
  readonly bail: boolean;
  readonly shard: Shard | undefined;
  readonly verbose: boolean;
  readonly color: boolean | undefined;
  /** --prosody-config: start a throwaway Prosody with this config (unchanged) for the run. */
  readonly prosodyConfig: string | undefined;
  /** --prosody: the Prosody launcher for --prosody-config. */
  readonly prosodyExecutable: string | undefined;
  /** --prosody-module: the module folder to load, when the specs' layout does not show it (moduleTarget.ts). */
  readonly prosodyModule: string | undefined;
  /** --jobs: how many specs run at once; undefined when not given (main.ts picks the default). */
  readonly jobs: number | undefined;
  /** --coverage: write the Lua lines the run's Prosody servers ran to this LCOV file (main.ts checks the run starts them). */
  readonly coverage: string | undefined;
  // Several targets, known failures, flaky specs (issue 19): matrixArguments.ts.
  readonly matrix: MatrixCliOptions;
}

/** `--check`: the editor's diagnostics for these specs, with no server. */
export interface CheckOptions {
  readonly paths: readonly string[];
}

/** --coverage against a server the run does not start (said here for --host/--port, by main.ts for the rest). */
export const COVERAGE_NEEDS_OWN_SERVER = "--coverage needs a server the run starts (--prosody-config, or a module's specs): the Lua lines of a server someone else runs cannot be counted";

export type CliCommand =
  | { readonly kind: "run"; readonly options: CliOptions }
  | { readonly kind: "check"; readonly options: CheckOptions }
  | { readonly kind: "help" }
  | { readonly kind: "version" }
  | { readonly kind: "usage-error"; readonly message: string };

export const USAGE = `Usage: scansion-run [options] <file.scs | directory>...
       scansion-run --check <file.scs | directory>...

Runs scansion specs against an XMPP server and reports which passed. The flags of the
scansion tool itself work too: scansion-run -d <directory>, scansion-run -h <host> <files>, -v.

Options:
      --check                check the specs as the editor does, with no server: one line per
                             problem, path:line:column: error|warning: message [code]; exit 1
                             when there is an error (VS Code problem matcher: $scansion)
  -d, --dir <directory>      run every *.scs below the directory (repeatable)
  -h, --host <host>          connect every client to this host (default: connect_host or the JID's domain)
      --port <port>          connect every client to this port (default: connect_port or 5222)
      --prosody-config <file>
                             start a throwaway Prosody with this config, unchanged, on free loopback
                             ports for the run, and stop it afterwards
      --prosody <executable> the Prosody to start (default: ./prosody of the built source tree the
                             config lies in, else prosody on PATH)
      --prosody-module <folder>
                             run a community module's specs on a throwaway Prosody with this module
                             loaded (found by itself for specs in mod_<name>/tests or
                             mod_<name>/spec/scansion): the generated config, or the prosody.cfg.lua
                             beside the specs
      --coverage <file.lcov> write the Lua lines the run's Prosody servers ran (a run that starts them:
                             --prosody-config, a module's specs) as LCOV, and a summary per folder
      --jobs <n>             run n specs at a time. With --prosody-config (default: the number of
                             CPUs) every spec gets a fresh server of its own, so the results are
                             the sequential run's; against --host/--port (default 1) the specs
                             share one server and its accounts
      --timeout <ms>         how long a receive waits for its stanza (default ${DEFAULT_RUN_SETTINGS.receiveTimeoutMs})
      --quiet-period <ms>    how long "receives: nothing" listens after the ping barrier (default ${DEFAULT_RUN_SETTINGS.quietPeriodMs})
      --mismatch <policy>    skip-unmatched (default: pass over stanzas that do not match until one does)
                             or strict-sequence (the next stanza must match)
      --only-tags <tags>     run only specs with one of these ## tags (comma separated, repeatable)
      --skip-tags <tags>     skip specs with any of these ## tags (comma separated, repeatable)
      --reporter <name>      pretty (default), json, junit, tap, html (one self-contained page: totals,
                             the slowest specs, a sequence diagram per spec, a failure's diff and server log)
                             or github (pretty, then GitHub Actions annotations, and a summary appended
                             to $GITHUB_STEP_SUMMARY)
      --output <file>        write the report to a file (the pretty progress still goes to stdout)
${MATRIX_USAGE}
      --bail                 stop after the first failing spec
      --shard <i/n>          run only the i-th of n round-robin shards of the sorted spec list
  -v, --verbose              print the transcript: every stanza sent and received
      --allow-plain          allow SASL PLAIN without TLS to non-loopback servers
      --accept-self-signed   accept a self-signed TLS certificate
      --no-color             never colour the output
  -h, --help                 show this help (-h with a value is the host, as in scansion)
      --version              show the version

Exit status: 0 all specs passed, 1 a spec failed, 2 a usage or infrastructure problem.`;

function positiveInteger(name: string, text: string | undefined, fallback: number): number | string {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) return `${name} expects a positive whole number, not "${text}"`;
  return value;
}

function splitTags(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((value) => value.split(",")).map((tag) => tag.trim()).filter((tag) => tag.length > 0);
}

/** parseArgs messages can span lines and add advice about `--`; a usage error is one line. */
function firstSentence(message: string): string {
  return (message.split("\n")[0] ?? "").replace(/\.(\s.*)?$/, "");
}

/**
 * scansion's own `-h <host>`: `-h` followed by a value that is not an option names the host;
 * `-h` alone (or before another option) asks for help. Returns the arguments with `-h <host>`
 * spelt `--host <host>`, or a usage error for `-h <file.scs>` (a host that is surely a spec).
 */
function scansionHostFlag(argv: readonly string[]): string[] | { readonly error: string } {
  const result: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === "--") {
      result.push(...argv.slice(i));
      break;
    }
    const value = argv[i + 1];
    if (argument !== "-h" || value === undefined || value.startsWith("-")) {
      result.push(argument);
      continue;
    }
    if (value.endsWith(".scs")) return { error: `-h takes the host to connect to, not the spec "${value}" (for help: --help)` };
    result.push("--host", value);
    i++;
  }
  return result;
}

export function parseCliArguments(argv: readonly string[]): CliCommand {
  const args = scansionHostFlag(argv);
  if ("error" in args) return { kind: "usage-error", message: args.error };
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        dir: { type: "string", short: "d", multiple: true },
        host: { type: "string" },
        check: { type: "boolean" },
        port: { type: "string" },
        "prosody-config": { type: "string" },
        prosody: { type: "string" },
        "prosody-module": { type: "string" },
        timeout: { type: "string" },
        "quiet-period": { type: "string" },
        mismatch: { type: "string" },
        "only-tags": { type: "string", multiple: true },
        "skip-tags": { type: "string", multiple: true },
        reporter: { type: "string" },
        output: { type: "string" },
        bail: { type: "boolean" },
        shard: { type: "string" },
        jobs: { type: "string" },
        coverage: { type: "string" },
        verbose: { type: "boolean", short: "v" },
        "allow-plain": { type: "boolean" },
        "accept-self-signed": { type: "boolean" },
        color: { type: "boolean" },
        "no-color": { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean" },
        // Several targets, known failures, flaky specs (issue 19).
        ...MATRIX_ARGUMENTS,
      },
    });
  } catch (error) {
    return { kind: "usage-error", message: firstSentence(error instanceof Error ? error.message : String(error)) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };

  const paths = [...(values.dir ?? []), ...positionals];
  if (paths.length === 0) return { kind: "usage-error", message: "no spec given: name .scs files or directories" };
  if (values.check) return { kind: "check", options: { paths } };

  const port = positiveInteger("--port", values.port, 0);
  if (typeof port === "string") return { kind: "usage-error", message: port };
  if (values.port !== undefined && port > 65535) return { kind: "usage-error", message: `--port must be at most 65535, not ${port}` };
  const timeout = positiveInteger("--timeout", values.timeout, DEFAULT_RUN_SETTINGS.receiveTimeoutMs);
  if (typeof timeout === "string") return { kind: "usage-error", message: timeout };
  const quietPeriod = positiveInteger("--quiet-period", values["quiet-period"], DEFAULT_RUN_SETTINGS.quietPeriodMs);
  if (typeof quietPeriod === "string") return { kind: "usage-error", message: quietPeriod };

  const reporter = (values.reporter ?? "pretty") as ReporterName;
  if (!REPORTERS.includes(reporter)) return { kind: "usage-error", message: `--reporter must be one of ${REPORTERS.join(", ")}, not "${values.reporter}"` };
  // The pretty reporter only writes progress to stdout: --output alone would silently write nothing.
  if (values.output !== undefined && (reporter === "pretty" || reporter === "github")) return { kind: "usage-error", message: "--output needs --reporter json, junit, tap or html" };
  const mismatch = (values.mismatch ?? DEFAULT_RUN_SETTINGS.mismatchPolicy) as MismatchPolicy;
  if (!POLICIES.includes(mismatch)) return { kind: "usage-error", message: `--mismatch must be one of ${POLICIES.join(", ")}, not "${values.mismatch}"` };

  let shard: Shard | undefined;
  if (values.shard !== undefined) {
    const parsedShard = parseShard(values.shard);
    if (typeof parsedShard === "string") return { kind: "usage-error", message: parsedShard };
    shard = parsedShard;
  }
  if (values.host !== undefined && values.host.trim() === "") return { kind: "usage-error", message: "--host must not be empty" };
  const prosodyConfig = values["prosody-config"];
  if (prosodyConfig !== undefined) {
    if (prosodyConfig.trim() === "") return { kind: "usage-error", message: "--prosody-config must name a file" };
    if (values.host !== undefined || values.port !== undefined) return { kind: "usage-error", message: "--prosody-config starts its own server: leave out --host and --port" };
  }
  // A module run (--prosody-module, or specs in a module's checkout: moduleTarget.ts) starts its own Prosody too.
  const prosodyModule = values["prosody-module"];
  if (prosodyModule !== undefined) {
    if (prosodyModule.trim() === "") return { kind: "usage-error", message: "--prosody-module must name a module folder" };
    if (values.host !== undefined || values.port !== undefined) return { kind: "usage-error", message: "--prosody-module starts its own server: leave out --host and --port" };
  }
  if (values.prosody !== undefined && (values.host !== undefined || values.port !== undefined)) return { kind: "usage-error", message: "--prosody starts its own server: leave out --host and --port" };
  if (values.coverage !== undefined) {
    if (values.coverage.trim() === "") return { kind: "usage-error", message: "--coverage must name a file" };
    if (values.host !== undefined || values.port !== undefined) return { kind: "usage-error", message: COVERAGE_NEEDS_OWN_SERVER };
  }
  const jobs = values.jobs === undefined ? undefined : positiveInteger("--jobs", values.jobs, 1);
  if (typeof jobs === "string") return { kind: "usage-error", message: jobs };
  // Several targets, known failures, flaky specs (issue 19).
  const single = values.host !== undefined ? "--host" : values.port !== undefined ? "--port" : prosodyConfig !== undefined ? "--prosody-config"
    : prosodyModule !== undefined ? "--prosody-module" : values.prosody !== undefined ? "--prosody" : undefined;
  const matrix = parseMatrixArguments(values, single);
  if (typeof matrix === "string") return { kind: "usage-error", message: matrix };
  if (values.coverage !== undefined && matrix.targetsFile !== undefined) return { kind: "usage-error", message: "--coverage counts the lines of one Prosody: leave out --targets and name it with --prosody-config" };

  return {
    kind: "run",
    options: {
      paths,
      settings: {
        ...DEFAULT_RUN_SETTINGS,
        ...(values.host !== undefined ? { host: values.host.trim() } : {}),
        ...(values.port !== undefined ? { port } : {}),
        receiveTimeoutMs: timeout,
        quietPeriodMs: quietPeriod,
        mismatchPolicy: mismatch,
        allowPlainOnNonLoopback: values["allow-plain"] ?? false,
        acceptSelfSignedCertificate: values["accept-self-signed"] ?? false,
      },
      onlyTags: splitTags(values["only-tags"]),
      skipTags: splitTags(values["skip-tags"]),
      reporter,
      output: values.output,
      bail: values.bail ?? false,
      shard,
      verbose: values.verbose ?? false,
      color: values["no-color"] ? false : values.color,
      prosodyConfig,
      prosodyExecutable: values.prosody,
      prosodyModule,
      jobs,
      coverage: values.coverage,
      matrix,
    },
  };
}
