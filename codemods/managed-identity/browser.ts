import ts from "typescript";
import type { ValueOrigin } from "../../src/analysis/value-origin.js";
import { BROWSER_MARKERS } from "../../src/catalog/index.js";
import { originSources } from "./value-source.js";

const browserPackages: ReadonlySet<string> = new Set(BROWSER_MARKERS.packages);
const envPrefix = new RegExp(`(?:process\\.env|import\\.meta\\.env)(?:\\.|\\[["'])((?:${BROWSER_MARKERS.envPrefixes.join("|")})\\w*)`, "u");
const modulePath = (specifier: string): boolean => BROWSER_MARKERS.modulePaths.some((re) => re.test(specifier));

/**
 * Why a whole file is browser code, or undefined. Markers are data (BROWSER_MARKERS): framework imports, a
 * `"use client"` directive, `import.meta.env`, bundler-inlined variables, browser-only globals.
 */
export function browserFileMarker(sf: ts.SourceFile): string | undefined {
  for (const statement of sf.statements) {
    if (ts.isExpressionStatement(statement) && ts.isStringLiteral(statement.expression)) {
      if ((BROWSER_MARKERS.directives as readonly string[]).includes(statement.expression.text)) return `the "${statement.expression.text}" directive`;
      continue;
    }
    break;
  }
  for (const specifier of moduleSpecifiers(sf)) {
    if (browserPackages.has(specifier)) return `it imports ${specifier}`;
    if (modulePath(specifier)) return `it reads ${specifier}, a browser environment file`;
  }
  const text = sf.text;
  if (text.includes("import.meta.env")) return "it reads import.meta.env, which a bundler inlines into browser code";
  const env = envPrefix.exec(text)?.[1];
  if (env) return `it reads ${env}, a variable a bundler inlines into browser code`;
  const global = browserGlobal(sf);
  if (global) return `it uses the browser global ${global}`;
  return undefined;
}

/** A browser marker on the way a value travels: a bundler-inlined variable, `import.meta.env`, an Angular environment file. */
export function browserOriginMarker(origin: ValueOrigin): string | undefined {
  const { env, modules, nodes } = originSources(origin);
  const inlined = env.find((name) => BROWSER_MARKERS.envPrefixes.some((p) => name.startsWith(p)));
  if (inlined) return `the value comes from ${inlined}, a variable a bundler inlines into browser code`;
  if (nodes.some((n) => n.getText().includes("import.meta.env"))) return "the value comes from import.meta.env, which a bundler inlines into browser code";
  const file = modules.find(modulePath);
  if (file) return `the value comes from ${file}, a browser environment file`;
  return undefined;
}

/** `dangerouslyAllowBrowser: true` (or any truthy value) in an options object of the construction. */
export function browserOption(call: ts.NewExpression | ts.CallExpression): string | undefined {
  for (const arg of call.arguments ?? []) {
    if (!ts.isObjectLiteralExpression(arg)) continue;
    for (const prop of arg.properties) {
      const name = prop.name && (ts.isIdentifier(prop.name) || ts.isStringLiteral(prop.name)) ? prop.name.text : undefined;
      if (name === undefined || !(BROWSER_MARKERS.options as readonly string[]).includes(name)) continue;
      if (ts.isPropertyAssignment(prop) && prop.initializer.kind === ts.SyntaxKind.FalseKeyword) continue;
      return `it sets ${name}`;
    }
  }
  return undefined;
}

function moduleSpecifiers(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  for (const s of sf.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) out.push(s.moduleSpecifier.text);
  }
  if (sf.text.includes("require(")) {
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === "require") {
        const arg = node.arguments[0];
        if (arg && ts.isStringLiteralLike(arg)) out.push(arg.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** A browser-only global used as a value and not declared in the file (`window.location`, `document.title`). */
function browserGlobal(sf: ts.SourceFile): string | undefined {
  const names = BROWSER_MARKERS.globals.filter((g) => new RegExp(`\\b${g}\\b`, "u").test(sf.text));
  if (names.length === 0) return undefined;
  const declared = new Set<string>();
  let used: string | undefined;
  const visit = (node: ts.Node): void => {
    if (used) return;
    if ((ts.isVariableDeclaration(node) || ts.isParameter(node) || ts.isFunctionDeclaration(node) || ts.isClassDeclaration(node)) && node.name && ts.isIdentifier(node.name)) {
      declared.add(node.name.text);
    }
    if (ts.isIdentifier(node) && (names as readonly string[]).includes(node.text) && !declared.has(node.text)) {
      const parent = node.parent;
      const isName =
        (ts.isPropertyAccessExpression(parent) && parent.name === node) ||
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === node) ||
        ts.isImportSpecifier(parent) ||
        ts.isTypeReferenceNode(parent) ||
        ts.isQualifiedName(parent);
      if (!isName) used = node.text;
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return used;
}
