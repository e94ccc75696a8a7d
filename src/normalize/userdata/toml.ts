/**
 * The `settings.kubernetes` keys of Bottlerocket user data (TOML), read line by line: a table
 * header (`[settings.kubernetes]`, `[settings]`) sets the prefix of the `key = value` lines after
 * it; dotted keys are joined to it. Only one-line values are read (strings, integers, booleans),
 * each located at its line. Arrays, inline tables and multi-line strings are skipped, which is all
 * the kubelet settings need and keeps every position exact without a full TOML parser.
 */
import type { Range } from '../../model/range.js';
import type { LocatedText } from './located-text.js';

export interface TomlSetting {
  /** The dotted key under the table: `settings.kubernetes.event-qps`. */
  key: string;
  /** The value's text, unquoted when it was a string. */
  value: string;
  range: Range;
}

const KEY_PART = String.raw`(?:[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')`;
const DOTTED_KEY = String.raw`${KEY_PART}(?:\s*\.\s*${KEY_PART})*`;
const TABLE = new RegExp(String.raw`^\s*\[\s*(${DOTTED_KEY})\s*\]\s*(?:#.*)?$`);
const ASSIGNMENT = new RegExp(String.raw`^(\s*)(${DOTTED_KEY})\s*=\s*("(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[A-Za-z0-9_.:+-]+)\s*(?:#.*)?$`);

export function tomlSettings(text: LocatedText, prefix: string): TomlSetting[] {
  const out: TomlSetting[] = [];
  let table = '';
  let offset = 0;
  for (const rawLine of text.text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const header = TABLE.exec(line);
    if (header) table = joinKey(header[1]!);
    const assignment = header ? null : ASSIGNMENT.exec(line);
    if (assignment) {
      const key = [table, joinKey(assignment[2]!)].filter((k) => k !== '').join('.');
      if (key.startsWith(prefix)) {
        const start = offset + assignment[1]!.length;
        const written = assignment[3]!;
        const valueEnd = offset + line.indexOf(written, assignment[1]!.length + assignment[2]!.length) + written.length;
        out.push({ key, value: unquote(written), range: text.locate(start, valueEnd) });
      }
    }
    offset += rawLine.length + 1;
  }
  return out;
}

function joinKey(dotted: string): string {
  return [...dotted.matchAll(new RegExp(KEY_PART, 'g'))].map((m) => unquote(m[0])).join('.');
}

function unquote(text: string): string {
  if (text.startsWith("'")) return text.slice(1, -1);
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text;
}
