import ts from "typescript";
import { resolveExport, skipOuter, type ModuleBinding } from "../../src/analysis/bindings.js";
import { credentialByExport, MIGRATION_CREDENTIAL, type ValueSpecifier } from "../../src/catalog/index.js";
import type { ClientPlan } from "./decide.js";
import { freshName } from "./imports.js";
import type { SourceStyle } from "./style.js";
import type { MigrateOptions } from "./types.js";

/**
 * The one credential a module's migrated clients share:
 * - `existing`: a module-level `new DefaultAzureCredential(…)` / `new ManagedIdentityCredential(…)` already there;
 * - `rewrite`: a module-level `const credential = new ClientSecretCredential(…)` whose every use is a migrated
 *   client becomes `new DefaultAzureCredential()` where it stands;
 * - `new`: `const credential = new DefaultAzureCredential();` after the imports.
 */
export type CredentialPlan =
  | { readonly kind: "existing"; readonly name: string }
  | { readonly kind: "rewrite"; readonly name: string; readonly initializer: ts.Expression }
  | { readonly kind: "new"; readonly name: string };

export const CREDENTIAL_VALUE: ValueSpecifier = MIGRATION_CREDENTIAL.value;

/** `new DefaultAzureCredential()`, or with the user-assigned identity's client id from the environment. */
export function credentialExpression(constructorRef: string, options: MigrateOptions): string {
  if (options.identity === "user") return `new ${constructorRef}({ ${MIGRATION_CREDENTIAL.clientIdOption}: process.env.${options.clientIdEnv} })`;
  return `new ${constructorRef}()`;
}

export function credentialDeclaration(name: string, constructorRef: string, options: MigrateOptions, style: SourceStyle): string {
  return `const ${name} = ${credentialExpression(constructorRef, options)}${style.semicolons ? ";" : ""}`;
}

interface ModuleConst {
  readonly name: string;
  readonly statement: ts.VariableStatement;
  readonly initializer: ts.Expression;
}

function moduleConsts(sf: ts.SourceFile): ModuleConst[] {
  const out: ModuleConst[] = [];
  for (const s of sf.statements) {
    if (!ts.isVariableStatement(s) || (s.declarationList.flags & ts.NodeFlags.Const) === 0) continue;
    for (const d of s.declarationList.declarations) {
      if (ts.isIdentifier(d.name) && d.initializer) out.push({ name: d.name.text, statement: s, initializer: d.initializer });
    }
  }
  return out;
}

const isExported = (s: ts.Statement): boolean => ts.canHaveModifiers(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** How often each name is referenced (identifiers that are not declarations or property names). */
export function referenceCounts(sf: ts.SourceFile): Map<string, number> {
  const counts = new Map<string, number>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && isReference(node)) counts.set(node.text, (counts.get(node.text) ?? 0) + 1);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return counts;
}

/** An identifier that reads a binding (not a declaration, a property name or a label). */
export function isReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if ((ts.isPropertyAccessExpression(parent) || ts.isQualifiedName(parent)) && (ts.isPropertyAccessExpression(parent) ? parent.name : parent.right) === node) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isMethodDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodSignature(parent) || ts.isGetAccessor(parent) || ts.isSetAccessor(parent) || ts.isEnumMember(parent)) && parent.name === node) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isFunctionExpression(parent) || ts.isClassExpression(parent) || ts.isInterfaceDeclaration(parent) || ts.isTypeAliasDeclaration(parent) || ts.isEnumDeclaration(parent) || ts.isModuleDeclaration(parent) || ts.isTypeParameterDeclaration(parent)) && parent.name === node) return false;
  if (ts.isBindingElement(parent) && (parent.name === node || parent.propertyName === node)) return false;
  if (ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isImportEqualsDeclaration(parent)) return false;
  if (ts.isExportSpecifier(parent) && parent.propertyName === undefined && parent.parent.parent.moduleSpecifier !== undefined) return false;
  if (ts.isExportSpecifier(parent) && parent.name === node && parent.propertyName !== undefined) return false;
  if ((ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent)) && parent.label === node) return false;
  if (ts.isJsxAttribute(parent) && parent.name === node) return false;
  return true;
}

export function planCredential(sf: ts.SourceFile, bindings: ReadonlyMap<string, ModuleBinding>, plans: readonly ClientPlan[], taken: ReadonlySet<string>): CredentialPlan {
  const consts = moduleConsts(sf);
  const firstModuleLevelUse = Math.min(...plans.filter((p) => isModuleLevel(p.usage.node)).map((p) => p.usage.node.getStart(sf)), Infinity);
  for (const c of consts) {
    const init = skipOuter(c.initializer);
    if (!ts.isNewExpression(init)) continue;
    const target = resolveExport(init.expression, bindings);
    if (target?.package === MIGRATION_CREDENTIAL.value.package && (MIGRATION_CREDENTIAL.reusable as readonly string[]).includes(target.name) && c.statement.getEnd() <= firstModuleLevelUse) {
      return { kind: "existing", name: c.name };
    }
  }
  // A secret credential bound once and only handed to clients that are being migrated: rewrite it in place.
  const counts = referenceCounts(sf);
  const uses = new Map<string, number>();
  for (const p of plans) {
    const arg = p.usage.authArg ? skipOuter(p.usage.authArg) : undefined;
    if (arg && ts.isIdentifier(arg) && p.usage.credential) uses.set(arg.text, (uses.get(arg.text) ?? 0) + 1);
  }
  for (const [name, n] of uses) {
    const c = consts.find((x) => x.name === name);
    if (!c || isExported(c.statement) || counts.get(name) !== n) continue;
    const init = skipOuter(c.initializer);
    if (!ts.isNewExpression(init)) continue;
    const target = resolveExport(init.expression, bindings);
    const entry = target ? credentialByExport(target.package, target.name) : undefined;
    if (entry && !entry.isToken && entry.packages.includes(MIGRATION_CREDENTIAL.value.package)) return { kind: "rewrite", name, initializer: c.initializer };
  }
  return { kind: "new", name: freshName("credential", taken) };
}

/** Not inside a function: runs when the module loads. */
export function isModuleLevel(node: ts.Node): boolean {
  for (let n = node.parent; !ts.isSourceFile(n); n = n.parent) {
    if (ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n)) return false;
    if (ts.isPropertyDeclaration(n) && !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return false;
  }
  return true;
}
