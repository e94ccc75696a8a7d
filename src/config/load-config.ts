import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { type Document, LineCounter, type Node, isMap, isNode, isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { gitWorkTree } from '../context-root.js';
import { scanYamlShape } from '../parse/yaml-guard.js';
import { CONFIG_FILE_NAMES, type Config, type RuleSetting } from './config.js';
import { ConfiguredFileError, MAX_CONFIG_SIZE, readConfiguredFile } from './configured-file.js';

export const CONFIG_SCHEMA_FILE = new URL('../../src/config/config.schema.json', import.meta.url);

/** A configuration is a few levels deep; far deeper nesting is refused before the YAML parser sees it. */
const MAX_CONFIG_DEPTH = 64;

/** A configuration that cannot be used; the message names the file, line and field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A configuration file that cannot be read at all (missing, a folder, a device, too large). */
export class ConfigReadError extends ConfigError {
  override name = 'ConfigReadError';
}

/** The nearest configuration file in `start` or a folder above it. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (;;) {
    const found = CONFIG_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
    if (found) return found;
    if (dirname(dir) === dir) return undefined;
    dir = dirname(dir);
  }
}

/** The repository a configuration file belongs to: its git work tree, else its folder. */
export function repositoryOf(configFile: string): string {
  return gitWorkTree(dirname(configFile)) ?? dirname(configFile);
}

/** The node at `path`, and the key node when its parent is a map. */
function nodeAt(document: Document, path: readonly (string | number)[]): { node: unknown; key?: Node } {
  let node: unknown = document.contents;
  let key: Node | undefined;
  for (const step of path) {
    if (!isNode(node)) return { node: undefined };
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === step);
      if (!pair) return { node: undefined };
      key = isNode(pair.key) ? pair.key : undefined;
      node = pair.value;
    } else if (isSeq(node)) {
      // Validation errors give indexes as strings ('only/1').
      node = node.items[Number(step)];
      key = undefined;
    } else {
      return { node: undefined };
    }
  }
  return { node, ...(key ? { key } : {}) };
}

/** Offset of a setting (its key with `key`, else its value), or of the nearest enclosing one that exists. */
function settingOffset(document: Document, path: readonly (string | number)[], key: boolean): number {
  for (let length = path.length; length >= 0; length--) {
    const found = nodeAt(document, path.slice(0, length));
    const target = key || !isNode(found.node) ? (found.key ?? found.node) : found.node;
    if (isNode(target) && target.range) return target.range[0];
  }
  return 0;
}

function pathOf(error: ErrorObject): string[] {
  return error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describe(error: ErrorObject): string {
  const path = pathOf(error);
  const field = path.length === 0 ? 'the configuration' : `'${path.join('.')}'`;
  if (error.keyword === 'additionalProperties') return `unknown setting '${String(error.params.additionalProperty)}' in ${field}`;
  if (error.keyword === 'enum') return `${field} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  if (error.keyword === 'pattern' && error.propertyName !== undefined) return `'${path.join('.')}' has a malformed rule id '${error.propertyName}'`;
  if (path[0] === 'rules' && path.length === 2 && error.keyword === 'type') return `${field} must be off, error, warning, info or a map of severity and options`;
  return `${field} ${error.message ?? 'is invalid'}`;
}

/** The most useful error: the deepest, and a real one rather than the `if` that only says a branch failed. */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  return [...errors].filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames').sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
}

function normalizeRules(rules: Record<string, string | RuleSetting> | undefined): Record<string, RuleSetting> {
  return Object.fromEntries(
    Object.entries(rules ?? {}).map(([id, setting]) => [id, typeof setting === 'string' ? { severity: setting as RuleSetting['severity'] } : setting]),
  );
}

/** `invalid YAML: bad indent`: the kind of error only, never the text around it (which may not be the user's). */
function syntaxKind(code: string): string {
  return code.toLowerCase().replace(/_/g, ' ');
}

function firstAliasOffset(document: Document): number {
  let offset = 0;
  visit(document, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

export interface LoadConfigOptions {
  /**
   * The repository the file must lie in, when it was found rather than named on the command line:
   * a `.eks-lint.yaml` that links out of the repository is refused.
   */
  root?: string;
}

function readConfigText(file: string, root: string | undefined): string {
  try {
    return readConfiguredFile(file, { maxBytes: MAX_CONFIG_SIZE, ...(root !== undefined ? { root } : {}) });
  } catch (error) {
    if (error instanceof ConfiguredFileError) throw new ConfigReadError(`cannot read configuration ${error.message}`);
    throw error;
  }
}

export function loadConfig(file: string, options: LoadConfigOptions = {}): Config {
  const text = readConfigText(file, options.root);
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const shape = scanYamlShape(text);
  if (shape.depth > MAX_CONFIG_DEPTH) throw new ConfigError(`${file}:${shape.depthLine}:1: nested deeper than ${MAX_CONFIG_DEPTH} levels`);
  const document = parseDocument(text, { lineCounter, logLevel: 'silent', uniqueKeys: true });
  const syntaxError = document.errors[0];
  if (syntaxError) {
    throw new ConfigError(`${at(syntaxError.pos[0])}: invalid YAML: ${syntaxKind(syntaxError.code)}`);
  }

  let raw: unknown;
  try {
    raw = document.toJS() ?? {};
  } catch {
    // `yaml` refuses alias expansion that multiplies the document (a "billion laughs").
    throw new ConfigError(`${at(firstAliasOffset(document))}: too many alias expansions`);
  }
  const ajv = new Ajv({ allErrors: true, logger: false });
  const validate = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as object);
  if (!validate(raw)) {
    const error = mostSpecific(validate.errors ?? []);
    if (!error) throw new ConfigError(`${file}: invalid configuration`);
    const path = pathOf(error);
    const badKey = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : error.propertyName;
    const offset = badKey !== undefined ? settingOffset(document, [...path, badKey], true) : settingOffset(document, path, false);
    throw new ConfigError(`${at(offset)}: ${describe(error)}`);
  }
  const { rulesDir, ...settings } = raw as Omit<Config, 'file' | 'dir' | 'rules' | 'rulesDir'> & {
    rules?: Record<string, string | RuleSetting>;
    rulesDir?: string | string[];
  };
  return {
    ...settings,
    file,
    dir: dirname(file),
    root: options.root ?? repositoryOf(file),
    locate: (path, key = false) => at(settingOffset(document, path, key)),
    rules: normalizeRules(settings.rules),
    only: settings.only ?? [],
    skip: settings.skip ?? [],
    exclude: settings.exclude ?? [],
    ...(rulesDir !== undefined ? { rulesDir: typeof rulesDir === 'string' ? [rulesDir] : rulesDir } : {}),
  };
}
