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

/** One line of plain, terminal-safe text: whitespace runs (newlines included) become one space. */
export function oneLine(text: string): string {
  return escapeControl(text.replace(/\s+/g, ' ').trim());
}

/** The finding's message, followed by its fix hint when it has one. */
export function messageWithFix(finding: Finding, separator = ' '): string {
  return finding.fix ? `${finding.message}${separator}Fix: ${finding.fix}` : finding.message;
}
