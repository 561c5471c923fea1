import ts from "typescript";

// Read once: every `ts.x` is a getter on the module object, and this runs for every node of every file.
const forEachChild = ts.forEachChild;

/**
 * Depth-first, pre-order, without recursion: TypeScript parses 10,000-long `a || a || …` chains without
 * recursing, and a recursive visitor would overflow the stack on them.
 *
 * `visit` returns nothing to descend into the node's children, `false` to skip them, or the nodes to visit instead.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => readonly ts.Node[] | false | undefined): void {
  const stack: ts.Node[] = [root];
  const push = (child: ts.Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    const next = visit(node);
    if (next === false) continue;
    if (next) {
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as ts.Node);
      continue;
    }
    // The children land on the stack in source order; reversed in place, the first is visited first.
    let lo = stack.length;
    forEachChild(node, push);
    for (let hi = stack.length - 1; lo < hi; lo++, hi--) {
      const t = stack[lo] as ts.Node;
      stack[lo] = stack[hi] as ts.Node;
      stack[hi] = t;
    }
  }
}
