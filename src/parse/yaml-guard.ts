/**
 * A cheap, linear look at YAML text before the `yaml` package parses it, for two input shapes that
 * make that parser misbehave (measured: SECURITY.md):
 *
 * - Nesting. yaml composes nodes recursively and, on deep input, runs out of stack; it catches that
 *   itself, but where it happens depends on the stack left, so the same file would give different
 *   errors in different processes. Nesting deeper than the tree builder's limit is refused here,
 *   always with the same message.
 * - Blank or comment lines that close deep nesting. When a deeply nested block structure ends after
 *   a long run of such lines, the parser walks that run once for every level it closes:
 *   O(levels × lines). 10,000 levels and a million blank lines, a 1 MB file, take two minutes.
 *
 * The shape is estimated from indentation, block indicators and brackets, not parsed: it may only
 * over-estimate, and no real file comes near either limit (the largest estimates in the test corpus
 * are 399 steps and depth 20).
 */

/** Estimated parser steps (levels closed × blank/comment lines they close over) allowed per file. */
export const MAX_CLOSE_WORK = 10_000_000;

export interface YamlShape {
  /** The close-work estimate, summed over the file. */
  closeWork: number;
  /** 1-based line of the content line that closes the most expensive run. */
  closeLine: number;
  /** Deepest nesting seen (block levels plus open brackets), an over-estimate. */
  depth: number;
  /** 1-based line where `depth` is first reached. */
  depthLine: number;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const HASH = 0x23;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * Columns at which a line opens block levels: its indentation, then one more after each leading
 * `- `, `? ` or `: ` indicator (`- - x` opens sequences at columns 0 and 2).
 */
function levelColumns(text: string, start: number, end: number, indent: number): number[] {
  const columns = [indent];
  let i = start + indent;
  for (;;) {
    const c = text.charCodeAt(i);
    if ((c !== 0x2d && c !== 0x3f && c !== 0x3a) || i + 1 >= end || !isBlank(text.charCodeAt(i + 1))) break; // - ? :
    i += 2;
    while (i < end && isBlank(text.charCodeAt(i))) i++;
    columns.push(i - start);
  }
  return columns;
}

/** `key: |`, `- >-`, `|2+ # comment`: the line ends with a block scalar header. */
const BLOCK_SCALAR_HEADER = /(?:^|[\s:-])[|>][-+0-9]*\s*(?:#.*)?$/;

export function scanYamlShape(text: string): YamlShape {
  const shape: YamlShape = { closeWork: 0, closeLine: 1, depth: 0, depthLine: 1 };
  const open: number[] = [];
  let worstClose = 0;
  let run = 0;
  let line = 0;
  let flow = 0;
  let quote = 0; // the quote character of a quoted scalar that spans lines, or 0
  let blockScalarParent = -1; // lines indented more than this belong to a block scalar
  const close = (toColumn: number) => {
    let closed = 0;
    while (open.length > 0 && open[open.length - 1]! > toColumn) {
      open.pop();
      closed++;
    }
    const cost = run * closed;
    shape.closeWork += cost;
    if (cost > worstClose) {
      worstClose = cost;
      shape.closeLine = line;
    }
    run = 0;
  };
  const reach = (depth: number) => {
    if (depth > shape.depth) {
      shape.depth = depth;
      shape.depthLine = line;
    }
  };
  for (let start = 0; start <= text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line++;
    let indent = 0;
    while (start + indent < end && isBlank(text.charCodeAt(start + indent))) indent++;
    const first = start + indent < end ? text.charCodeAt(start + indent) : CR;
    const blank = first === CR || first === HASH;
    if (blockScalarParent >= 0 && (blank || indent > blockScalarParent)) {
      // Inside a block scalar: text, not structure.
      if (blank) run++;
    } else if (flow === 0 && quote === 0 && blank) {
      run++;
    } else {
      blockScalarParent = -1;
      if (flow === 0 && quote === 0) {
        if (indent === 0 && (text.startsWith('---', start) || text.startsWith('...', start))) {
          close(-1);
          start = end + 1;
          continue;
        }
        close(indent);
        for (const column of levelColumns(text, start, end, indent)) {
          if (open.length === 0 || open[open.length - 1]! < column) open.push(column);
        }
        if (BLOCK_SCALAR_HEADER.test(text.slice(start + indent, end))) blockScalarParent = indent;
      }
      // Brackets and quotes, outside comments and quoted scalars.
      let scalarStart = true;
      for (let i = start + indent; i < end; i++) {
        const c = text.charCodeAt(i);
        if (quote !== 0) {
          if (quote === 0x22 && c === 0x5c) i++; // \ escapes in double quotes
          else if (c === quote && !(quote === 0x27 && text.charCodeAt(i + 1) === 0x27)) quote = 0;
          else if (quote === 0x27 && c === 0x27) i++; // '' in single quotes
          continue;
        }
        if (c === HASH && (i === start || isBlank(text.charCodeAt(i - 1)))) break;
        if ((c === 0x22 || c === 0x27) && scalarStart) quote = c;
        else if ((c === 0x5b || c === 0x7b) && (scalarStart || flow > 0)) reach(open.length + ++flow); // [ {
        else if ((c === 0x5d || c === 0x7d) && flow > 0) flow--; // ] }
        if (!isBlank(c)) scalarStart = c === 0x5b || c === 0x7b || c === 0x2c || c === 0x3a || c === 0x2d || c === 0x3f; // [ { , : - ?
      }
      reach(open.length + flow);
    }
    start = end + 1;
  }
  close(-1);
  return shape;
}
