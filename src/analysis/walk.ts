import ts from "typescript";

/**
 * Depth-first, pre-order, without recursion: TypeScript parses 10,000-long `a || a || …` chains without
 * recursing, and a recursive visitor would overflow the stack on them.
 *
 * `visit` returns nothing to descend into the node's children, `false` to skip them, or the nodes to visit instead.
 */
export function walk(root: ts.Node, visit: (node: ts.Node) => readonly ts.Node[] | false | undefined): void {
  const stack: ts.Node[] = [root];
  const children: ts.Node[] = [];
  const collect = (child: ts.Node): void => {
    children.push(child);
  };
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    const next = visit(node);
    if (next === false) continue;
    if (next) {
      for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as ts.Node);
      continue;
    }
    children.length = 0;
    ts.forEachChild(node, collect);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as ts.Node);
  }
}
