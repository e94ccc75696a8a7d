import { isAbsolute, relative, sep } from 'node:path';

/**
 * `path` is `folder` or lies below it. Both are absolute; the comparison is textual, so callers that
 * must not be led out by symbolic links resolve them first (config/configured-file.ts).
 */
export function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
