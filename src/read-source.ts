import type { Problem } from './model/finding.js';
import { PARSE_ERROR } from './model/finding.js';
import { FILE_START } from './model/range.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes as UTF-8 text. Binary content (a NUL byte, as git and grep judge it) and
 * invalid UTF-8 are reported as problems instead of being fed to a parser that would produce noise.
 */
export function decodeSource(bytes: Uint8Array): { text: string } | { problem: Problem } {
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) {
    return { problem: { ruleId: PARSE_ERROR, severity: 'error', message: 'Binary file: it contains NUL bytes, so it is not text', range: FILE_START } };
  }
  try {
    const text = utf8.decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { problem: { ruleId: PARSE_ERROR, severity: 'error', message: 'File is not valid UTF-8 text', range: FILE_START } };
  }
}
