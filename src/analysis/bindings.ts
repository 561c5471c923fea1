import ts from "typescript";
import { walk } from "./walk.js";

/** What a local name stands for when it comes from a package. */
export type ModuleBinding =
  | { readonly kind: "named"; readonly package: string; readonly name: string }
  | { readonly kind: "namespace"; readonly package: string };

/**
 * Every local name bound to a package export in a file: named, aliased, namespace and default imports,
 * `require` (whole, destructured, `.Member`), and destructuring of a namespace (`const { A } = pkg`).
 */
export function collectModuleBindings(sourceFile: ts.SourceFile): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const pkg = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (!clause) continue;
      // A default import of a CommonJS package is its module object: `import pkg from "@azure/service-bus"; pkg.ServiceBusClient`.
      if (clause.name) bindings.set(clause.name.text, { kind: "namespace", package: pkg });
      const named = clause.namedBindings;
      if (named && ts.isNamespaceImport(named)) bindings.set(named.name.text, { kind: "namespace", package: pkg });
      if (named && ts.isNamedImports(named)) {
        for (const el of named.elements) {
          bindings.set(el.name.text, { kind: "named", package: pkg, name: (el.propertyName ?? el.name).text });
        }
      }
    } else if (ts.isImportEqualsDeclaration(statement)) {
      const ref = statement.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        bindings.set(statement.name.text, { kind: "namespace", package: ref.expression.text });
      }
    }
  }
  // require() and namespace destructuring may sit anywhere (inside functions too); one walk finds them, and only
  // a file that calls require/import() or has a namespace binding to destructure needs it.
  const text = sourceFile.text;
  const mayBind = text.includes("require") || text.includes("import(") || [...bindings.values()].some((b) => b.kind === "namespace");
  if (mayBind) {
    walk(sourceFile, (node) => {
      if (ts.isVariableDeclaration(node) && node.initializer) bindVariable(node, bindings);
      return undefined;
    });
  }
  return bindings;
}

function requiredPackage(expr: ts.Expression): string | undefined {
  const inner = skipOuter(expr);
  if (
    ts.isCallExpression(inner) &&
    ts.isIdentifier(inner.expression) &&
    inner.expression.text === "require" &&
    inner.arguments.length === 1
  ) {
    const arg = inner.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  if (ts.isAwaitExpression(inner) && ts.isCallExpression(inner.expression) && inner.expression.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const arg = inner.expression.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}

function bindVariable(decl: ts.VariableDeclaration, bindings: Map<string, ModuleBinding>): void {
  const init = decl.initializer;
  if (!init) return;
  let pkg = requiredPackage(init);
  let member: string | undefined;
  const skipped = skipOuter(init);
  if (pkg === undefined && ts.isPropertyAccessExpression(skipped)) {
    pkg = requiredPackage(skipped.expression);
    member = skipped.name.text;
  }
  if (pkg === undefined && ts.isIdentifier(skipped)) {
    const ns = bindings.get(skipped.text);
    if (ns?.kind === "namespace") pkg = ns.package;
  }
  if (pkg === undefined) return;
  if (ts.isIdentifier(decl.name)) {
    bindings.set(decl.name.text, member === undefined ? { kind: "namespace", package: pkg } : { kind: "named", package: pkg, name: member });
  } else if (ts.isObjectBindingPattern(decl.name) && member === undefined) {
    for (const el of decl.name.elements) {
      if (!ts.isIdentifier(el.name)) continue;
      const prop = el.propertyName && (ts.isIdentifier(el.propertyName) || ts.isStringLiteral(el.propertyName)) ? el.propertyName.text : el.name.text;
      bindings.set(el.name.text, { kind: "named", package: pkg, name: prop });
    }
  }
}

/** Strip what does not change a value: parentheses, `as`, `!`, `satisfies`, `<T>x`. */
export function skipOuter(expr: ts.Expression): ts.Expression {
  let e = expr;
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e)) {
      e = e.expression;
    } else {
      return e;
    }
  }
}

/** The package export an expression names (`BlobServiceClient`, `storage.BlobServiceClient`, `sql.ConnectionPool`). */
export function resolveExport(expr: ts.Expression, bindings: ReadonlyMap<string, ModuleBinding>): { package: string; name: string } | undefined {
  const e = skipOuter(expr);
  if (ts.isIdentifier(e)) {
    const b = bindings.get(e.text);
    if (b?.kind === "named") return { package: b.package, name: b.name };
    if (b?.kind === "namespace") return { package: b.package, name: "default" };
    return undefined;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const inner = skipOuter(e.expression);
    if (ts.isIdentifier(inner)) {
      const b = bindings.get(inner.text);
      if (b?.kind === "namespace") return { package: b.package, name: e.name.text };
      // `sql.ConnectionPool` where `sql` is mssql's default export: the member of the default.
      if (b?.kind === "named" && b.name === "default") return { package: b.package, name: e.name.text };
    }
    const pkg = requiredPackage(inner);
    if (pkg !== undefined) return { package: pkg, name: e.name.text };
  }
  return undefined;
}

/** `process.env.X`, `process.env["X"]`, `import.meta.env.X`, `Deno.env.get("X")`: the variable name. */
export function envVariableName(expr: ts.Expression): string | undefined {
  const e = skipOuter(expr);
  let object: ts.Expression;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(e)) {
    object = skipOuter(e.expression);
    name = e.name.text;
  } else if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    object = skipOuter(e.expression);
    name = e.argumentExpression.text;
  } else if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && e.expression.name.text === "get") {
    const arg = e.arguments[0];
    const target = e.expression.expression.getText();
    if (arg && ts.isStringLiteralLike(arg) && /(?:^|\.)env$|configService$|config$/iu.test(target)) return arg.text;
    return undefined;
  } else {
    return undefined;
  }
  const text = object.getText().replace(/\?/gu, "");
  return /^(?:process\.env|import\.meta\.env|env|Deno\.env)$/u.test(text) ? name : undefined;
}

/** The name a property key spells, for identifiers, string and numeric literals, and computed string keys. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isComputedPropertyName(name) && ts.isStringLiteralLike(name.expression)) return name.expression.text;
  return undefined;
}
