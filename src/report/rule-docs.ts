import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isBuiltinRule } from '../engine/load-rules.js';
import type { Rule } from '../engine/rule.js';

/** The rule pages (docs/rules/<id>.md), shipped in the package beside `rules/`. */
export const RULE_DOCS_DIR = fileURLToPath(new URL('../../docs/rules/', import.meta.url));
const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

interface PackageLinks {
  homepage?: unknown;
  repository?: unknown;
}

/** `git+https://github.com/o/r.git`, `github:o/r`, `o/r` or `{url}` → `https://github.com/o/r`, for GitHub repositories. */
function githubRepository(repository: unknown): string | undefined {
  const url = typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') return undefined;
  const match = /^(?:github:|(?:git\+)?(?:https?|ssh|git):\/\/(?:git@)?github\.com\/|git@github\.com:)?([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url);
  return match ? `https://github.com/${match[1]}/${match[2]}` : undefined;
}

/**
 * Where the rule pages are published: the package's GitHub `repository` (the page at the default
 * branch), else its `homepage` + `/docs/rules/`. Undefined when package.json names neither.
 */
export function publishedDocsBase(links: PackageLinks): string | undefined {
  const repository = githubRepository(links.repository);
  if (repository) return `${repository}/blob/HEAD/docs/rules/`;
  if (typeof links.homepage === 'string' && /^https:\/\//.test(links.homepage)) return `${links.homepage.replace(/\/+$/, '')}/docs/rules/`;
  return undefined;
}

let cachedBase: string | undefined | null = null;

function docsBase(): string | undefined {
  if (cachedBase === null) cachedBase = publishedDocsBase(JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as PackageLinks);
  return cachedBase;
}

/** Built-in rules have a page; rules from a user's rules folder do not. */
function docsFile(rule: Pick<Rule, 'id' | 'file'>): string | undefined {
  if (!isBuiltinRule(rule)) return undefined;
  const file = join(RULE_DOCS_DIR, `${rule.id}.md`);
  return existsSync(file) ? file : undefined;
}

/**
 * The address of a rule's page: on the published repository or site when package.json says where
 * that is, else the page shipped with the package (a file: URL, which terminals and editors open).
 * Undefined for a rule without a page (a user's own rule).
 */
export function ruleDocsUrl(rule: Pick<Rule, 'id' | 'file'>): string | undefined {
  const file = docsFile(rule);
  if (!file) return undefined;
  const base = docsBase();
  return base ? `${base}${rule.id}.md` : pathToFileURL(file).href;
}

/** The text of a rule's page, if it has one. */
export function ruleDocsPage(rule: Pick<Rule, 'id' | 'file'>): string | undefined {
  const file = docsFile(rule);
  return file ? readFileSync(file, 'utf8') : undefined;
}
