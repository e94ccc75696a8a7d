import type { Finding } from '../model/finding.js';

/**
 * C0 and C1 control characters (ANSI escape sequences start with one) and the Unicode bidi
 * overrides that can make a line read differently from what it contains.
 */
const UNSAFE = /[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;

/** `\x1b` for a character up to U+00FF, `\u202e` beyond. */
export function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Shows control characters as `\x1b`-style escapes, so that text cannot drive a terminal. */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visibleEscape);
}

/** Like escapeControl, but CR and LF stay: for formats that encode them themselves (GitHub's `%0D%0A`). */
export function escapeControlKeepLineBreaks(text: string): string {
  return text.replace(UNSAFE, (char) => (char === '\n' || char === '\r' ? char : visibleEscape(char)));
}

/**
 * JSON.stringify escapes C0 controls but leaves DEL, C1 controls, bidi overrides and the Unicode
 * line separators raw; as `\u` escapes they mean the same to a JSON parser and nothing to a
 * terminal the JSON is printed on. (They can only occur inside strings, so replacing them anywhere
 * in JSON text is safe.)
 */
export function inertJson(json: string): string {
  return json.replace(/[\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of plain, terminal-safe text: whitespace runs (newlines included) become one space. */
export function oneLine(text: string): string {
  return escapeControl(text.replace(/\s+/g, ' ').trim());
}

/** The finding's message, followed by its fix hint when it has one. */
export function messageWithFix(finding: Finding, separator = ' '): string {
  return finding.fix ? `${finding.message}${separator}Fix: ${finding.fix}` : finding.message;
}
