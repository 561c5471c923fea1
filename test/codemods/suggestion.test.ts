/**
 * migrateClientEdits: the edit function the ESLint rules' "Use managed identity" suggestion will call, on a plain
 * ts.SourceFile without a project.
 */
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { ClientFinder } from "../../src/analysis/clients.js";
import { OriginResolver } from "../../src/analysis/value-origin.js";
import { applyEdits } from "../../codemods/managed-identity/edits.js";
import { migrateClient, migrateClientEdits } from "../../codemods/index.js";
import { fakeKey, storageConnectionString } from "../cli/run.js";

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile("clients.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function clientNodes(sf: ts.SourceFile): ts.Node[] {
  return new ClientFinder(sf, new OriginResolver()).clients.map((c) => c.node);
}

describe("migrateClientEdits", () => {
  it("moves one client and leaves the others", () => {
    const sf = parse(
      [
        'import { QueueServiceClient } from "@azure/storage-queue";',
        'import { AzureKeyCredential, SearchClient } from "@azure/search-documents";',
        "",
        `const queues = QueueServiceClient.fromConnectionString("${storageConnectionString()}");`,
        `export const search = new SearchClient("https://s.search.windows.net", "hotels", new AzureKeyCredential("${fakeKey(24)}"));`,
        "export { queues };",
        "",
      ].join("\n"),
    );
    const [, search] = clientNodes(sf);
    if (!search) throw new Error("no search client");
    const edits = migrateClientEdits(sf, search);
    expect(edits).toHaveLength(1);
    const out = applyEdits(sf.text, edits);
    expect(out).toContain('export const search = new SearchClient("https://s.search.windows.net", "hotels", credential);');
    expect(out).toContain('import { DefaultAzureCredential } from "@azure/identity";');
    expect(out).toContain('import { SearchClient } from "@azure/search-documents";');
    expect(out).toContain("QueueServiceClient.fromConnectionString(");
  });

  it("finds the client from a node inside it, and honours --identity user", () => {
    const sf = parse(`import { ServiceBusClient } from "@azure/service-bus";\n\nexport const bus = new ServiceBusClient("Endpoint=sb://ns-t.servicebus.windows.net/;SharedAccessKeyName=a;SharedAccessKey=${fakeKey(32)}");\n`);
    const node = clientNodes(sf)[0];
    if (!node || !ts.isNewExpression(node)) throw new Error("no client");
    const inner = node.arguments?.[0] as ts.Node;
    const result = migrateClient(sf, inner, { identity: "user", clientIdEnv: "MY_ID" });
    expect(result.status).toBe("migrated");
    if (result.status !== "migrated") return;
    expect(applyEdits(sf.text, result.edits)).toBe(
      'import { DefaultAzureCredential } from "@azure/identity";\nimport { ServiceBusClient } from "@azure/service-bus";\n\nconst credential = new DefaultAzureCredential({ managedIdentityClientId: process.env.MY_ID });\n\nexport const bus = new ServiceBusClient("ns-t.servicebus.windows.net", credential);\n',
    );
  });

  it("returns no edit, and says why, where the migration cannot be certain", () => {
    const sf = parse(
      `import { ContainerClient, BlobSASPermissions } from "@azure/storage-blob";\n\nconst c = new ContainerClient("${storageConnectionString()}", "x");\nexport const link = c.generateSasUrl({ permissions: BlobSASPermissions.parse("r"), expiresOn: new Date() });\n`,
    );
    const node = clientNodes(sf)[0] as ts.Node;
    expect(migrateClientEdits(sf, node)).toEqual([]);
    expect(migrateClient(sf, node)).toMatchObject({ status: "skipped", reason: "sas-minting" });
    expect(migrateClient(sf, sf.statements[0] as ts.Node)).toEqual({ status: "not-found" });
  });
});
