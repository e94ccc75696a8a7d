/**
 * Reading a file that untrusted configuration names. In CI the repository under review — its
 * `.eks-lint.yaml` included — is written by whoever opened the pull request, so a path in it may
 * point at `/proc/self/environ`, `/dev/zero`, a FIFO or a link out of the checkout. Every file the
 * configuration names (the configuration itself when it is found rather than given, `baseline`,
 * and any later setting that names files or folders, such as a rules folder) goes through here:
 *
 * - it must lie inside the configuration's repository, by its path and after resolving symbolic
 *   links (files named on the command line are the user's choice and skip this check);
 * - only regular files are opened (a FIFO or device would block or never end), without waiting on
 *   a FIFO that appears after the check;
 * - at most `maxBytes` are read, however the file grows while it is read;
 * - the text must be UTF-8.
 *
 * Errors name the path and what is wrong, never the file's content.
 */
import { isInside } from '../io/is-inside.js';
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, type Stats, statSync } from 'node:fs';
import { resolve } from 'node:path';

/** A configuration file is a page of settings: 1 MB is far beyond any real one. */
export const MAX_CONFIG_SIZE = 1024 * 1024;

/** A file named by configuration (or the command line) that cannot be used; the message says why. */
export class ConfiguredFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ConfiguredFileError';
  }
}

export interface ConfiguredFileLimits {
  /** The repository the file must stay inside; leave out for a path the command line gave. */
  root?: string;
  maxBytes: number;
}

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a part of the path is not a folder)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a folder',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
};

/** A short reason for a failed file-system call: `no such file (ENOENT)`. */
export function fileErrorReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return REASONS[code] ? `${REASONS[code]} (${code})` : code;
}

/**
 * Throws unless `file` lies inside `root`, both as written and once symbolic links are resolved.
 * A file that does not exist fails here too, with the reason.
 */
export function confineToRoot(file: string, root: string): void {
  const absolute = resolve(file);
  if (!isInside(absolute, resolve(root))) throw new ConfiguredFileError(file, `is outside the repository (${root})`);
  let real: string;
  try {
    real = realpathSync(absolute);
  } catch (error) {
    throw new ConfiguredFileError(file, fileErrorReason(error));
  }
  if (!isInside(real, realpathSync(resolve(root)))) {
    throw new ConfiguredFileError(file, `is a symbolic link to ${real}, outside the repository (${root})`);
  }
}

function checkKind(file: string, stats: Stats, maxBytes: number): void {
  if (stats.isDirectory()) throw new ConfiguredFileError(file, 'is a folder, not a file');
  if (!stats.isFile()) throw new ConfiguredFileError(file, 'is not a regular file (a FIFO, socket or device)');
  if (stats.size > maxBytes) throw new ConfiguredFileError(file, `is ${stats.size} bytes, over the limit of ${maxBytes} bytes`);
}

/** O_NONBLOCK: opening a FIFO that turned up after the check must not wait for a writer. */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function readBytes(file: string, maxBytes: number): Uint8Array {
  checkKind(file, statSync(file), maxBytes);
  const fd = openSync(file, OPEN_FLAGS);
  try {
    // The path may now name something else than what was checked: check what was opened.
    const opened = fstatSync(fd);
    checkKind(file, opened, maxBytes);
    // Files such as those under /proc report size 0 and have content: read up to the limit, plus one byte to notice more.
    let buffer = new Uint8Array(Math.min(Math.max(opened.size, 64 * 1024), maxBytes) + 1);
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) throw new ConfiguredFileError(file, `is over the limit of ${maxBytes} bytes`);
        const bigger = new Uint8Array(Math.min(buffer.length * 2, maxBytes + 1));
        bigger.set(buffer);
        buffer = bigger;
      }
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) return buffer.subarray(0, length);
      length += read;
    }
  } finally {
    closeSync(fd);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file named by configuration (or, without `root`, by the command line), within the limits above. */
export function readConfiguredFile(file: string, limits: ConfiguredFileLimits): string {
  try {
    if (limits.root !== undefined) confineToRoot(file, limits.root);
    const bytes = readBytes(file, limits.maxBytes);
    if (bytes.includes(0)) throw new ConfiguredFileError(file, 'is not text (it contains NUL bytes)');
    return utf8.decode(bytes);
  } catch (error) {
    if (error instanceof ConfiguredFileError) throw error;
    if (error instanceof TypeError) throw new ConfiguredFileError(file, 'is not UTF-8 text');
    throw new ConfiguredFileError(file, fileErrorReason(error));
  }
}
