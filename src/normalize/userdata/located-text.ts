/**
 * Text read out of another file's value (EC2 user data in a heredoc, a YAML block scalar, a
 * base64 string), with where each of its characters is written in that file when it is written
 * there literally. A finding about a flag inside user data then lands on the flag; text that was
 * computed (base64, a substituted parameter) is located at the value as a whole.
 */
import type { Range } from '../../model/range.js';

/**
 * Stands for one character of a value that cannot be known statically (`${var.x}`, `$NAME`).
 * Anything read from a span holding it is unknown; it is never a word separator.
 */
export const HOLE = '\uFFFC';

export function hasHole(text: string): boolean {
  return text.includes(HOLE);
}

export class LocatedText {
  /**
   * `lines[i]`/`columns[i]`: the 1-based position in the outer file of character `i`, 0 when it is
   * not written there literally.
   */
  private constructor(
    readonly text: string,
    private readonly lines: Int32Array,
    private readonly columns: Int32Array,
    /** Where the whole value is written: the fallback of every position that is not placed. */
    readonly at: Range,
  ) {}

  /** Text none of whose characters can be placed. */
  static unplaced(text: string, at: Range): LocatedText {
    return new LocatedText(text, new Int32Array(text.length), new Int32Array(text.length), at);
  }

  /**
   * Text written literally in the outer file, starting on `firstLine` (a heredoc's or block
   * scalar's lines follow its opening line), each line possibly indented there. Each line is
   * placed when the outer file's line holds it (unknown spans may stand for other text); a line
   * that cannot be placed is located at `at`.
   */
  static written(text: string, at: Range, firstLine: number, outerLines: readonly string[] | undefined): LocatedText {
    const located = LocatedText.unplaced(text, at);
    if (outerLines === undefined) return located;
    let offset = 0;
    const lines = text.split('\n');
    lines.forEach((line, i) => {
      const outer = outerLines[firstLine - 1 + i];
      if (outer !== undefined) located.placeLine(line, offset, outer, firstLine + i);
      offset += line.length + 1;
    });
    return located;
  }

  /**
   * Places one inner line in its outer line: its literal fragments (between unknown spans) are
   * found in order; the first must follow the outer line's indentation when the inner line does
   * not start with an unknown span, and the last must end the outer line when it does not end
   * with one. Anything else leaves the line unplaced.
   */
  private placeLine(line: string, offset: number, outer: string, lineNumber: number): void {
    const inner = line.replace(/\r$/, '');
    const trimmedOuter = outer.replace(/\r$/, '');
    if (inner.trim() === '') return;
    const fragments = [...inner.matchAll(new RegExp(`[^${HOLE}]+`, 'gu'))];
    const indent = trimmedOuter.length - trimmedOuter.trimStart().length;
    let from = 0;
    const found: { at: number; innerAt: number; length: number }[] = [];
    for (const [index, fragment] of fragments.entries()) {
      const text = fragment[0];
      const innerAt = fragment.index ?? 0;
      let at: number;
      if (index === 0 && innerAt === 0) {
        // The inner line's own leading blanks are part of it: it starts at or after the indentation.
        at = trimmedOuter.indexOf(text, Math.max(0, Math.min(indent, trimmedOuter.length - inner.length)));
        if (at < 0 || trimmedOuter.slice(0, at).trim() !== '') return;
      } else {
        at = trimmedOuter.indexOf(text, from);
        if (at < 0) return;
      }
      found.push({ at, innerAt, length: text.length });
      from = at + text.length;
    }
    const last = found[found.length - 1];
    if (last === undefined) return;
    if (last.innerAt + last.length === inner.length && last.at + last.length !== trimmedOuter.length) return;
    for (const f of found) {
      for (let k = 0; k < f.length; k++) {
        this.lines[offset + f.innerAt + k] = lineNumber;
        this.columns[offset + f.innerAt + k] = f.at + k + 1;
      }
    }
  }

  /** Text written on one line of the outer file from `column` on, character for character. */
  static inLine(text: string, at: Range, line: number, column: number): LocatedText {
    return LocatedText.atColumns(text, at, line, Array.from({ length: text.length }, (_, i) => column + i));
  }

  /**
   * Text written on one line, each character at its own column (escapes make a character take
   * several columns). A line break inside it is not placed.
   */
  static atColumns(text: string, at: Range, line: number, columns: readonly number[]): LocatedText {
    const located = LocatedText.unplaced(text, at);
    columns.forEach((column, i) => {
      if (text[i] === '\n') return;
      located.lines[i] = line;
      located.columns[i] = column;
    });
    return located;
  }

  /**
   * The outer range of `[start, end)`: exact when both ends are placed (on one line, only when the
   * characters between them are written there in a row), else `at`.
   */
  locate(start: number, end: number): Range {
    const last = Math.max(start, end - 1);
    const line = this.lines[start] ?? 0;
    const endLine = this.lines[last] ?? 0;
    if (line === 0 || endLine === 0 || endLine < line) return this.at;
    const column = this.columns[start] ?? 0;
    const lastColumn = this.columns[last] ?? 0;
    if (line === endLine && lastColumn - column !== last - start) return this.at;
    return { line, column, endLine, endColumn: lastColumn + 1 };
  }

  slice(start: number, end: number): LocatedText {
    return new LocatedText(this.text.slice(start, end), this.lines.slice(start, end), this.columns.slice(start, end), this.at);
  }

  /** Several pieces joined into one text, each keeping its positions. */
  static concat(pieces: readonly LocatedText[], at: Range): LocatedText {
    const text = pieces.map((p) => p.text).join('');
    const lines = new Int32Array(text.length);
    const columns = new Int32Array(text.length);
    let offset = 0;
    for (const piece of pieces) {
      lines.set(piece.lines, offset);
      columns.set(piece.columns, offset);
      offset += piece.text.length;
    }
    return new LocatedText(text, lines, columns, at);
  }

  /** The same text located as a whole at another range (for text copied from elsewhere). */
  static hole(length: number, at: Range): LocatedText {
    return LocatedText.unplaced(HOLE.repeat(length), at);
  }
}
