/**
 * Reading the template files of `templatefile()`: scanned input is untrusted, so a template is read
 * only when it lies inside a scanned folder (after resolving symbolic links), is a regular file and
 * is no larger than scanned files may be. Anything else leaves the call unknown.
 */
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { readConfiguredFile } from '../../../config/configured-file.js';
import { isInside } from '../../../io/is-inside.js';

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
      if (!roots.some((root) => isInside(resolve(file), resolve(root)))) throw new Error('outside the scanned folders');
      const real = realpathSync(file);
      // Regular files only, at most maxFileSize, UTF-8 text: else the call stays unknown.
      if (realRoots.some((root) => isInside(real, root))) text = readConfiguredFile(real, { maxBytes: maxFileSize });
    } catch {
      text = undefined;
    }
    cache.set(file, text);
    return text;
  };
}
