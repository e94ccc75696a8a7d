/**
 * Work limits for tree-sitter's HCL parse, checked through its progress callback, which the parser
 * calls once every 100 parse operations: counting the calls measures the parser's work, which is
 * the same for the same input on any machine, however loaded. (A time limit made the same file
 * judged on an idle machine and "not analysed" on a busy one: SECURITY.md.)
 *
 * Measured (npm run bench:hardening, SECURITY.md): ~900 real Terraform files take 13 calls per KB;
 * the densest valid shapes (long lists of one-digit numbers, 500-deep tuples) up to 72, at 0.02 to
 * 0.2 ms a call depending on the input and the machine's load; error recovery on garbage costs far
 * more per call (see HCL_ERROR_CALLS), and some fuzzed input recovers for thousands of calls per KB
 * before any error is flagged (it keeps several candidate parses).
 */
import type { ParseOptions, ParseState } from 'web-tree-sitter';
import { PARSE_ERROR, type Problem } from '../model/finding.js';
import { LineIndex, type Range } from '../model/range.js';

/**
 * Any parse may take this many progress calls (enough for any file under about 250 KB, however
 * dense), plus HCL_CALLS_PER_KB per KB of text...
 */
export const HCL_BASE_CALLS = 10_000;
/**
 * ...which is 2.5 times what real Terraform needs (13 per KB), and enough for long lists of
 * quoted strings (41 per KB) in files of a few MB. Denser shapes (lists of one-digit numbers, 61
 * per KB) are only read up to a few hundred KB: 5 MB of them cost 140 s and 4 GB before this limit.
 */
export const HCL_CALLS_PER_KB = 32;
/**
 * Once the parser has met a syntax error, it may go on recovering for this many calls: on random
 * text, recovery grows WebAssembly memory (which never shrinks) by about 50 KB and takes 0.3 to
 * 1.3 ms per call, so this is about 50 MB. A file with a syntax error is not judged anyway
 * (analyze.ts): all that is left to learn is where the first error is.
 */
export const HCL_ERROR_CALLS = 1_000;
/**
 * ...and for at most this long. Progress calls do not measure all of recovery's work: on a long
 * line it re-reads the line at every step, and 115 calls have taken 3.4 s (a fuzzed 11 KB file).
 * Once there is a syntax error the file is not judged whatever happens, and the error is reported
 * at the place the parser first met it either way; only its wording can differ (see hcl.ts).
 */
export const HCL_ERROR_BUDGET_MS = 1_000;
/**
 * A last resort only, never reached by input within the work limits (a 5 MB file at the limit
 * is about 175,000 calls, well under a minute even on a loaded machine): a wall-clock bound in case
 * the parser itself ever stops calling back with progress as it should.
 */
export const HCL_SAFETY_NET_MS = 300_000;
/**
 * A tree with a syntax error is not judged (analyze.ts); past this many nodes it is not even
 * converted (400 KB of `{` make 800,000 nodes and a second of conversion): only its error is read.
 */
export const MAX_BROKEN_TREE_NODES = 100_000;
/**
 * A valid tree of more nodes is not converted either: conversion costs about 350 bytes a node.
 * Real Terraform makes 240 to 390 nodes per KB, so a 5 MB file of it stays under this.
 */
export const MAX_HCL_TREE_NODES = 2_500_000;

/** The finding for a tree too large to convert. */
export function positionAt(content: string, offset: number): Range {
  return positionOf(content, offset);
}

export function tooManyNodes(count: number): Problem {
  const message = `Not analysed: the HCL syntax tree has ${count} nodes, over the limit of ${MAX_HCL_TREE_NODES} (real Terraform makes under 400 per KB)`;
  return { ruleId: PARSE_ERROR, severity: 'error', message, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
}

export class HclParseBudget {
  private readonly start = performance.now();
  private calls = 0;
  /** When the parser first met an error. */
  private errorTime = 0;
  /** The call at which the parser first met an error. */
  private errorCall: number | undefined;
  /** Where the parser first met an error, in UTF-16 code units (tree-sitter reports bytes of UTF-16). */
  private errorAt: number | undefined;
  readonly limit: number;
  private timedOut = false;

  constructor(length: number) {
    this.limit = HCL_BASE_CALLS + Math.ceil((HCL_CALLS_PER_KB * length) / 1024);
  }

  readonly options: ParseOptions = { progressCallback: (state) => this.exceeded(state) };

  /** Counts one progress call; true cancels the parse (web-tree-sitter then returns null). */
  exceeded(state: ParseState): boolean {
    this.calls++;
    if (state.hasError && this.errorAt === undefined) {
      this.errorAt = Math.floor(state.currentOffset / 2);
      this.errorCall = this.calls;
      this.errorTime = performance.now();
    }
    if (this.calls > this.limit) return true;
    if (this.errorCall !== undefined) {
      return this.calls - this.errorCall > HCL_ERROR_CALLS || performance.now() - this.errorTime > HCL_ERROR_BUDGET_MS;
    }
    // The clock is read every 1,000th call only: it is a safety net, not a limit.
    if (this.calls % 1000 === 0 && performance.now() - this.start > HCL_SAFETY_NET_MS) {
      this.timedOut = true;
      return true;
    }
    return false;
  }

  /** Where the parser first met a syntax error (UTF-16 offset), if it did. */
  get firstError(): number | undefined {
    return this.errorAt;
  }

  /** The finding for a cancelled parse: at the first error when there was one. */
  problem(content: string): Problem {
    if (this.errorAt === undefined) {
      const size = (content.length / 1024).toFixed(0);
      const why = this.timedOut
        ? `did not finish within ${HCL_SAFETY_NET_MS / 1000} s`
        : `needed more than ${this.limit * 100} steps for ${size} KB of text (real Terraform needs about 1,300 per KB)`;
      const message = `Not analysed: the HCL parser ${why}`;
      return { ruleId: PARSE_ERROR, severity: 'error', message, range: positionOf(content, 0) };
    }
    const message =
      'Syntax error near here; the HCL parser gave up on the rest of the file (its error recovery ran out of its work budget), ' +
      'so nothing in this file is checked';
    return { ruleId: PARSE_ERROR, severity: 'error', message, range: positionOf(content, this.errorAt) };
  }
}

function positionOf(content: string, offset: number): Range {
  const at = Math.min(offset, content.length);
  const { line, column } = new LineIndex(content.slice(0, at + 1)).position(at);
  return { line, column, endLine: line, endColumn: column };
}
