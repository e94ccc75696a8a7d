/**
 * Time limits for tree-sitter's HCL parse, checked through its progress callback (called every
 * hundred or so parser operations). Valid Terraform parses at about 2 MB/s, but error recovery on
 * garbage costs up to several seconds per MB (measured: SECURITY.md), and a file with a syntax
 * error is not judged anyway (analyze.ts): all that is left to learn is where the first error is.
 */
import type { ParseOptions, ParseState } from 'web-tree-sitter';
import { PARSE_ERROR, type Problem } from '../model/finding.js';
import type { Range } from '../model/range.js';

/** Once the parser has met a syntax error, it may go on recovering for this long... */
export const HCL_ERROR_BUDGET_MS = 1000;
/**
 * ...and grow its WebAssembly memory by this much: on garbage, error recovery grows it by about
 * 130 MB a second (and WebAssembly memory never shrinks).
 */
export const HCL_ERROR_MEMORY_BUDGET = 48 * 1024 * 1024;
/**
 * Any parse stops after 1 s plus 1 s per MB: twice what valid Terraform needs, while error recovery
 * that has not flagged an error yet (it keeps several candidate parses) has taken 2.7 s on 11 KB.
 */
export const HCL_PARSE_BASE_MS = 1000;
export const HCL_PARSE_MS_PER_MB = 1000;
/**
 * A tree with a syntax error is not judged (analyze.ts); past this many nodes it is not even
 * converted (400 KB of `{` make 800,000 nodes and a second of conversion): only its error is read.
 */
export const MAX_BROKEN_TREE_NODES = 100_000;

export class HclParseBudget {
  private readonly start = performance.now();
  private readonly external = process.memoryUsage().external;
  private calls = 0;
  private readonly limit: number;
  /** Where the parser first met an error, in UTF-16 code units (tree-sitter reports bytes of UTF-16). */
  private errorAt: number | undefined;

  constructor(length: number) {
    this.limit = HCL_PARSE_BASE_MS + (HCL_PARSE_MS_PER_MB * length) / (1024 * 1024);
  }

  readonly options: ParseOptions = { progressCallback: (state) => this.exceeded(state) };

  /** Returning true cancels the parse: `parse` then returns null. */
  private exceeded(state: ParseState): boolean {
    if (state.hasError && this.errorAt === undefined) this.errorAt = Math.floor(state.currentOffset / 2);
    if (this.errorAt === undefined) return performance.now() - this.start > this.limit;
    // Memory is looked at every 16th call (about every half millisecond): it costs 10 µs.
    if (++this.calls % 16 === 0 && process.memoryUsage().external - this.external > HCL_ERROR_MEMORY_BUDGET) return true;
    return performance.now() - this.start > HCL_ERROR_BUDGET_MS;
  }

  /** The finding for a cancelled parse: at the first error when there was one. */
  problem(content: string): Problem {
    if (this.errorAt === undefined) {
      const size = (content.length / (1024 * 1024)).toFixed(1);
      const message = `Not analysed: the HCL parser did not finish within ${(this.limit / 1000).toFixed(1)} s (${size} MB of text)`;
      return { ruleId: PARSE_ERROR, severity: 'error', message, range: positionOf(content, 0) };
    }
    const message =
      'Syntax error near here; the HCL parser gave up on the rest of the file (its error recovery ran out of time or memory), ' +
      'so nothing in this file is checked';
    return { ruleId: PARSE_ERROR, severity: 'error', message, range: positionOf(content, this.errorAt) };
  }
}

function positionOf(content: string, offset: number): Range {
  const at = Math.min(offset, content.length);
  let line = 1;
  let lineStart = 0;
  for (let i = content.indexOf('\n'); i >= 0 && i < at; i = content.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  const column = at - lineStart + 1;
  return { line, column, endLine: line, endColumn: column };
}
