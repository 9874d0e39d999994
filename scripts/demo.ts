/**
 * `npm run demo`: the members-only deregister spec from Prosody's suite
 * (testFixture/specs/) against a throwaway local Prosody, with the transcript.
 */
import { join } from "node:path";
import { ROOT, runCliAgainstProsody } from "./withProsody";

const spec = join(ROOT, "testFixture", "specs", "muc_members_only_deregister.scs");
runCliAgainstProsody(["--verbose", spec]).then((code) => { process.exitCode = code; });
