import { isAbsolute, relative, sep } from 'node:path';

/**
 * The path of `file` relative to `cwd` with `/` separators, or `undefined` when the file is not
 * below `cwd` (another folder up the tree, another drive).
 */
export function relativePath(file: string, cwd: string): string | undefined {
  const rel = relative(cwd, file);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  return rel.split(sep).join('/');
}

/** What the text formats show: the relative path below `cwd`, the absolute path otherwise. */
export function displayPath(file: string, cwd: string): string {
  return relativePath(file, cwd) ?? file;
}
