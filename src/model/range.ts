/**
 * Source positions. Lines and columns are 1-based; `endColumn` is exclusive (the column just after
 * the last character), which is what ESLint, SARIF and GitHub annotations expect. Columns count
 * UTF-16 code units, the unit of JavaScript strings and of SARIF's default `columnKind`.
 */
export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * Set only on the range of a value that comes from another file than the resource it ends up in:
   * an argument of a `module` block, passed into a module downloaded by `terraform init`.
   */
  file?: string;
}

/** A range that covers the whole first line, for problems that have no better anchor. */
export const FILE_START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

/** Turns character offsets into 1-based line/column positions, in O(log lines) per lookup. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }
  }

  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.lineStarts[low] ?? 0) + 1 };
  }

  range(start: number, end: number): Range {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }
}
