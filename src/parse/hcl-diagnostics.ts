/**
 * Syntax-error wording from HashiCorp's own HCL parser (`@cdktf/hcl2json`, Go compiled to wasm),
 * so that a parse error reads as Terraform would print it. Loaded only when a file has an error:
 * it costs a second wasm runtime, and it has no positions to offer for anything else.
 */
import { createRequire } from 'node:module';
import type * as Hcl2Json from '@cdktf/hcl2json';
import type { Range } from '../model/range.js';

export interface HclDiagnostic {
  message: string;
  range: Range;
}

/** The name given to hcl2json, fixed so that its messages can be parsed whatever the real path is. */
const FILE = 'input.tf';
/** `input.tf:4,30-5,1: Summary; Detail` — HCL's hcl.Range format; the end line is left out when equal. */
const DIAGNOSTIC = /input\.tf:(\d+),(\d+)-(?:(\d+),)?(\d+): (.*?)(?= input\.tf:\d+,\d+-|\]$)/gs;
/** hcl2json waits forever if its runtime failed to start; never let a scan hang on it. */
const TIMEOUT_MS = 15_000;
/**
 * HCL's parser recurses per nesting level, and its Go runtime dies (for the whole process) on a
 * JavaScript stack overflow, which starts between 1,000 and 2,000 levels: deeper input is not sent.
 */
const MAX_NESTING = 500;

/**
 * HCL's parser is quadratic in the lines of a heredoc (it joins the literal parts one by one):
 * 32,000 empty heredoc lines, 64 KB, take 14 s, and 200,000 take more than 2 GB and crash the Go
 * runtime for the whole process. It runs synchronously, so no timeout can stop it: larger input is
 * not sent, and its syntax error is then worded from tree-sitter's. The largest .tf file of the
 * test corpus has 1,509 lines and 59 KB; at these limits the worst input measured costs 0.2 s.
 */
export const MAX_DIAGNOSTIC_CHARS = 64 * 1024;
export const MAX_DIAGNOSTIC_LINES = 4000;

/** Cleared after a failure that was not a diagnostic: the Go runtime may be dead, and then hangs. */
let usable = true;

/**
 * The first syntax error HCL reports for `content`, `'valid'` when HCL accepts it, or `undefined`
 * when HCL could not tell (input nested too deeply for it, runtime unavailable, crashed or too slow).
 */
export async function hclDiagnostic(content: string): Promise<HclDiagnostic | 'valid' | undefined> {
  if (!usable || content.length > MAX_DIAGNOSTIC_CHARS || lineCount(content) > MAX_DIAGNOSTIC_LINES || maxNesting(content) > MAX_NESTING) {
    return undefined;
  }
  let message: string;
  try {
    const { parse } = createRequire(import.meta.url)('@cdktf/hcl2json') as typeof Hcl2Json;
    await withTimeout(parse(FILE, content), TIMEOUT_MS);
    return 'valid';
  } catch (error) {
    message = error instanceof Error ? error.message : String(error);
  }
  // HCL does not sort its diagnostics; the earliest one is the one to fix first. Garbage input
  // yields thousands, so only the first gets the (line-length) column conversion.
  let first: RegExpMatchArray | undefined;
  for (const match of message.matchAll(DIAGNOSTIC)) {
    if (!first || compare(match, first) < 0) first = match;
  }
  if (!first) {
    usable = false;
    return undefined;
  }
  const [, line, column, endLine, endColumn, text = ''] = first;
  const lines = content.split('\n');
  const start = Number(line);
  const end = endLine === undefined ? start : Number(endLine);
  return {
    message: formatMessage(text),
    range: { line: start, column: utf16Column(lines, start, Number(column)), endLine: end, endColumn: utf16Column(lines, end, Number(endColumn)) },
  };
}

function lineCount(content: string): number {
  let lines = 1;
  for (let i = content.indexOf('\n'); i >= 0; i = content.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Bracket nesting, counted without regard to strings or comments: it may only over-estimate. */
function maxNesting(content: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 0x7b || c === 0x5b || c === 0x28) max = Math.max(max, ++depth); // { [ (
    else if (c === 0x7d || c === 0x5d || c === 0x29) depth = Math.max(0, depth - 1); // } ] )
  }
  return max;
}

function compare(a: RegExpMatchArray, b: RegExpMatchArray): number {
  return Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]);
}

/** `Summary; Detail` → `Summary: Detail` (the detail is a sentence of its own). */
function formatMessage(text: string): string {
  const split = text.indexOf('; ');
  return split < 0 ? text.trim() : `${text.slice(0, split)}: ${text.slice(split + 2).trim()}`;
}

/**
 * A grapheme cluster, closely enough for column counting: a character with its combining marks,
 * variation selectors and emoji modifiers, ZWJ sequences and flag pairs. (Intl.Segmenter is
 * exact but quadratic on long lines in V8, and garbage input has very long lines.)
 */
const CLUSTER = /[\u{1F1E6}-\u{1F1FF}]{2}|[^](?:[\p{M}\u{1F3FB}-\u{1F3FF}]|\u200D[^])*/gu;

/** HCL counts columns in grapheme clusters; ours are UTF-16 code units. */
function utf16Column(lines: string[], line: number, column: number): number {
  const text = lines[line - 1] ?? '';
  CLUSTER.lastIndex = 0;
  let seen = 1;
  while (seen < column && CLUSTER.lastIndex < text.length && CLUSTER.exec(text)) seen++;
  return CLUSTER.lastIndex + 1 + Math.max(0, column - seen);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hcl2json gave no answer within ${ms} ms`)), ms);
    timer.unref();
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
