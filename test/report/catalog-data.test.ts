import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CLIENTS, OPERATIONS, ROLES, SERVICES, roleByName } from "../../src/catalog/index.js";
import { ENTITY_SOURCES, RESOURCE_MODELS } from "../../src/catalog/resources.js";
import { FLUENT_METHODS, LOCAL_METHODS, ROLE_COMBINATIONS, ROLE_INCLUDES, SQL_STATEMENT_ROLES } from "../../src/catalog/roles.js";
import { sharedPath } from "../helpers/shared.js";

/**
 * The facts the role report adds to the catalog, checked against ../shared/azure/roles.json (or KEYLESS_SHARED_DIR)
 * and against the rest of the catalog.
 */
interface SharedRole {
  readonly name: string;
  readonly id: string;
  readonly plane: string;
  readonly actions?: readonly string[];
  readonly notActions?: readonly string[];
  readonly dataActions?: readonly string[];
  readonly notDataActions?: readonly string[];
}
const shared = JSON.parse(readFileSync(sharedPath("azure/roles.json"), "utf8")) as SharedRole[];
const sharedByName = new Map(shared.map((r) => [r.name, r]));

const glob = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\/]/gu, "\\$&")).join(".*")}$`, "iu");
const grants = (role: SharedRole, kind: "actions" | "dataActions", action: string): boolean => {
  const not = (kind === "actions" ? role.notActions : role.notDataActions) ?? [];
  return (role[kind] ?? []).some((p) => glob(p).test(action)) && !not.some((p) => glob(p).test(action));
};
/** `wider` grants every action and data action `narrower` lists (wildcards and notActions honoured). */
const grantsAll = (wider: SharedRole, narrower: SharedRole): boolean =>
  (["actions", "dataActions"] as const).every((kind) => (narrower[kind] ?? []).every((a) => grants(wider, kind, a)));

/** Roles the report can name: every operation's role and every service's implied role. */
const reportRoles = [...new Set([...OPERATIONS.map((o) => o.role), ...Object.values(SERVICES).flatMap((s) => (s.impliedRole === undefined ? [] : [s.impliedRole]))])];

/** Facts ROLE_INCLUDES states that the action strings do not show, each cited in roles.ts. */
const CITED_INCLUSIONS = new Set(["Storage Queue Data Contributor ⊇ Storage Queue Data Message Sender", "Data Owner ⊇ Data Contributor", "Data Owner ⊇ Data Reader", "Data Contributor ⊇ Data Reader"]);

describe("role facts for the report", () => {
  it("names only roles of roles.json, by GUID (ARM and Cosmos), or the catalog's database and cache roles", () => {
    for (const name of reportRoles) {
      const role = roleByName(name);
      expect(role, name).toBeDefined();
      if (role?.assignment === "arm-rbac" || role?.assignment === "cosmos-sql-role") {
        expect(sharedByName.get(name)?.id, name).toBe(role.id);
      }
    }
    for (const role of ROLES.filter((r) => r.assignment === "arm-rbac" || r.assignment === "cosmos-sql-role")) {
      expect(sharedByName.get(role.name)?.id, role.name).toBe(role.id);
    }
  });

  it("ROLE_INCLUDES holds every inclusion roles.json shows among the report's roles, and nothing it contradicts", () => {
    const stated = new Set(Object.entries(ROLE_INCLUDES).flatMap(([wider, list]) => list.map((narrower) => `${wider} ⊇ ${narrower}`)));
    // The report compares roles of one service (one resource): pairs within a service's operation rows.
    const pairs = new Set<string>();
    for (const o of OPERATIONS) for (const p of OPERATIONS) if (o.service === p.service && o.role !== p.role) pairs.add(`${o.role}\u0000${p.role}`);
    for (const pair of pairs) {
      const [a = "", b = ""] = pair.split("\u0000");
      const A = sharedByName.get(a);
      const B = sharedByName.get(b);
      if (!A || !B) continue;
      const computed = grantsAll(A, B);
      if (computed) expect(stated.has(`${a} ⊇ ${b}`), `${a} grants all of ${b}: add it to ROLE_INCLUDES`).toBe(true);
      if (stated.has(`${a} ⊇ ${b}`) && !CITED_INCLUSIONS.has(`${a} ⊇ ${b}`)) expect(computed, `${a} ⊇ ${b} is not what roles.json says`).toBe(true);
    }
    for (const claim of stated) {
      const [wider = "", narrower = ""] = claim.split(" ⊇ ");
      expect(roleByName(wider), wider).toBeDefined();
      expect(roleByName(narrower), narrower).toBeDefined();
    }
  });

  it("ROLE_COMBINATIONS grant exactly the union of their parts", () => {
    for (const combo of ROLE_COMBINATIONS) {
      const whole = sharedByName.get(combo.role);
      const parts = combo.of.map((p) => sharedByName.get(p));
      expect(whole, combo.role).toBeDefined();
      if (!whole || parts.some((p) => p === undefined)) continue;
      const union: SharedRole = {
        name: combo.of.join(" + "),
        id: "",
        plane: "data",
        actions: parts.flatMap((p) => p?.actions ?? []),
        dataActions: parts.flatMap((p) => p?.dataActions ?? []),
      };
      for (const p of parts) if (p) expect(grantsAll(whole, p), `${combo.role} ⊇ ${p.name}`).toBe(true);
      expect(grantsAll(union, whole), `${combo.of.join(" + ")} ⊇ ${combo.role}`).toBe(true);
    }
  });

  it("SQL statement roles are catalog roles", () => {
    for (const row of SQL_STATEMENT_ROLES) for (const r of row.roles) expect(roleByName(r)?.assignment, r).toBe("sql-contained-user");
  });
});

describe("resource facts for the report", () => {
  const clientIds = new Set(CLIENTS.map((c) => c.id));

  it("has a resource model for every service with clients or roles", () => {
    for (const id of new Set([...CLIENTS.map((c) => c.service), ...OPERATIONS.map((o) => o.service)])) {
      if (id === "identity") continue;
      expect(RESOURCE_MODELS[id], id).toBeDefined();
      expect(RESOURCE_MODELS[id]?.armType, id).toMatch(/^Microsoft\.\w+\/\w+$/u);
      expect(RESOURCE_MODELS[id]?.apiVersion, id).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    }
  });

  it("names only catalogued clients and methods in ENTITY_SOURCES", () => {
    for (const s of ENTITY_SOURCES) {
      expect(clientIds.has(s.client), s.client).toBe(true);
      const client = CLIENTS.find((c) => c.id === s.client);
      const special = ["new", "call", "url", "connection-string"];
      const statics = client?.keyForms.flatMap((f) => (typeof f.via === "object" ? [f.via.static] : [])) ?? [];
      const derived = client?.derived?.map((d) => d.method) ?? [];
      expect([...special, ...statics, ...derived], `${s.client} via ${s.via}`).toContain(s.via);
    }
  });

  it("can fill every scope placeholder from some entity source", () => {
    const kinds = new Set(
      ENTITY_SOURCES.flatMap((s) => [
        ...(s.args ?? []).flatMap((k) => (k === null ? [] : k.split("|"))),
        ...(s.options ?? []).map((o) => o.kind),
        ...Object.keys(s.fields ?? {}).flatMap((k) => k.split("|")),
      ]),
    );
    for (const [service, model] of Object.entries(RESOURCE_MODELS)) {
      for (const scope of model.scopes ?? []) {
        for (const [, name] of scope) {
          const placeholder = /^\{(?<kind>[\w-]+)\}$/u.exec(name)?.groups?.kind;
          if (placeholder !== undefined) expect(kinds.has(placeholder), `${service}: {${placeholder}}`).toBe(true);
        }
      }
    }
  });

  it("keeps local and fluent methods out of the operation rows", () => {
    for (const local of LOCAL_METHODS) {
      for (const method of local.methods) {
        const mapped = OPERATIONS.filter((o) => (local.service === undefined || o.service === local.service) && o.methods.includes(method));
        // pg maps connect (the principal); a local method may share a name only with another service's operation.
        for (const o of mapped) expect(local.service === undefined ? o.service : "same", `${method} is local but mapped in ${o.service}`).not.toBe("same");
      }
    }
    for (const f of FLUENT_METHODS) for (const c of f.clients) expect(CLIENTS.some((x) => x.service === f.service && x.value.name === c), c).toBe(true);
  });
});
