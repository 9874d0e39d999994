import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseCliArguments, USAGE, type CliOptions } from "./arguments";
import { DEFAULT_RUN_SETTINGS } from "../runner/settings";

/** Parses arguments that must give a run, and returns its options. */
function runOptions(...argv: string[]): CliOptions {
  const command = parseCliArguments(argv);
  assert.equal(command.kind, "run", `expected a run, got ${JSON.stringify(command)}`);
  return command.kind === "run" ? command.options : assert.fail("unreachable");
}

/** Parses arguments that must be refused, and returns the message. */
function usageError(...argv: string[]): string {
  const command = parseCliArguments(argv);
  assert.equal(command.kind, "usage-error", `expected a usage error, got ${JSON.stringify(command)}`);
  const message = command.kind === "usage-error" ? command.message : assert.fail("unreachable");
  assert.ok(message.length > 0, "the message is not empty");
  assert.doesNotMatch(message, /\n/, "the message is one line");
  return message;
}

describe("parseCliArguments", () => {
  describe("defaults", () => {
    it("runs the named spec with the shared default settings and the pretty reporter", () => {
      const options = runOptions("a.scs");
      assert.deepEqual(options, {
        paths: ["a.scs"],
        settings: DEFAULT_RUN_SETTINGS,
        onlyTags: [],
        skipTags: [],
        reporter: "pretty",
        output: undefined,
        bail: false,
        shard: undefined,
        verbose: false,
        color: undefined,
        prosodyConfig: undefined,
        prosodyExecutable: undefined,
        prosodyModule: undefined,
        jobs: undefined,
        coverage: undefined,
        matrix: { targetsFile: undefined, targetNames: [], expectationsFile: undefined, strictExpectations: false, updateExpectationsFile: undefined, retries: 0, repeat: 1 },
      });
    });

    it("passes over unmatched stanzas by default (skip-unmatched)", () => {
      assert.equal(runOptions("a.scs").settings.mismatchPolicy, "skip-unmatched");
    });

    it("leaves host and port to each client when not given", () => {
      const { settings } = runOptions("a.scs");
      assert.equal(settings.host, undefined);
      assert.equal(settings.port, undefined);
    });
  });

  describe("paths", () => {
    it("keeps every positional path in order", () => {
      assert.deepEqual(runOptions("b.scs", "specs", "a.scs").paths, ["b.scs", "specs", "a.scs"]);
    });

    it("takes directories from repeated --dir and -d, before positional paths", () => {
      assert.deepEqual(runOptions("x.scs", "--dir", "one", "-d", "two").paths, ["one", "two", "x.scs"]);
    });

    it("treats everything after -- as a path, even when it looks like a flag", () => {
      assert.deepEqual(runOptions("--", "--odd.scs").paths, ["--odd.scs"]);
    });
  });

  describe("connection flags", () => {
    it("sets host and port for every client", () => {
      const { settings } = runOptions("--host", "xmpp.example", "--port", "15222", "a.scs");
      assert.equal(settings.host, "xmpp.example");
      assert.equal(settings.port, 15222);
    });

    it("accepts the --flag=value form", () => {
      const { settings } = runOptions("--host=127.0.0.1", "--port=5223", "a.scs");
      assert.equal(settings.host, "127.0.0.1");
      assert.equal(settings.port, 5223);
    });

    it("accepts the highest port, 65535", () => {
      assert.equal(runOptions("--port", "65535", "a.scs").settings.port, 65535);
    });

    it("sets the receive timeout and the quiet period in milliseconds", () => {
      const { settings } = runOptions("--timeout", "250", "--quiet-period", "40", "a.scs");
      assert.equal(settings.receiveTimeoutMs, 250);
      assert.equal(settings.quietPeriodMs, 40);
    });

    it("chooses either mismatch policy", () => {
      assert.equal(runOptions("--mismatch", "strict-sequence", "a.scs").settings.mismatchPolicy, "strict-sequence");
      assert.equal(runOptions("--mismatch", "skip-unmatched", "a.scs").settings.mismatchPolicy, "skip-unmatched");
    });

    it("allows plain authentication and self-signed certificates only when asked", () => {
      const asked = runOptions("--allow-plain", "--accept-self-signed", "a.scs").settings;
      assert.equal(asked.allowPlainOnNonLoopback, true);
      assert.equal(asked.acceptSelfSignedCertificate, true);
      const notAsked = runOptions("a.scs").settings;
      assert.equal(notAsked.allowPlainOnNonLoopback, false);
      assert.equal(notAsked.acceptSelfSignedCertificate, false);
    });

    it("keeps the connect timeout of the shared defaults", () => {
      assert.equal(runOptions("--timeout", "9", "a.scs").settings.connectTimeoutMs, DEFAULT_RUN_SETTINGS.connectTimeoutMs);
    });
  });

  describe("tags", () => {
    it("splits comma-separated tags and trims them", () => {
      assert.deepEqual(runOptions("--only-tags", "muc, mam ,", "a.scs").onlyTags, ["muc", "mam"]);
    });

    it("collects repeated --only-tags and --skip-tags", () => {
      const options = runOptions("--only-tags", "muc", "--only-tags", "pep,mam", "--skip-tags", "slow", "--skip-tags", "area: s2s", "a.scs");
      assert.deepEqual(options.onlyTags, ["muc", "pep", "mam"]);
      assert.deepEqual(options.skipTags, ["slow", "area: s2s"]);
    });
  });

  describe("output flags", () => {
    for (const reporter of ["pretty", "json", "junit", "tap"] as const) {
      it(`chooses the ${reporter} reporter`, () => {
        assert.equal(runOptions("--reporter", reporter, "a.scs").reporter, reporter);
      });
    }

    it("writes the report to --output", () => {
      assert.equal(runOptions("--reporter", "json", "--output", "report.json", "a.scs").output, "report.json");
    });

    it("sets --bail and --verbose", () => {
      const options = runOptions("--bail", "--verbose", "a.scs");
      assert.equal(options.bail, true);
      assert.equal(options.verbose, true);
    });

    it("takes --jobs n, and leaves the default to the run when it is not given", () => {
      assert.equal(runOptions("--jobs", "3", "a.scs").jobs, 3);
      assert.equal(runOptions("a.scs").jobs, undefined);
    });

    it("parses --shard i/n", () => {
      assert.deepEqual(runOptions("--shard", "2/3", "a.scs").shard, { index: 2, count: 3 });
    });

    it("forces colour on with --color and off with --no-color, and --no-color wins", () => {
      assert.equal(runOptions("--color", "a.scs").color, true);
      assert.equal(runOptions("--no-color", "a.scs").color, false);
      assert.equal(runOptions("--color", "--no-color", "a.scs").color, false);
    });
  });

  describe("help and version", () => {
    it("answers --help and -h, even without paths", () => {
      assert.deepEqual(parseCliArguments(["--help"]), { kind: "help" });
      assert.deepEqual(parseCliArguments(["-h"]), { kind: "help" });
    });

    it("answers --version", () => {
      assert.deepEqual(parseCliArguments(["--version"]), { kind: "version" });
    });

    it("still answers -h followed by another option with help", () => {
      assert.deepEqual(parseCliArguments(["-h", "--verbose"]), { kind: "help" });
    });
  });

  describe("scansion's own flags (scansion -d <dir>, scansion -h <host> <files>, -v)", () => {
    it("takes -h with a value as the host to connect to, as scansion does", () => {
      const options = runOptions("-h", "xmpp.example", "a.scs", "b.scs");
      assert.equal(options.settings.host, "xmpp.example");
      assert.deepEqual(options.paths, ["a.scs", "b.scs"]);
    });

    it("takes -v as --verbose", () => {
      assert.equal(runOptions("-v", "a.scs").verbose, true);
      assert.equal(runOptions("-v", "-d", "spec/scansion").verbose, true);
    });

    it("takes -d as a folder of specs, with -h and -v together", () => {
      const options = runOptions("-d", "spec/scansion", "-h", "localhost", "-v");
      assert.deepEqual([options.paths, options.settings.host, options.verbose], [["spec/scansion"], "localhost", true]);
    });

    it("refuses -h followed by a spec file, which cannot be a host", () => {
      assert.match(usageError("-h", "basic.scs"), /-h takes the host to connect to, not the spec "basic\.scs" \(for help: --help\)/);
    });

    it("leaves -h after -- alone", () => {
      assert.deepEqual(runOptions("--", "-h").paths, ["-h"]);
    });
  });

  describe("--check", () => {
    it("checks the named files and folders, with no server", () => {
      assert.deepEqual(parseCliArguments(["--check", "a.scs", "-d", "specs"]), { kind: "check", options: { paths: ["specs", "a.scs"] } });
    });

    it("needs a path", () => {
      assert.match(usageError("--check"), /no spec given/);
    });

    it("documents every flag and the exit statuses in the usage text", () => {
      for (const flag of ["--dir", "--host", "--port", "--timeout", "--quiet-period", "--mismatch", "--only-tags", "--skip-tags",
        "--reporter", "--output", "--bail", "--shard", "--jobs", "--verbose", "--allow-plain", "--accept-self-signed", "--no-color", "--help", "--version",
        "--check", "-h, --host", "-v, --verbose", "-d, --dir"]) {
        assert.ok(USAGE.includes(flag), `USAGE mentions ${flag}`);
      }
      assert.match(USAGE, /Exit status: 0 .*1 .*2 /);
    });
  });

  describe("usage errors, each one line", () => {
    it("refuses an unknown flag and names it", () => {
      assert.match(usageError("--frobnicate", "a.scs"), /--frobnicate/);
    });

    it("refuses a flag that needs a value but has none", () => {
      assert.match(usageError("a.scs", "--port"), /--port/);
    });

    it("refuses a value for a flag that takes none", () => {
      assert.match(usageError("--bail=yes", "a.scs"), /--bail/);
    });

    it("refuses a run without any spec path", () => {
      assert.match(usageError(), /no spec/);
      assert.match(usageError("--verbose", "--reporter", "json"), /no spec/);
    });

    for (const port of ["abc", "0", "-1", "1.5", "65536", "", "80x"]) {
      it(`refuses --port ${JSON.stringify(port)}`, () => {
        assert.match(usageError(`--port=${port}`, "a.scs"), /--port/);
      });
    }

    for (const timeout of ["soon", "0", "2.5", "1e3"]) {
      it(`refuses --timeout ${JSON.stringify(timeout)}`, () => {
        assert.match(usageError("--timeout", timeout, "a.scs"), /--timeout/);
      });
    }

    for (const jobs of ["0", "-2", "1.5", "all"]) {
      it(`refuses --jobs ${JSON.stringify(jobs)}`, () => {
        assert.match(usageError(`--jobs=${jobs}`, "a.scs"), /--jobs expects a positive whole number/);
      });
    }

    it("refuses a quiet period that is not a positive whole number", () => {
      assert.match(usageError("--quiet-period", "-5", "a.scs"), /--quiet-period/);
    });

    for (const shard of ["1", "0/2", "3/2", "1/0", "a/b", "1/2/3"]) {
      it(`refuses --shard ${JSON.stringify(shard)}`, () => {
        assert.match(usageError("--shard", shard, "a.scs"), /--shard/);
      });
    }

    it("refuses an unknown reporter and lists the known ones", () => {
      const message = usageError("--reporter", "xml", "a.scs");
      assert.match(message, /--reporter/);
      assert.match(message, /pretty, json, junit, tap/);
      assert.match(message, /"xml"/);
    });

    it("refuses an unknown mismatch policy and lists the known ones", () => {
      const message = usageError("--mismatch", "lenient", "a.scs");
      assert.match(message, /--mismatch/);
      assert.match(message, /strict-sequence/);
      assert.match(message, /skip-unmatched/);
    });

    it("refuses --output without a report to write (the pretty reporter only writes progress)", () => {
      assert.match(usageError("--output", "report.txt", "a.scs"), /--output needs --reporter/);
      assert.match(usageError("--reporter", "pretty", "--output", "report.txt", "a.scs"), /--output/);
    });

    it("refuses an empty --host", () => {
      assert.match(usageError("--host", " ", "a.scs"), /--host/);
    });

    it("refuses --coverage against --host/--port (a server the run does not start), and an empty --coverage", () => {
      assert.match(usageError("--host", "localhost", "--coverage", "out.lcov", "a.scs"), /--coverage needs a server the run starts/);
      assert.match(usageError("--port", "5222", "--coverage", "out.lcov", "a.scs"), /--coverage needs a server the run starts/);
      assert.match(usageError("--prosody-config", "p.cfg.lua", "--coverage", "", "a.scs"), /--coverage must name a file/);
    });

    it("takes --prosody-module and --prosody for a module run, never with --host or --port", () => {
      const options = runOptions("--prosody-module", "mod_hello", "--prosody", "/usr/bin/prosody", "mod_hello/tests");
      assert.equal(options.prosodyModule, "mod_hello");
      assert.equal(options.prosodyExecutable, "/usr/bin/prosody");
      assert.match(usageError("--prosody-module", "mod_hello", "--port", "5222", "a.scs"), /--prosody-module starts its own server: leave out --host and --port/);
      assert.match(usageError("--prosody", "/usr/bin/prosody", "--host", "example.org", "a.scs"), /--prosody starts its own server/);
      assert.match(usageError("--prosody-module", " ", "a.scs"), /--prosody-module must name a module folder/);
    });
  });

  describe("--coverage", () => {
    it("names the LCOV file of a run", () => {
      assert.equal(runOptions("--prosody-config", "p.cfg.lua", "--coverage", "out.lcov", "a.scs").coverage, "out.lcov");
    });
  });
});

