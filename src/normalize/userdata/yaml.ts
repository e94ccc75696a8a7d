/**
 * YAML inside user data (a nodeadm `NodeConfig`, a cloud-config), parsed with the same bounded
 * parser as YAML files, every range moved to where the text is written in the outer file (or the
 * user data value as a whole when it is not written there literally).
 */
import type { Range } from '../../model/range.js';
import type { PNode } from '../../model/tree.js';
import { parseYaml } from '../../parse/yaml.js';
import type { LocatedText } from './located-text.js';

export interface LocatedYaml {
  documents: PNode[];
  /** False when the text has syntax errors: nothing is read from it. */
  clean: boolean;
}

export function parseLocatedYaml(text: LocatedText): LocatedYaml {
  const { documents, problems } = parseYaml(text.text);
  if (problems.some((p) => p.severity === 'error')) return { documents: [], clean: false };
  const lineStarts = [0];
  for (let i = 0; i < text.text.length; i++) if (text.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offset = (line: number, column: number) => (lineStarts[line - 1] ?? 0) + column - 1;
  const move = (range: Range): Range => text.locate(offset(range.line, range.column), Math.max(offset(range.line, range.column) + 1, offset(range.endLine, range.endColumn)));
  return { documents: documents.flatMap((d) => (d === null ? [] : [moved(d, move)])), clean: true };
}

function moved(node: PNode, move: (range: Range) => Range): PNode {
  const range = move(node.range);
  switch (node.type) {
    case 'scalar':
    case 'expr':
      return { ...node, range };
    case 'seq':
      return { ...node, range, items: node.items.map((item) => moved(item, move)) };
    case 'map':
      return { ...node, range, entries: node.entries.map((e) => ({ key: e.key, keyRange: move(e.keyRange), value: moved(e.value, move) })) };
  }
}
