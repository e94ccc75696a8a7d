import { existsSync, lstatSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';
import { SCANNED_EXTENSIONS, syntaxOf } from './extensions.js';

/** Folders that hold generated or vendored code, never the user's own infrastructure. */
export const ALWAYS_SKIPPED = ['**/node_modules/**', '**/.terraform/**', '**/.git/**'];

export interface Discovery {
  /** Absolute paths, sorted, without duplicates. */
  files: string[];
  /** Arguments that name nothing on disk. */
  missing: string[];
}

interface GitignoreScope {
  dir: string;
  rules: Ignore;
}

function loadGitignore(dir: string): GitignoreScope | undefined {
  const file = join(dir, '.gitignore');
  // A regular file only, and not through a link (git does not follow a linked .gitignore either):
  // reading a FIFO named .gitignore would wait forever, and a link could point anywhere.
  if (!isRegularFileNotLink(file)) return undefined;
  return { dir, rules: ignore().add(readFileSync(file, 'utf8')) };
}

/** The `.gitignore` files above `root` up to the repository top, which apply to it too. */
function ancestorGitignores(root: string): GitignoreScope[] {
  const scopes: GitignoreScope[] = [];
  let dir = root;
  while (!existsSync(join(dir, '.git')) && dirname(dir) !== dir) {
    dir = dirname(dir);
    const scope = loadGitignore(dir);
    if (scope) scopes.push(scope);
  }
  return scopes;
}

function isIgnored(file: string, scopes: readonly GitignoreScope[]): boolean {
  return scopes.some(({ dir, rules }) => {
    if (!file.startsWith(dir + sep)) return false;
    return rules.ignores(relative(dir, file).split(sep).join('/'));
  });
}

/** Whether a folder is ignored: a pattern may name it as a folder (`cdk.out/`) or as any path (`cdk.out`). */
function isIgnoredFolder(folder: string, scopes: readonly GitignoreScope[]): boolean {
  return scopes.some(({ dir, rules }) => {
    if (!folder.startsWith(dir + sep)) return false;
    const rel = relative(dir, folder).split(sep).join('/');
    return rules.ignores(rel) || rules.ignores(rel + '/');
  });
}

async function discoverDirectory(root: string): Promise<string[]> {
  const pattern = `**/*.{${SCANNED_EXTENSIONS.join(',')}}`;
  const [candidates, gitignores] = await Promise.all([
    fg(pattern, { cwd: root, absolute: true, dot: true, ignore: ALWAYS_SKIPPED, onlyFiles: true, followSymbolicLinks: false, suppressErrors: true }),
    // Links are not followed by either walk: a link to `.` or `/` would otherwise loop or leave the tree.
    fg('**/.gitignore', { cwd: root, absolute: true, dot: true, ignore: ALWAYS_SKIPPED, followSymbolicLinks: false, suppressErrors: true }),
  ]);
  // A folder named on the command line that a `.gitignore` above it ignores (a build output such as
  // the CDK's `cdk.out`) is scanned: the user named it. Its own `.gitignore` files still apply.
  const ancestors = ancestorGitignores(root);
  const scopes = [
    ...(isIgnoredFolder(root, ancestors) ? [] : ancestors),
    ...gitignores.map((file) => loadGitignore(dirname(resolve(file)))).filter((s): s is GitignoreScope => s !== undefined),
  ];
  return candidates.map((file) => resolve(file)).filter((file) => syntaxOf(file) !== undefined && !isIgnored(file, scopes));
}

/**
 * Expands command-line paths into the files to scan. A directory is searched recursively for the
 * supported extensions, honouring `.gitignore`; a file named explicitly is always scanned, as a
 * user (or pre-commit) who names a file means it.
 */
export interface Exclusions {
  /** gitignore-style patterns, relative to `base`. */
  patterns: readonly string[];
  base: string;
}

/** Whether a file matches gitignore-style patterns relative to `base` (a file outside `base` never does). */
export function pathMatcher(patterns: Exclusions): (file: string) => boolean {
  if (patterns.patterns.length === 0) return () => false;
  const rules = ignore().add([...patterns.patterns]);
  return (file) => {
    const rel = relative(patterns.base, file);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) && rules.ignores(rel.split(sep).join('/'));
  };
}

function excluder(exclusions: Exclusions | undefined): (file: string) => boolean {
  return exclusions ? pathMatcher(exclusions) : () => false;
}

function isRegularFileNotLink(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

function isSymbolicLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

export async function discover(paths: readonly string[], cwd: string = process.cwd(), exclusions?: Exclusions): Promise<Discovery> {
  const isExcluded = excluder(exclusions);
  const files = new Set<string>();
  const missing: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    let stats;
    try {
      stats = statSync(absolute);
    } catch {
      // A broken or looping symbolic link is there but cannot be read: reading it says why (read-source.ts).
      if (isSymbolicLink(absolute)) files.add(absolute);
      else missing.push(path);
      continue;
    }
    if (stats.isDirectory()) for (const file of await discoverDirectory(absolute)) files.add(file);
    else files.add(absolute);
  }
  return { files: [...files].filter((file) => !isExcluded(file)).sort(), missing };
}
