/**
 * Reading the template files of `templatefile()`: scanned input is untrusted, so a template is read
 * only when it lies inside a scanned folder (after resolving symbolic links), is a regular file and
 * is no larger than scanned files may be. Anything else leaves the call unknown.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { constants } from 'node:fs';
import { resolve, sep } from 'node:path';

function inside(path: string, dir: string): boolean {
  return path === dir || path.startsWith(dir.endsWith(sep) ? dir : dir + sep);
}

export function templateReader(roots: readonly string[], maxFileSize: number): (file: string) => string | undefined {
  const realRoots = roots.flatMap((r) => {
    try {
      return [realpathSync(r)];
    } catch {
      return [];
    }
  });
  const cache = new Map<string, string | undefined>();
  return (file) => {
    if (cache.has(file)) return cache.get(file);
    let text: string | undefined;
    try {
      // A path outside the scan is not even looked at; one inside is checked again once links are resolved.
      if (!roots.some((root) => inside(resolve(file), resolve(root)))) throw new Error('outside the scanned folders');
      const real = realpathSync(file);
      if (realRoots.some((root) => inside(real, root))) text = readBounded(real, maxFileSize);
    } catch {
      text = undefined;
    }
    cache.set(file, text);
    return text;
  };
}

function readBounded(file: string, limit: number): string | undefined {
  // O_NONBLOCK: a FIFO must not wait for a writer; what was opened is checked, not the path.
  const fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile() || stat.size > limit) return undefined;
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, read));
  } catch {
    // Not UTF-8: not a template Terraform would read either.
    return undefined;
  } finally {
    closeSync(fd);
  }
}
