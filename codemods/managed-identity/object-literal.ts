import ts from "typescript";
import type { EditSet } from "./edits.js";
import { lineEnd } from "./imports.js";
import { lineIndent, type SourceStyle } from "./style.js";

/** Small edits inside an object literal that keep its one-line or one-property-per-line layout. */

function isMultiline(sf: ts.SourceFile, object: ts.ObjectLiteralExpression): boolean {
  return sf.text.slice(object.getStart(sf), object.getEnd()).includes("\n");
}

/** The whole lines a node occupies, when nothing else shares them (else undefined). */
export function ownLines(text: string, start: number, end: number): { start: number; end: number } | undefined {
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (text.slice(lineStart, start).trim() !== "") return undefined;
  const stop = lineEnd(text, end);
  const rest = text.slice(end, stop).trim();
  if (rest !== "" && rest !== "," && !rest.startsWith("//") && !/^,\s*\/\//u.test(rest)) return undefined;
  let next = stop;
  if (text.charAt(next) === "\r") next++;
  if (text.charAt(next) === "\n") next++;
  return { start: lineStart, end: next };
}

/** Remove a property (and the comma that goes with it). */
export function removeProperty(sf: ts.SourceFile, object: ts.ObjectLiteralExpression, prop: ts.ObjectLiteralElementLike, edits: EditSet): void {
  const text = sf.text;
  const props = object.properties;
  const index = props.indexOf(prop);
  const lines = isMultiline(sf, object) ? ownLines(text, prop.getStart(sf), prop.getEnd()) : undefined;
  if (lines) {
    edits.replace(lines.start, lines.end, "");
    return;
  }
  const next = props[index + 1];
  if (next) {
    edits.replace(prop.getStart(sf), next.getStart(sf), "");
    return;
  }
  const previous = props[index - 1];
  if (previous) {
    edits.replace(previous.getEnd(), prop.getEnd(), "");
    return;
  }
  edits.replace(prop.getStart(sf), trailingCommaEnd(text, prop.getEnd()), "");
}

function trailingCommaEnd(text: string, end: number): number {
  const match = /^\s*,/u.exec(text.slice(end));
  return match ? end + match[0].length : end;
}

/** Add `name: value` as the last property, on its own line when the object is written one property per line. */
export function addProperty(sf: ts.SourceFile, object: ts.ObjectLiteralExpression, propertyText: string, edits: EditSet, style: SourceStyle): void {
  const text = sf.text;
  const last = object.properties.at(-1);
  if (!last) {
    edits.replace(object.getStart(sf), object.getEnd(), `{ ${propertyText} }`);
    return;
  }
  if (isMultiline(sf, object)) {
    const indent = lineIndent(text, last.getStart(sf));
    const commaEnd = trailingCommaEnd(text, last.getEnd());
    if (commaEnd > last.getEnd()) edits.insert(commaEnd, `${style.eol}${indent}${propertyText},`);
    else edits.insert(last.getEnd(), `,${style.eol}${indent}${propertyText}`);
    return;
  }
  edits.insert(last.getEnd(), `, ${propertyText}`);
}

/** `name: value`, or the shorthand `name` when the value is that name. */
export function propertyText(name: string, value: string): string {
  return name === value ? name : `${/^[A-Za-z_$][\w$]*$/u.test(name) ? name : JSON.stringify(name)}: ${value}`;
}
