// A loopback Azure App Service managed-identity endpoint, the protocol @azure/identity 4.x (through MSAL Node's
// AppService source) speaks when IDENTITY_ENDPOINT and IDENTITY_HEADER are set:
//   GET <IDENTITY_ENDPOINT>?api-version=2019-08-01&resource=<resource>[&client_id=<id>]
//   header X-IDENTITY-HEADER: <IDENTITY_HEADER>
//   200 {"access_token", "expires_on" (seconds since epoch), "resource", "token_type": "Bearer"}
// Tokens are JWTs (HS256 with a random key: Azurite's `--oauth basic` does not verify signatures) with
// aud = the requested resource (or a forced wrong audience), iss = https://sts.windows.net/<tenant>/, iat/nbf/exp.
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import type { SelfSignedCert } from "./tls.js";

export interface TokenRequest {
  readonly resource: string | undefined;
  readonly clientId: string | undefined;
  readonly apiVersion: string | undefined;
  /** Whether X-IDENTITY-HEADER matched. */
  readonly headerOk: boolean;
}

export interface IdentityEndpoint {
  /** The value for IDENTITY_ENDPOINT. */
  readonly url: string;
  /** The value for IDENTITY_HEADER. */
  readonly header: string;
  readonly tenantId: string;
  /** Every request received, in order. */
  readonly requests: TokenRequest[];
  /** When set, tokens carry this audience instead of the requested resource (negative control). */
  forceAudience: string | undefined;
  /** Clears the recorded requests and the forced audience. */
  reset(): void;
  close(): Promise<void>;
}

export async function startIdentityEndpoint(options: { cert: SelfSignedCert }): Promise<IdentityEndpoint> {
  const header = randomBytes(16).toString("hex");
  const tenantId = randomUUID();
  const signingKey = randomBytes(32);
  const requests: TokenRequest[] = [];
  const state: { forceAudience: string | undefined } = { forceAudience: undefined };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const resource = url.searchParams.get("resource") ?? undefined;
    const clientId = url.searchParams.get("client_id") ?? undefined;
    const apiVersion = url.searchParams.get("api-version") ?? undefined;
    const headerOk = req.headers["x-identity-header"] === header;
    requests.push({ resource, clientId, apiVersion, headerOk });
    const reply = (status: number, body: object): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (req.method !== "GET") {
      reply(405, { error: "method_not_allowed" });
      return;
    }
    if (!headerOk) {
      reply(401, { error: "invalid_request", error_description: "missing or wrong X-IDENTITY-HEADER" });
      return;
    }
    if (!resource) {
      reply(400, { error: "invalid_request", error_description: "resource is required" });
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const exp = now + 3600;
    const claims = {
      aud: state.forceAudience ?? resource,
      iss: `https://sts.windows.net/${tenantId}/`,
      iat: now - 60,
      nbf: now - 60,
      exp,
      tid: tenantId,
      oid: randomUUID(),
      sub: randomUUID(),
      appid: clientId ?? randomUUID(),
      idtyp: "app",
      ver: "1.0",
    };
    reply(200, {
      access_token: signJwt(claims, signingKey),
      expires_on: String(exp),
      resource,
      token_type: "Bearer",
      client_id: clientId ?? claims.appid,
    });
  };

  const server = createServer({ cert: readFileSync(options.cert.certPath), key: readFileSync(options.cert.keyPath) }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => { resolve(); });
  });
  const { port } = server.address() as AddressInfo;

  const endpoint: IdentityEndpoint = {
    url: `https://127.0.0.1:${port}/msi/token`,
    header,
    tenantId,
    requests,
    get forceAudience() {
      return state.forceAudience;
    },
    set forceAudience(value: string | undefined) {
      state.forceAudience = value;
    },
    reset() {
      requests.length = 0;
      state.forceAudience = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => { resolve(); });
      }),
  };
  return endpoint;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString("base64url");
}

function signJwt(claims: object, key: Buffer): string {
  const head = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = base64url(JSON.stringify(claims));
  const signature = createHmac("sha256", key).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}
