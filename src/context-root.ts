import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Config } from './config/config.js';

/** The top of the git work tree that holds `start`, if any. */
export function gitWorkTree(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** `path` names a regular file (through links); false for anything missing or unreadable. */
export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * When eks-lint is handed individual files (pre-commit, an editor), cross-file rules still need the
 * rest of the repository: the folder of the configuration file when there is one, else the git work
 * tree. Handed a folder, the folder itself is the whole context.
 */
export function contextRoot(paths: readonly string[], cwd: string, config: Config, virtual: readonly string[] = []): string | undefined {
  const absolute = paths.map((p) => resolve(cwd, p));
  const onlyFiles = absolute.length > 0 && absolute.every((p) => isFile(p) || virtual.includes(p));
  if (!onlyFiles) return undefined;
  return config.file ? config.dir : gitWorkTree(dirname(absolute[0]!));
}
