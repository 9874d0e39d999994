// A throwaway Prosody that requires STARTTLS with a self-signed certificate for "localhost"
// (testFixture/prosody/prosody-starttls.cfg.lua), like a development server in its default
// setup: for the tests of certificate handling in the runner and in the editor's targets.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { projectProsodyConfig, startProsody, type ThrowawayProsody } from "./throwawayProsody";

/** Starts it; stop() also removes the certificate. Needs `openssl` and Prosody. */
export async function startStarttlsProsody(): Promise<ThrowawayProsody> {
  const certificates = fs.mkdtempSync(path.join(os.tmpdir(), "scansion-tls-"));
  fs.chmodSync(certificates, 0o755); // readable by the prosody user
  const key = path.join(certificates, "localhost.key");
  const certificate = path.join(certificates, "localhost.crt");
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
      "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", certificate], { stdio: "ignore" });
    fs.chmodSync(key, 0o644);
    const prosody = await startProsody({
      configPath: path.join(path.dirname(projectProsodyConfig()), "prosody-starttls.cfg.lua"),
      env: { SCS_TLS_CERTIFICATE: certificate, SCS_TLS_KEY: key },
    });
    return {
      ...prosody,
      stop: async () => {
        await prosody.stop();
        fs.rmSync(certificates, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(certificates, { recursive: true, force: true });
    throw error;
  }
}
