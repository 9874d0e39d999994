/**
 * Test helper: the real specs the feature tests run over — the fixtures in
 * testFixture/ and, when present on this machine, the Prosody conformance specs.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export interface SampleSpec {
  /** Where it came from, for test names: "testFixture/basic.scs". */
  readonly name: string;
  readonly text: string;
}

const repositoryRoot = resolve(__dirname, "../../..");
export const FIXTURE_DIRECTORY = join(repositoryRoot, "testFixture");
/** Next to the repository on the development machines; absent elsewhere (the tests then skip). */
export const CONFORMANCE_DIRECTORY = join(repositoryRoot, "../shared/conformance/prosody-0.12.3/specs");

function specsIn(directory: string, label: string): SampleSpec[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((entry) => entry.endsWith(".scs"))
    .sort()
    .map((entry) => ({ name: `${label}/${entry}`, text: readFileSync(join(directory, entry), "utf8") }));
}

/** Fixture specs followed by conformance specs; empty when neither directory exists. */
export function sampleSpecs(): SampleSpec[] {
  return [...specsIn(FIXTURE_DIRECTORY, "testFixture"), ...specsIn(CONFORMANCE_DIRECTORY, "conformance")];
}

/** The conformance specs alone (names are file names); undefined when ../shared is not on this machine. */
export function conformanceSpecs(): SampleSpec[] | undefined {
  if (!existsSync(CONFORMANCE_DIRECTORY)) return undefined;
  return specsIn(CONFORMANCE_DIRECTORY, "").map((spec) => ({ ...spec, name: spec.name.slice(1) }));
}

/** Every spec anywhere under testFixture/ and ../shared/conformance (both Prosody versions), in path order. */
export function everySpec(): SampleSpec[] {
  const found: SampleSpec[] = [];
  const walk = (directory: string, label: string) => {
    if (!existsSync(directory)) return;
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) walk(path, `${label}/${entry.name}`);
      else if (entry.name.endsWith(".scs")) found.push({ name: `${label}/${entry.name}`, text: readFileSync(path, "utf8") });
    }
  };
  walk(FIXTURE_DIRECTORY, "testFixture");
  walk(join(repositoryRoot, "../shared/conformance"), "conformance");
  return found;
}
