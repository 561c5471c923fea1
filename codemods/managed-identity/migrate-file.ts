import ts from "typescript";
import type { ClientFinder, ClientUsage } from "../../src/analysis/clients.js";
import type { OriginResolver } from "../../src/analysis/value-origin.js";
import { SERVICES, type ValueSpecifier } from "../../src/catalog/index.js";
import { objectLiteralOf } from "./arguments.js";
import type { Blocker } from "./blockers.js";
import { browserFileMarker } from "./browser.js";
import { emptySeeds, removeDeadCode, seedsIn, type RemovedImport } from "./cleanup.js";
import { rewriteConstruction, type RewriteContext } from "./construction.js";
import { CREDENTIAL_VALUE, credentialDeclaration, credentialExpression, isModuleLevel, planCredential } from "./credential.js";
import { decideClient, type ClientPlan, type DecisionContext } from "./decide.js";
import { EditSet } from "./edits.js";
import { firstStatementStart, identifierNames, importsEnd, placeStatements, planImports, refOf } from "./imports.js";
import { detectStyle } from "./style.js";
import { plainNote, type MigrateOptions, type SkipReason } from "./types.js";

/** Everything the file step needs; the runner (or the ESLint suggestion) supplies it. */
export interface FileStepInput {
  readonly sf: ts.SourceFile;
  readonly finder: ClientFinder;
  readonly origins: OriginResolver;
  readonly options: MigrateOptions;
  readonly blockers?: ((usage: ClientUsage) => readonly Blocker[]) | undefined;
  readonly packageVersions?: Readonly<Record<string, string>> | undefined;
  /** clients (by start offset) to leave alone, with the reason (a failed type check in an earlier pass) */
  readonly exclude?: ReadonlyMap<number, { readonly reason: SkipReason; readonly message: string }> | undefined;
  /** migrate only this construction (the ESLint suggestion) */
  readonly only?: ts.Node | undefined;
  readonly checker?: ts.TypeChecker | undefined;
  /** is a class field of this name read in another file? */
  readonly fieldUsedElsewhere?: ((name: string) => boolean) | undefined;
}

export interface FileMigratedClient {
  readonly usage: ClientUsage;
  readonly line: number;
  readonly endpoint: "literal" | "env" | "unchanged";
  readonly notes: readonly string[];
}

export interface FileSkippedClient {
  readonly usage: ClientUsage;
  readonly line: number;
  readonly reason: SkipReason;
  readonly message: string;
}

export interface FileStepOutput {
  readonly text: string;
  readonly migrated: readonly FileMigratedClient[];
  readonly skipped: readonly FileSkippedClient[];
  /** imports the cleanup removed: their exports may be dead in the modules they came from */
  readonly removedImports: readonly RemovedImport[];
  /** packages the new code imports from */
  readonly packages: readonly string[];
}

const lineOf = (sf: ts.SourceFile, node: ts.Node): number => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;

/** Notes that a migrated client needs someone to act on: database principals, env variables to delete. */
function serviceNotes(plan: ClientPlan): string[] {
  const service = SERVICES[plan.usage.client.service];
  const notes: string[] = [];
  if (service.assignment !== "arm-rbac" && service.notes?.[0]) notes.push(plainNote(service.notes[0]));
  if (plan.token.removeOptions?.some((p) => p[0] === service.secretEnvVars.key || (plan.usage.form && "path" in plan.usage.form.at && plan.usage.form.at.path[0] === p[0])) && service.secretEnvVars.key) {
    notes.push(`remove ${service.secretEnvVars.key} from the environment: ${plan.usage.client.value.name} reads it by default and fails when it and a token provider are both set`);
  }
  return notes;
}

/**
 * The migration of one file, as pure steps: find key-based clients → decide per client → plan the module credential
 * → rewrite constructions → imports → remove what nothing reads any more. Returns the new text and what happened.
 */
