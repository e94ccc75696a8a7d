import type { Range } from '../../src/model/range.js';

/*
 * Expected ranges computed from the source text, independently of the parsers under test:
 * 1-based lines and columns, exclusive end column.
 */

/** The range of the `occurrence`-th (1-based) `needle` in `source`. */
export function rangeOf(source: string, needle: string, occurrence = 1): Range {
  let at = -1;
  for (let i = 0; i < occurrence; i++) {
    at = source.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence} times`);
  }
  return rangeAt(source, at, at + needle.length);
}

/** From the start of `first` to the end of the first `last` after it: a block written over lines. */
export function spanOf(source: string, first: string, last: string): Range {
  const from = source.indexOf(first);
  const to = source.indexOf(last, from);
  if (from < 0 || to < 0) throw new Error(`"${first}" … "${last}" not found`);
  return rangeAt(source, from, to + last.length);
}

function rangeAt(source: string, start: number, end: number): Range {
  const from = position(source, start);
  const to = position(source, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function position(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
