import ts from "typescript";
import { ClientFinder } from "../../src/analysis/clients.js";
import { OriginResolver, type ModuleResolver } from "../../src/analysis/value-origin.js";
import { ClientTypes, findBlockers, type Blocker } from "./blockers.js";
import { singleEdit, type TextEdit } from "./edits.js";
import { migrateFile } from "./migrate-file.js";
import { DEFAULT_MIGRATE_OPTIONS, type MigrateOptions, type SkipReason } from "./types.js";

export interface MigrateClientOptions extends Partial<MigrateOptions> {
  /** resolves relative imports (a ts.Program's, or a set of parsed files); without it, other modules are unresolved */
  readonly resolveModule?: ModuleResolver | undefined;
}

export type MigrateClientResult =
  | { readonly status: "migrated"; readonly edits: readonly TextEdit[]; readonly notes: readonly string[] }
  | { readonly status: "skipped"; readonly reason: SkipReason; readonly message: string }
  | { readonly status: "not-found" };

/**
 * Move one client construction to managed identity, in one file: the edit the ESLint rules' "Use managed identity"
 * suggestion applies. It runs the same steps as `keyless migrate` (decide, rewrite, module credential, imports,
 * local clean-up) on a plain `ts.SourceFile` (parent pointers set), with no project, type checker or file system.
 * What only the CLI does: removing exports of other modules that nothing reads any more, and package.json.
 *
 * `clientNode` is the construction (`new X(…)` or `X.fromConnectionString(…)`, as ClientUsage.node) or a node inside it.
 */
export function migrateClient(sourceFile: ts.SourceFile, clientNode: ts.Node, options: MigrateClientOptions = {}): MigrateClientResult {
  const origins = new OriginResolver(options.resolveModule);
  const finder = new ClientFinder(sourceFile, origins);
  const usage =
    finder.clients.find((u) => u.node === clientNode) ??
    finder.clients.filter((u) => u.node.pos <= clientNode.pos && clientNode.end <= u.node.end).sort((a, b) => a.node.getWidth() - b.node.getWidth())[0];
  if (!usage) return { status: "not-found" };
  const blockers = new Map<ts.Node, Blocker[]>();
  const types = new ClientTypes(new Map(finder.clients.map((u) => [u.node, u])), origins);
  findBlockers(sourceFile, finder.bindings, types, (u, b) => {
    blockers.set(u.node, [...(blockers.get(u.node) ?? []), b]);
  }, finder.clients);
  const migrateOptions: MigrateOptions = {
    identity: options.identity ?? DEFAULT_MIGRATE_OPTIONS.identity,
    clientIdEnv: options.clientIdEnv ?? DEFAULT_MIGRATE_OPTIONS.clientIdEnv,
    endpoints: options.endpoints ?? DEFAULT_MIGRATE_OPTIONS.endpoints,
    includeEnv: options.includeEnv ?? DEFAULT_MIGRATE_OPTIONS.includeEnv,
  };
  const out = migrateFile({ sf: sourceFile, finder, origins, options: migrateOptions, blockers: (u) => blockers.get(u.node) ?? [], only: usage.node });
  const skipped = out.skipped[0];
  if (skipped) return { status: "skipped", reason: skipped.reason, message: skipped.message };
  const migrated = out.migrated[0];
  if (!migrated) return { status: "not-found" };
  const edit = singleEdit(sourceFile.text, out.text);
  return { status: "migrated", edits: edit ? [edit] : [], notes: migrated.notes };
}

/** The edits of `migrateClient`, or none when the client is not migrated (see `migrateClient` for why). */
export function migrateClientEdits(sourceFile: ts.SourceFile, clientNode: ts.Node, options: MigrateClientOptions = {}): TextEdit[] {
  const result = migrateClient(sourceFile, clientNode, options);
  return result.status === "migrated" ? [...result.edits] : [];
}
