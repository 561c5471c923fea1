import ts from "typescript";
import { propertyNameText, skipOuter } from "../../src/analysis/bindings.js";
import type { OriginResolver, ValueOrigin } from "../../src/analysis/value-origin.js";
import type { ArgPosition } from "../../src/catalog/index.js";

/** The object literal an expression evaluates to, followed through `const` bindings and imports. */
export function objectLiteralOf(expr: ts.Expression, origins: OriginResolver): ts.ObjectLiteralExpression | undefined {
  const inner = skipOuter(expr);
  if (ts.isObjectLiteralExpression(inner)) return inner;
  let o: ValueOrigin = origins.origin(inner);
  for (let i = 0; i < 40; i++) {
    if (o.kind === "binding") o = o.value;
    else if (o.kind === "import" && o.resolved) o = o.resolved;
    else break;
  }
  return o.kind === "object" ? o.node : undefined;
}

/** The property of an object literal named `name` (plain or shorthand). */
export function propertyOf(object: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | ts.ShorthandPropertyAssignment | undefined {
  for (const prop of object.properties) {
    if ((ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) && propertyNameText(prop.name) === name) return prop;
  }
  return undefined;
}

export function propertyValue(prop: ts.PropertyAssignment | ts.ShorthandPropertyAssignment): ts.Expression {
  return ts.isPropertyAssignment(prop) ? prop.initializer : prop.name;
}

/** The expression at a catalog argument position: a positional argument, or a property inside an options object. */
export function argumentAt(call: ts.NewExpression | ts.CallExpression, at: ArgPosition, origins: OriginResolver): ts.Expression | undefined {
  const arg = call.arguments?.[at.arg];
  if (!arg || !("path" in at)) return arg;
  let current: ts.Expression = arg;
  for (const segment of at.path) {
    const object = objectLiteralOf(current, origins);
    const prop = object ? propertyOf(object, segment) : undefined;
    if (!prop) return undefined;
    current = propertyValue(prop);
  }
  return current;
}
