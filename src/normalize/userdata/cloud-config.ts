/**
 * The commands of a cloud-config part (`#cloud-config`, `text/cloud-config`) that cloud-init runs:
 * `runcmd` and `bootcmd` items. A string item is a shell command line; a list item is one command
 * whose words are given (cloud-init runs it without a shell), read here as those words joined.
 */
import { child } from '../../model/tree.js';
import { parseYaml } from '../../parse/yaml.js';
import { LocatedText } from './located-text.js';

export function cloudConfigCommands(part: LocatedText): LocatedText[] {
  const { documents, problems } = parseYaml(part.text);
  if (problems.some((p) => p.severity === 'error')) return [];
  const lineStarts = [0];
  for (let i = 0; i < part.text.length; i++) if (part.text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offset = (line: number, column: number) => (lineStarts[line - 1] ?? 0) + column - 1;
  const out: LocatedText[] = [];
  for (const doc of documents) {
    for (const key of ['bootcmd', 'runcmd']) {
      const list = child(doc ?? undefined, key);
      if (list?.type !== 'seq') continue;
      for (const item of list.items) {
        if (item.type === 'scalar' && typeof item.value === 'string') {
          const start = offset(item.range.line, item.range.column);
          const end = offset(item.range.endLine, item.range.endColumn);
          // A plain one-line scalar is the text as written: it keeps its place; anything else is located at the user data.
          out.push(part.text.slice(start, end) === item.value ? part.slice(start, end) : LocatedText.unplaced(item.value, part.at));
        } else if (item.type === 'seq') {
          const words = item.items.map((w) => (w.type === 'scalar' && w.value !== null ? String(w.value) : undefined));
          if (words.every((w) => w !== undefined)) out.push(LocatedText.unplaced(words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' '), part.at));
        }
      }
    }
  }
  return out;
}
