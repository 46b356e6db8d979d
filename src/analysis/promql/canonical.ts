// An expression's canonical form: its syntax tree as Prometheus's grammar reads it, each leaf by its text and
// numbers by value. Two spellings of one expression (spacing, line breaks, 1e3 and 1000) compare equal; any other
// change does not.
import { parser } from '@prometheus-io/lezer-promql';
import type { SyntaxNode } from '@lezer/common';

export function canonicalPromQL(expr: string): string {
  const form = (node: SyntaxNode): string => {
    const children: string[] = [];
    for (let child = node.firstChild; child; child = child.nextSibling) children.push(form(child));
    if (children.length) return `${node.name}(${children.join(' ')})`;
    const text = expr.slice(node.from, node.to);
    return node.name === 'NumberDurationLiteral' && Number.isFinite(Number(text)) ? String(Number(text)) : `${node.name}:${text}`;
  };
  return form(parser.parse(expr).topNode);
}
