import ts from "typescript";
import { resolveExport, skipOuter, type ModuleBinding } from "../../src/analysis/bindings.js";
import type { ClientUsage } from "../../src/analysis/clients.js";
import type { OriginResolver, ValueOrigin } from "../../src/analysis/value-origin.js";
import { clientByExport, OPERATIONS, SAS_MINTING_FUNCTIONS, type ClientEntry, type OperationRule } from "../../src/catalog/index.js";
import type { SkipReason } from "./types.js";

/** Something the code does with a client that a token credential cannot do. */
export interface Blocker {
  readonly reason: Extract<SkipReason, "sas-minting" | "control-plane">;
  readonly message: string;
}

/** Operations that keep a client on its key: SAS minting with the account key, and control-plane calls (OPERATIONS). */
const blocking = OPERATIONS.filter((o) => o.requiresKey === true || o.controlPlane === true);
const blockingMethods: ReadonlySet<string> = new Set(blocking.flatMap((o) => o.methods));
const sasFunctions = new Map(SAS_MINTING_FUNCTIONS.map((f) => [`${f.value.package}\u0000${f.value.name}`, f]));

function ruleFor(client: ClientEntry, method: string): OperationRule | undefined {
  return blocking.find((o) => o.service === client.service && o.methods.includes(method) && (o.clients === undefined || o.clients.length === 0 || o.clients.includes(client.value.name)));
}

interface Typed {
  readonly usage: ClientUsage;
  readonly client: ClientEntry;
}

/**
 * Which catalog client an expression holds, following the catalog's `derived` methods
 * (`svc.getContainerClient("c")` is a ContainerClient of `svc`'s construction), bindings, `this.` fields and imports.
 * Every answer names the construction (ClientUsage) it was derived from.
 */
export class ClientTypes {
  constructor(
    private readonly usages: ReadonlyMap<ts.Node, ClientUsage>,
    private readonly origins: OriginResolver,
  ) {}

  typeOf(expr: ts.Expression, depth = 0): Typed | undefined {
    if (depth > 20) return undefined;
    const e = skipOuter(expr);
    const direct = this.usages.get(e);
    if (direct) return { usage: direct, client: direct.client };
    if (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      return this.derived(e.expression.expression, e.expression.name.text, false, depth);
    }
    if (ts.isPropertyAccessExpression(e)) {
      const viaProperty = this.derived(e.expression, e.name.text, true, depth);
      if (viaProperty) return viaProperty;
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const value = settle(this.origins.origin(e));
      if ((value.kind === "new" || value.kind === "call") && value.node !== e) return this.typeOf(value.node, depth + 1);
    }
    return undefined;
  }

  private derived(owner: ts.Expression, member: string, property: boolean, depth: number): Typed | undefined {
    const typed = this.typeOf(owner, depth + 1);
    if (!typed) return undefined;
    const step = typed.client.derived?.find((d) => d.method === member && (d.property === true) === property);
    const client = step ? clientByExport(typed.client.value.package, step.client) : undefined;
    return client ? { usage: typed.usage, client } : undefined;
  }
}

function settle(origin: ValueOrigin): ValueOrigin {
  let o = origin;
  for (let i = 0; i < 40; i++) {
    if (o.kind === "binding") o = o.value;
    else if (o.kind === "import" && o.resolved) o = o.resolved;
    else return o;
  }
  return o;
}

const line = (node: ts.Node): string => {
  const sf = node.getSourceFile();
  return `${sf.fileName.split(/[\\/]/u).pop() ?? ""}:${String(sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1)}`;
};

/**
 * Scan one file for calls that block the migration of the clients they use, wherever those clients were built.
 * `add` receives the construction node and the blocker.
 */
export function findBlockers(sf: ts.SourceFile, bindings: ReadonlyMap<string, ModuleBinding>, types: ClientTypes, add: (usage: ClientUsage, blocker: Blocker) => void, fileUsages: readonly ClientUsage[]): void {
  const text = sf.text;
  const mayBlock = [...blockingMethods].some((m) => text.includes(m)) || text.includes("generate");
  if (!mayBlock) return;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      if (ts.isPropertyAccessExpression(callee) && blockingMethods.has(callee.name.text)) {
        const typed = types.typeOf(callee.expression);
        const rule = typed ? ruleFor(typed.client, callee.name.text) : undefined;
        if (typed && rule) {
          const call = `${typed.client.value.name}.${callee.name.text}() at ${line(node)}`;
          add(
            typed.usage,
            rule.requiresKey
              ? { reason: "sas-minting", message: `${call} signs a SAS with the account key; mint a user-delegation SAS (getUserDelegationKey, role ${rule.role}) instead, then migrate` }
              : { reason: "control-plane", message: `${call} is a control-plane operation no data role allows (${rule.role}); do it in ARM/Bicep, then migrate` },
          );
        }
      }
      const fn = resolveExport(callee, bindings);
      const sas = fn ? sasFunctions.get(`${fn.package}\u0000${fn.name}`) : undefined;
      if (sas && (sas.userDelegationArgs === undefined || node.arguments.length < sas.userDelegationArgs)) {
        for (const usage of fileUsages) {
          if (usage.client.service !== sas.service) continue;
          add(usage, {
            reason: "sas-minting",
            message: `${sas.value.name}() at ${line(node)} signs a SAS with the account key; use the user-delegation overload (getUserDelegationKey) instead, then migrate`,
          });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