export function migrateFile(input: FileStepInput): FileStepOutput {
  const { sf, finder, origins, options } = input;
  const unchanged = (skipped: FileSkippedClient[] = []): FileStepOutput => ({ text: sf.text, migrated: [], skipped, removedImports: [], packages: [] });

  // 1. Candidates: key-based constructions.
  const candidates = finder.clients.filter((u) => u.form !== undefined && (input.only === undefined || u.node === input.only));
  if (candidates.length === 0) return unchanged();

  // 2. Decide.
  const ctx: DecisionContext = {
    origins,
    options,
    browserFile: browserFileMarker(sf),
    blockers: input.blockers ?? (() => []),
    packageVersions: input.packageVersions ?? {},
  };
  const skipped: FileSkippedClient[] = [];
  let plans: ClientPlan[] = [];
  for (const usage of candidates) {
    const excluded = input.exclude?.get(usage.node.getStart(sf));
    if (excluded) {
      skipped.push({ usage, line: lineOf(sf, usage.node), ...excluded });
      continue;
    }
    const decision = decideClient(usage, ctx);
    if (decision.action === "skip") skipped.push({ usage, line: lineOf(sf, usage.node), reason: decision.reason, message: decision.message });
    else if (decision.action === "migrate") plans.push(decision.plan);
  }
  if (plans.length === 0) return unchanged(skipped);

  const style = detectStyle(sf);
  const taken = identifierNames(sf);
  const bindings = finder.bindings;
  // Inner constructions first, so an outer rewrite embeds the inner one.
  plans.sort((a, b) => a.usage.node.getWidth(sf) - b.usage.node.getWidth(sf));

  // 3. Dry run: which plans can be written, and which exports they need.
  const needed: ValueSpecifier[] = [];
  const rewriteCtx = (edits: EditSet, credential: string, ref: (v: ValueSpecifier) => string): RewriteContext => ({
    sf,
    edits,
    style,
    origins,
    bindings,
    credential,
    ref,
    checker: input.checker,
  });
  const dry = new EditSet(sf.text);
  const notesByPlan = new Map<ClientPlan, string[]>();
  plans = plans.filter((plan) => {
    const wants: ValueSpecifier[] = [];
    const result = rewriteConstruction(plan, rewriteCtx(dry, "credential", (v) => {
      wants.push(v);
      return v.name;
    }));
    if (!result.ok) skipped.push({ usage: plan.usage, line: lineOf(sf, plan.usage.node), reason: result.reason, message: result.message });
    else {
      needed.push(...wants);
      notesByPlan.set(plan, [...plan.notes, ...result.notes, ...serviceNotes(plan)]);
    }
    return result.ok;
  });
  if (plans.length === 0) return unchanged(skipped);

  // 4. The module's credential, and the imports everything needs.
  const credential = planCredential(sf, bindings, plans, taken);
  if (credential.kind !== "existing") needed.unshift(CREDENTIAL_VALUE);
  const imports = planImports(sf, needed, style);
  const ref = (v: ValueSpecifier): string => refOf(imports, v);

  // 5. Rewrite for real.
  const edits = new EditSet(sf.text);
  const seeds = emptySeeds();
  for (const plan of plans) {
    const result = rewriteConstruction(plan, rewriteCtx(edits, credential.name, ref));
    if (!result.ok) throw new Error(`rewrite of ${plan.usage.client.value.name} failed after a successful dry run: ${result.message}`);
    seedsIn(plan.usage.node, seeds);
    const arg = plan.usage.node.arguments?.[0];
    const object = arg ? objectLiteralOf(arg, origins) : undefined;
    if (object && object.getSourceFile() === sf && (object.end < plan.usage.node.pos || object.pos > plan.usage.node.end)) seedsIn(object, seeds);
  }
  if (credential.kind === "rewrite") {
    seedsIn(credential.initializer, seeds);
    edits.replace(credential.initializer.getStart(sf), credential.initializer.getEnd(), credentialExpression(ref(CREDENTIAL_VALUE), options));
  }
  for (const e of imports.edits) edits.add(e);
  const end = importsEnd(sf);
  const declaration = credential.kind === "new" ? credentialDeclaration(credential.name, ref(CREDENTIAL_VALUE), options, style) : undefined;
  if (end === undefined) {
    const at = firstStatementStart(sf);
    const head = [...imports.statements.map((s) => s.text)];
    const block = [head.length > 0 ? head.join(style.eol) : undefined, declaration].filter((x) => x !== undefined).join(style.eol + style.eol);
    if (block !== "") edits.insert(at, `${block}${style.eol}${style.eol}`);
  } else {
    for (const e of placeStatements(sf, imports.statements, style.eol)) edits.add(e);
    if (declaration) {
      // Before the first client built while the module loads, if that comes before the last import.
      const early = plans.filter((p) => isModuleLevel(p.usage.node)).map((p) => topLevelStatement(p.usage.node)).sort((a, b) => a.getStart(sf) - b.getStart(sf))[0];
      if (early && early.getStart(sf) < end) edits.insert(early.getStart(sf), `${declaration}${style.eol}`);
      else edits.insert(end, `${style.eol}${style.eol}${declaration}`);
    }
  }

  // 6. What nothing reads any more.
  const cleaned = removeDeadCode(sf.fileName, edits.apply(), seeds, { fieldUsedElsewhere: input.fieldUsedElsewhere });
  const migrated = plans.map((plan): FileMigratedClient => ({
    usage: plan.usage,
    line: lineOf(sf, plan.usage.node),
    endpoint: plan.endpoint?.kind ?? "unchanged",
    notes: notesByPlan.get(plan) ?? [],
  }));
  const packages = [...new Set(needed.map((v) => v.package))];
  return { text: cleaned.text, migrated, skipped, removedImports: cleaned.removedImports, packages };
}

function topLevelStatement(node: ts.Node): ts.Node {
  let n = node;
  while (!ts.isSourceFile(n.parent)) n = n.parent;
  return n;
}
