/**
 * Users' own rules: rule files in folders named by `--rules-dir` or the configuration's
 * `rulesDir`, validated and compiled exactly as the built-in ones. A folder named by the
 * configuration comes from the scanned repository, which is untrusted: it must lie inside that
 * repository, and its files are read as scanned files are (regular files only, size limit).
 */
import { readdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Config } from '../config/config.js';
import { settingLocation } from '../config/config.js';
import { gitWorkTree } from '../context-root.js';
import { DEFAULT_MAX_FILE_SIZE, decodeSource, readSource } from '../read-source.js';
import { RuleLoadError, type RuleSource, compileRules, fieldPosition, loadRules } from './load-rules.js';
import type { Rule } from './rule.js';
import { unboundedKeyword } from './bounded-schema.js';
import { isInside } from '../io/is-inside.js';

/** A folder of rule files and where it was named. */
export interface RulesFolder {
  dir: string;
  /** `--rules-dir`, or the configuration file that names it. */
  origin: string;
  /** A folder it must stay inside (after symbolic links are resolved): the repository, for a configuration's folder. */
  within?: string;
}

/** The folders the command line and the configuration name, command line first. */
export function rulesFolders(cliDirs: readonly string[], config: Config, cwd: string): RulesFolder[] {
  const repository = config.root ?? gitWorkTree(config.dir) ?? config.dir;
  return [
    ...cliDirs.map((dir) => ({ dir: resolve(cwd, dir), origin: '--rules-dir' })),
    ...(config.rulesDir ?? []).map((dir, i) => ({
      dir: resolve(config.dir, dir),
      origin: settingLocation(config, ['rulesDir', i]),
      within: repository,
    })),
  ];
}

async function realPathOf(path: string, origin: string, what: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new RuleLoadError(path, `${what} named by ${origin} cannot be read (${code})`);
  }
}

/** The rule files of one folder, each read within the same bounds as a scanned file. */
async function folderSources(folder: RulesFolder, maxFileSize: number): Promise<RuleSource[]> {
  const boundary = folder.within ? await realPathOf(folder.within, folder.origin, 'the repository') : undefined;
  const dir = await realPathOf(folder.dir, folder.origin, 'the rules folder');
  if (boundary && !isInside(dir, boundary)) {
    throw new RuleLoadError(folder.dir, `the rules folder named by ${folder.origin} is outside its repository (${boundary}): rules from a repository's configuration must live in that repository`);
  }
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
    throw new RuleLoadError(folder.dir, `the rules folder named by ${folder.origin} cannot be read (${error.code ?? error.message})`);
  });
  const names = entries
    .filter((e) => /\.ya?ml$/.test(e.name) && (e.isFile() || e.isSymbolicLink()))
    .map((e) => e.name)
    .sort();
  const sources: RuleSource[] = [];
  for (const name of names) {
    const file = join(folder.dir, name);
    const target = await realPathOf(join(dir, name), folder.origin, 'a rule file');
    if (boundary && !isInside(target, boundary)) throw new RuleLoadError(file, `a symbolic link out of the repository (to ${target}) is not read`);
    const read = await readSource(target, undefined, maxFileSize);
    const decoded = 'problem' in read ? read : decodeSource(read.bytes);
    if ('problem' in decoded) throw new RuleLoadError(file, decoded.problem.message);
    sources.push({ file, text: decoded.text });
  }
  return sources;
}

/** The first keyword of a rule's condition or option schemas that a repository's rule may not use. */
function unboundedRuleKeyword(rule: Rule): string | undefined {
  const options = Object.entries(rule.options ?? {}).map(([name, option]) => unboundedKeyword(option.schema, `/options/${name}/schema`));
  return unboundedKeyword(rule.condition, '/condition') ?? options.find((found) => found !== undefined);
}

/**
 * The built-in rules, then every rule of the given folders. A user's rule whose id is a built-in
 * rule's (or another user rule's) is an error, at the line of its `id`.
 */
export async function loadRuleCatalogue(folders: readonly RulesFolder[], maxFileSize: number = DEFAULT_MAX_FILE_SIZE): Promise<Rule[]> {
  const builtin = loadRules();
  if (folders.length === 0) return builtin;
  const sources: { source: RuleSource; untrusted: boolean }[] = [];
  for (const folder of folders) {
    for (const source of await folderSources(folder, maxFileSize)) sources.push({ source, untrusted: folder.within !== undefined });
  }
  const builtinIds = new Set(builtin.map((rule) => rule.id));
  const own = compileRules(sources.map(({ source }) => source));
  for (const [index, rule] of own.entries()) {
    const { source, untrusted } = sources[index]!;
    if (builtinIds.has(rule.id)) throw new RuleLoadError(rule.file, `${fieldPosition(source, '/id')}field 'id' (${rule.id}) is the id of a built-in rule: choose another id`);
    const unbounded = untrusted ? unboundedRuleKeyword(rule) : undefined;
    if (unbounded) {
      throw new RuleLoadError(
        rule.file,
        `${fieldPosition(source, unbounded)}'${unbounded.split('/').pop()}' is not allowed in a rule from a repository's rulesDir (its cost is not bounded by the size of the files checked); use enum or const, or pass the folder with --rules-dir`,
      );
    }
  }
  return [...builtin, ...own];
}
