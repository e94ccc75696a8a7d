import { constants } from 'node:fs';
import { type FileHandle, lstat, open, stat } from 'node:fs/promises';
import { FILE_TOO_LARGE, PARSE_ERROR, type Problem } from './model/finding.js';
import { FILE_START, type Range } from './model/range.js';

/** Files larger than this are not read (`maxFileSize`): 5 MB, far beyond any real template or manifest. */
export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes a file's bytes as UTF-8 text. Binary content (a NUL byte, as git and grep judge it) and
 * invalid UTF-8 are reported as problems instead of being fed to a parser that would produce noise.
 */
export function decodeSource(bytes: Uint8Array): { text: string } | { problem: Problem } {
  // UTF-16 text has NUL bytes too, but calling it binary would leave its author puzzled.
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return { problem: readProblem('File is UTF-16 (or UTF-32) text; eks-lint reads UTF-8 only: save it as UTF-8') };
  }
  const head = bytes.subarray(0, 8000);
  if (head.includes(0)) {
    return { problem: readProblem('Binary file: it contains NUL bytes, so it is not text') };
  }
  try {
    // The decoder drops the byte-order mark (one: a second one is content).
    return { text: utf8.decode(bytes) };
  } catch {
    return { problem: { ...readProblem('File is not valid UTF-8 text'), range: invalidUtf8Range(bytes) } };
  }
}

function readProblem(message: string, severity: Problem['severity'] = 'error'): Problem {
  return { ruleId: PARSE_ERROR, severity, message, range: FILE_START };
}

/** Byte length of a valid UTF-8 sequence at `i`, or 0 when the bytes there are not one. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < bytes.length && bytes[i + k]! >= lo && bytes[i + k]! <= hi;
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    // No overlong forms (E0 A0..) and no surrogates (ED ..9F).
    const ok = cont(1, b === 0xe0 ? 0xa0 : 0x80, b === 0xed ? 0x9f : 0xbf) && cont(2);
    return ok ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const ok = cont(1, b === 0xf0 ? 0x90 : 0x80, b === 0xf4 ? 0x8f : 0xbf) && cont(2) && cont(3);
    return ok ? 4 : 0;
  }
  return 0;
}

/** Where the first invalid UTF-8 byte is: its line, and its column in the (valid) text before it. */
function invalidUtf8Range(bytes: Uint8Array): Range {
  let line = 1;
  let lineStart = 0;
  let i = 0;
  for (;;) {
    if (i >= bytes.length) return FILE_START;
    const length = utf8SequenceLength(bytes, i);
    if (length === 0) break;
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += length;
  }
  const column = utf8.decode(bytes.subarray(lineStart, i)).length + 1;
  return { line, column, endLine: line, endColumn: column + 1 };
}

/** The bytes of a file, or the problem that stops it from being analysed. */
export type SourceRead = { bytes: Uint8Array } | { problem: Problem };

const REASONS: Record<string, string> = {
  ENOENT: 'it no longer exists (deleted while eks-lint ran?)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ELOOP: 'too many levels of symbolic links',
  EISDIR: 'it is a folder',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

/** `Cannot read file: permission denied (EACCES)`. */
export function readErrorProblem(error: unknown): Problem {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? (error instanceof Error ? error.message : String(error)) : REASONS[code] ? `${REASONS[code]} (${code})` : code;
  return readProblem(`Cannot read file: ${reason}`);
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export function fileTooLarge(size: number | undefined, limit: number): Problem {
  const actual = size === undefined ? 'larger than' : `${megabytes(size)} (${size} bytes), over`;
  return {
    ruleId: FILE_TOO_LARGE,
    severity: 'warning',
    message: `File not analysed: it is ${actual} the ${megabytes(limit)} (${limit} bytes) limit; raise maxFileSize to scan it`,
    range: FILE_START,
  };
}

/** Reads at most `limit + 1` bytes, so that a file growing while it is read cannot exhaust memory. */
async function readBounded(handle: FileHandle, size: number, limit: number): Promise<Uint8Array | undefined> {
  let buffer = new Uint8Array(Math.min(size, limit) + 1);
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > limit) return undefined;
      // The file grew after it was measured: go on, up to the limit.
      const bigger = new Uint8Array(Math.min(buffer.length * 2, limit + 1));
      bigger.set(buffer);
      buffer = bigger;
    }
    const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
    if (bytesRead === 0) return buffer.subarray(0, length);
    length += bytesRead;
  }
}

async function isSymbolicLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}

/** O_NONBLOCK: opening a FIFO that turned up after the check must not wait for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * Reads a file for analysis, or says why it is not analysed: only regular files are read (a FIFO
 * or a device named on the command line would block or never end), and only up to `limit` bytes.
 * `given` is content that is not on disk (an editor buffer from stdin).
 */
export async function readSource(file: string, given: Uint8Array | undefined, limit: number = DEFAULT_MAX_FILE_SIZE): Promise<SourceRead> {
  // Standard input is read only to one byte past the limit (read-stream.ts): its full size is unknown.
  if (given !== undefined) return given.length > limit ? { problem: fileTooLarge(undefined, limit) } : { bytes: given };
  let handle: FileHandle | undefined;
  try {
    const before = await stat(file);
    if (!before.isFile()) return { problem: readProblem('Cannot read file: not a regular file (a FIFO, socket or device)') };
    if (before.size > limit) return { problem: fileTooLarge(before.size, limit) };
    handle = await open(file, OPEN_FLAGS);
    // The path may now name something else than what was checked: check what was opened.
    const opened = await handle.stat();
    if (!opened.isFile()) return { problem: readProblem('Cannot read file: not a regular file (a FIFO, socket or device)') };
    if (opened.size > limit) return { problem: fileTooLarge(opened.size, limit) };
    const bytes = await readBounded(handle, opened.size, limit);
    return bytes === undefined ? { problem: fileTooLarge(undefined, limit) } : { bytes };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (await isSymbolicLink(file))) {
      return { problem: readProblem('Cannot read file: it is a broken symbolic link (ENOENT)') };
    }
    return { problem: readErrorProblem(error) };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