describe("the options of several targets, known failures and flaky specs", () => {
  const usageError = (...argv: string[]) => {
    const command = parseCliArguments(argv);
    return command.kind === "usage-error" ? command.message : undefined;
  };
  it("reads --targets, repeated --target, the expectations files, --retries and --repeat", () => {
    const command = parseCliArguments(["--targets", "t.json", "--target", "a", "--target", "b", "--expectations", "k.json", "--strict-expectations",
      "--update-expectations", "new.json", "--retries", "2", "--repeat", "3", "--reporter", "github", "a.scs"]);
    assert.equal(command.kind, "run");
    if (command.kind !== "run") return;
    assert.deepEqual(command.options.matrix, { targetsFile: "t.json", targetNames: ["a", "b"], expectationsFile: "k.json", strictExpectations: true, updateExpectationsFile: "new.json", retries: 2, repeat: 3 });
    assert.equal(command.options.reporter, "github");
  });
  it("refuses what cannot go together, in one line", () => {
    assert.equal(usageError("--target", "a", "a.scs"), "--target needs --targets");
    assert.equal(usageError("--targets", "t.json", "--prosody-config", "p.lua", "a.scs"), "--targets names the servers: leave out --prosody-config");
    assert.equal(usageError("--expectations", "k.json", "a.scs"), "--expectations needs --targets (known failures are kept per target)");
    assert.equal(usageError("--targets", "t.json", "--strict-expectations", "a.scs"), "--strict-expectations needs --expectations");
    assert.equal(usageError("--retries=-1", "a.scs"), '--retries expects a whole number of at least 0, not "-1"');
    assert.equal(usageError("--repeat", "0", "a.scs"), '--repeat expects a whole number of at least 1, not "0"');
    assert.equal(usageError("--reporter", "github", "--output", "x", "a.scs"), "--output needs --reporter json, junit, tap or html");
  });
});
