import ts from "typescript";
import type { ValueOrigin } from "../../src/analysis/value-origin.js";

/**
 * Where a client's key (or connection string) comes from, as far as the migration cares:
 * - `literal`: fully known text (through constants, templates of constants, config modules);
 * - `env-fallback`: `process.env.X || "<literal>"` (`??` too): env first, a hard-coded default;
 * - `env`: environment or framework configuration only;
 * - `unresolved-import`: a relative module Keyless cannot read;
 * - `dynamic`: parameters, calls, templates with run-time parts.
 */
export type ValueSource =
  | { readonly kind: "literal"; readonly text: string }
  | { readonly kind: "env-fallback"; readonly env: string; readonly operator: "||" | "??"; readonly text: string }
  | { readonly kind: "env"; readonly env: string | undefined }
  | { readonly kind: "unresolved-import"; readonly module: string }
  | { readonly kind: "dynamic"; readonly node: ts.Node };

/** The whole text of a value, when every piece of it is a literal. */
export function fullText(origin: ValueOrigin): string | undefined {
  switch (origin.kind) {
    case "literal":
      return origin.text;
    case "template":
    case "concat": {
      let out = "";
      for (const part of origin.parts) {
        const text = fullText(part);
        if (text === undefined) return undefined;
        out += text;
      }
      return out;
    }
    case "binding":
      return fullText(origin.value);
    case "import":
      return origin.resolved ? fullText(origin.resolved) : undefined;
    default:
      return undefined;
  }
}

function peel(origin: ValueOrigin): ValueOrigin {
  let o = origin;
  for (;;) {
    if (o.kind === "binding") o = o.value;
    else if (o.kind === "import" && o.resolved) o = o.resolved;
    else return o;
  }
}

function operatorOf(node: ts.Expression): "||" | "??" {
  return ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ? "??" : "||";
}

/** The first environment variable a fallback chain reads (`A || B || "x"` → A). */
function firstEnv(origin: ValueOrigin): string | undefined {
  const o = peel(origin);
  if (o.kind === "env" || o.kind === "env-with-fallback") return o.name;
  if (o.kind === "fallback") return o.options.map(firstEnv).find((n) => n !== undefined);
  return undefined;
}

export function valueSource(origin: ValueOrigin): ValueSource {
  const text = fullText(origin);
  if (text !== undefined) return { kind: "literal", text };
  const o = peel(origin);
  switch (o.kind) {
    case "env":
      return { kind: "env", env: o.name };
    case "env-with-fallback":
    case "fallback": {
      const options = o.kind === "env-with-fallback" ? [o.fallback] : o.options;
      const last = options.at(-1);
      const fallback = last ? fullText(last) : undefined;
      const env = o.kind === "env-with-fallback" ? o.name : firstEnv(o);
      if (env === undefined) return { kind: "dynamic", node: o.node };
      // `process.env.X || ""` (patterns §4): env only.
      if (fallback === undefined || fallback.trim() === "") return last && fallback === undefined && !isEnvLike(last) ? { kind: "dynamic", node: o.node } : { kind: "env", env };
      return { kind: "env-fallback", env, operator: operatorOf(o.node), text: fallback };
    }
    case "import":
      // A package (`config`, `$env/static/private`) is configuration; a relative module that did not resolve is not.
      return o.module.startsWith(".") ? { kind: "unresolved-import", module: o.module } : { kind: "env", env: undefined };
    default: {
      // `const { key } = require("./keys")`: the value analysis follows ES imports between files, not require().
      const required = requiredModule(o.node);
      if (required !== undefined) return required.startsWith(".") ? { kind: "unresolved-import", module: `require("${required}")` } : { kind: "env", env: undefined };
      return { kind: "dynamic", node: o.node };
    }
  }
}

function isEnvLike(origin: ValueOrigin): boolean {
  const o = peel(origin);
  return o.kind === "env" || o.kind === "env-with-fallback" || (o.kind === "fallback" && o.options.every(isEnvLike));
}

/** Every environment variable and module a value passes through (for browser markers). */
export function originSources(origin: ValueOrigin): { readonly env: string[]; readonly modules: string[]; readonly nodes: ts.Node[] } {
  const env: string[] = [];
  const modules: string[] = [];
  const nodes: ts.Node[] = [];
  const walk = (o: ValueOrigin, depth: number): void => {
    if (depth > 40) return;
    switch (o.kind) {
      case "env":
        env.push(o.name);
        nodes.push(o.node);
        return;
      case "env-with-fallback":
        env.push(o.name);
        nodes.push(o.node);
        walk(o.fallback, depth + 1);
        return;
      case "fallback":
        for (const p of o.options) walk(p, depth + 1);
        return;
      case "template":
      case "concat":
        for (const p of o.parts) walk(p, depth + 1);
        return;
      case "binding":
        walk(o.value, depth + 1);
        return;
      case "import":
        modules.push(o.module);
        if (o.resolved) walk(o.resolved, depth + 1);
        return;
      default:
        return;
    }
  };
  walk(origin, 0);
  return { env, modules, nodes };
}

/** The module of `require("x")` (or `require("x").member`), when a node is one. */
function requiredModule(node: ts.Node): string | undefined {
  let n: ts.Node = node;
  while (ts.isPropertyAccessExpression(n) || ts.isParenthesizedExpression(n)) n = n.expression;
  if (ts.isCallExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === "require") {
    const arg = n.arguments[0];
    if (arg && ts.isStringLiteralLike(arg)) return arg.text;
  }
  return undefined;
}
