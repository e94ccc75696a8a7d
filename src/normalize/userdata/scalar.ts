/**
 * A YAML or JSON string scalar as located text: a block scalar (`|`) is placed line by line after
 * its indicator line; a one-line string is placed character by character, JSON and YAML
 * double-quoted escapes (`\n`, `\"`, `\u0041`) included, so that a flag written in a JSON
 * template's string still has its exact column. Anything else is located at `at`.
 */
import type { Range } from '../../model/range.js';
import type { PScalar } from '../../model/tree.js';
import { LocatedText } from './located-text.js';

export function scalarText(node: PScalar, at: Range, outerLines: readonly string[] | undefined): LocatedText {
  const text = typeof node.value === 'string' ? node.value : String(node.value);
  const { range } = node;
  if (outerLines === undefined) return LocatedText.unplaced(text, at);
  if (range.endLine > range.line) return LocatedText.written(text, at, range.line + 1, outerLines);
  const line = outerLines[range.line - 1] ?? '';
  const raw = line.slice(range.column - 1, range.endColumn - 1);
  if (raw.startsWith('"')) return escapedText(text, raw, range, at);
  if (raw === text) return LocatedText.inLine(text, at, range.line, range.column);
  if (raw === `'${text.replace(/'/g, "''")}'` && !text.includes("'")) return LocatedText.inLine(text, at, range.line, range.column + 1);
  return LocatedText.unplaced(text, at);
}

/** A double-quoted one-line string: each decoded character at the column of its (escaped) source. */
function escapedText(text: string, raw: string, range: Range, at: Range): LocatedText {
  const columns: number[] = [];
  let decoded = '';
  for (let i = 1; i < raw.length - 1; i++) {
    const column = range.column + i;
    if (raw[i] !== '\\') {
      decoded += raw[i];
      columns.push(column);
      continue;
    }
    const next = raw[i + 1] ?? '';
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', '0': '\0' };
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(raw.slice(i + 2, i + 6))) {
      decoded += String.fromCharCode(parseInt(raw.slice(i + 2, i + 6), 16));
      i += 5;
    } else if (next in simple) {
      decoded += simple[next];
      i += 1;
    } else return LocatedText.unplaced(text, at);
    columns.push(column);
  }
  if (decoded !== text) return LocatedText.unplaced(text, at);
  return LocatedText.atColumns(text, at, range.line, columns);
}
