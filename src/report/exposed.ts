/**
 * The secrets a project exposes, for the rotation checklist: the same analysis `keyless scan` and the ESLint rules
 * run (source files through analyzeFile, configuration files through analyzeText), kept as redacted facts only.
 */
import ts from "typescript";
import { analyzeFile, analyzeText, type SecretFinding } from "../analysis/secrets.js";
import type { ClientRoot } from "../analysis/operations.js";
import { literalLeaves, OriginResolver, type ModuleResolver } from "../analysis/value-origin.js";
import { serviceOfHost } from "../catalog/index.js";
import { RESOURCE_MODELS } from "../catalog/resources.js";
import type { ServiceId } from "../catalog/types.js";
import type { ExposedSecret } from "./runbook.js";

function exposed(f: SecretFinding, file: string, line: number): ExposedSecret | undefined {
  if (f.rule === "prefer-managed-identity" || f.redacted === undefined || f.fingerprint === undefined) return undefined;
  return {
    kind: f.kind,
    label: f.data.label ?? f.kind,
    service: f.service,
    redacted: f.redacted,
    fingerprint: f.fingerprint,
    file,
    line,
    host: f.resource?.host,
    accountName: f.resource?.accountName,
    keyName: f.resource?.keyName,
    entity: f.resource?.entity,
  };
}

/** Where a client's key comes from: `file:line` of each literal its key argument can take → the client's service and host. */
export type SecretTargets = ReadonlyMap<string, { readonly service: ServiceId; readonly host: string | undefined; readonly armType: string | undefined; readonly apiVersion: string | undefined }>;

/**
 * Follow each client's key argument back to its literals (across modules): a bare key in config.ts named `cosmosKey`
 * says nothing of its resource, the CosmosClient it reaches does.
 */
export function secretTargets(roots: readonly ClientRoot[], resolveModule: ModuleResolver | undefined, label: (sf: ts.SourceFile) => string): SecretTargets {
  const out = new Map<string, { service: ServiceId; host: string | undefined; armType: string | undefined; apiVersion: string | undefined }>();
  const origins = new OriginResolver(resolveModule);
  for (const root of roots) {
    // The key argument, or the arguments of the credential built around the key (`new AzureKeyCredential(key)`).
    const sources = [root.usage.origin, ...(root.usage.credential?.node.arguments ?? []).map((a) => origins.origin(a))];
    for (const origin of sources) {
      if (origin === undefined) continue;
      for (const leaf of literalLeaves(origin)) {
        const sf = leaf.node.getSourceFile();
        const at = `${label(sf)}:${String(sf.getLineAndCharacterOfPosition(leaf.node.getStart(sf)).line + 1)}`;
        // Some clients of a service talk to another resource type (Event Grid namespaces vs topics).
        const byClient = RESOURCE_MODELS[root.usage.client.service]?.byClient?.[root.usage.client.value.name];
        if (!out.has(at)) out.set(at, { service: root.usage.client.service, host: root.host, armType: byClient?.armType, apiVersion: byClient?.apiVersion });
      }
    }
  }
  return out;
}

/** Secrets in parsed source files. Parts of one concatenated secret share a fingerprint: the runbook merges them. */
export function sourceSecrets(
  files: readonly ts.SourceFile[],
  resolveModule: ModuleResolver | undefined,
  label: (sf: ts.SourceFile) => string,
  targets: SecretTargets = new Map(),
): ExposedSecret[] {
  const out: ExposedSecret[] = [];
  for (const sf of files) {
    let findings: readonly SecretFinding[];
    try {
      findings = analyzeFile(sf, { resolveModule, fileLabel: label }).findings;
    } catch {
      continue; // the scan reports analysis failures; the checklist lists what could be read
    }
    for (const f of findings) {
      const line = sf.getLineAndCharacterOfPosition(f.start).line + 1;
      const e = exposed(f, label(sf), line);
      if (!e) continue;
      // The client the literal reaches knows its service better than the literal (an Entra secret stays an Entra secret).
      const target = targets.get(`${label(sf)}:${String(line)}`);
      out.push(target && e.kind !== "entra-client-secret" ? { ...e, service: target.service, host: e.host ?? target.host, armType: target.armType, apiVersion: target.apiVersion } : e);
    }
  }
  return out;
}

const URL_HOST = /https?:\/\/(?<host>[a-z0-9][a-z0-9.-]{0,252})/giu;

/**
 * Secrets in a configuration file's text (`.env`, appsettings.json, …). A bare key says nothing of its resource, but
 * the file usually names it beside (`AZURE_OPENAI_ENDPOINT=https://…`): when exactly one host in the file is of the
 * key's resource type, the key is taken to be that resource's.
 */
export function configSecrets(text: string, file: string): ExposedSecret[] {
  const out: ExposedSecret[] = [];
  const hosts = [...new Set([...text.matchAll(URL_HOST)].map((m) => (m.groups?.host ?? "").toLowerCase()))];
  const armTypeOf = (service: ServiceId | undefined): string | undefined => (service ? RESOURCE_MODELS[service]?.armType : undefined);
  for (const f of analyzeText(text, { label: file, what: "config value" })) {
    let line = 1;
    for (let i = text.indexOf("\n"); i >= 0 && i < f.start; i = text.indexOf("\n", i + 1)) line++;
    const e = exposed(f, file, line);
    if (!e) continue;
    const type = armTypeOf(e.service);
    if (e.host === undefined && e.accountName === undefined && type !== undefined) {
      const near = hosts.filter((h) => armTypeOf(serviceOfHost(h)) === type);
      const host = near[0];
      if (near.length === 1 && host !== undefined) {
        out.push({ ...e, host, service: serviceOfHost(host) ?? e.service });
        continue;
      }
    }
    out.push(e);
  }
  return out;
}
