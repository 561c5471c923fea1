// A throwaway self-signed TLS certificate for 127.0.0.1/localhost, generated at test time with openssl.
import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";

export interface SelfSignedCert {
  /** PEM certificate: also the CA file the child processes trust through NODE_EXTRA_CA_CERTS. */
  readonly certPath: string;
  /** PEM private key (unencrypted). */
  readonly keyPath: string;
}

/** True when an `openssl` binary can be run. */
export function hasOpenssl(): boolean {
  const probe = spawnSync("openssl", ["version"], { stdio: "ignore" });
  return probe.status === 0;
}

/**
 * Writes cert.pem and key.pem into `dir`: RSA 2048, valid for one day, subjectAltName IP:127.0.0.1 and DNS:localhost.
 * Node's crypto module cannot issue X.509 certificates, so openssl is required; the error says so.
 */
export function createSelfSignedCert(dir: string): SelfSignedCert {
  if (!hasOpenssl()) {
    throw new Error("e2e: the `openssl` command is required to generate the test TLS certificate (install the openssl package)");
  }
  const certPath = path.join(dir, "cert.pem");
  const keyPath = path.join(dir, "key.pem");
  execFileSync(
    "openssl",
    [
      "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "1",
      "-keyout", keyPath, "-out", certPath,
      "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
      "-addext", "basicConstraints=critical,CA:TRUE",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  return { certPath, keyPath };
}
