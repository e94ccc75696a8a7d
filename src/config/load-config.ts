import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Ajv, type ErrorObject } from 'ajv';
import { type Document, LineCounter, isMap, isNode, isPair, isScalar, parseDocument } from 'yaml';
import { CONFIG_FILE_NAMES, type Config, type RuleSetting } from './config.js';

export const CONFIG_SCHEMA_FILE = new URL('../../src/config/config.schema.json', import.meta.url);

/** A configuration that cannot be used; the message names the file, line and field. */
export class ConfigError extends Error {
  override name = 'ConfigError';
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

/** Where in the file a validation error points: the offending key or value, else its parent. */
function errorOffset(document: Document, error: ErrorObject): number {
  const path = error.instancePath.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  const node = document.getIn(path, true) ?? document.contents;
  const badKey = error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined;
  if (badKey !== undefined && isMap(node)) {
    const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === badKey);
    if (pair && isScalar(pair.key) && pair.key.range) return pair.key.range[0];
  }
  return isNode(node) ? (node.range?.[0] ?? 0) : 0;
}

function describe(error: ErrorObject): string {
  const field = error.instancePath === '' ? 'the configuration' : `'${error.instancePath.slice(1).replace(/\//g, '.')}'`;
  if (error.keyword === 'additionalProperties') return `unknown setting '${String(error.params.additionalProperty)}' in ${field}`;
  if (error.keyword === 'enum') return `${field} must be one of ${(error.params.allowedValues as unknown[]).join(', ')}`;
  return `${field} ${error.message ?? 'is invalid'}`;
}

/** The most useful error: `oneOf` failures list every branch, so prefer the first specific one. */
function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  return [...errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
}

function normalizeRules(rules: Record<string, string | RuleSetting> | undefined): Record<string, RuleSetting> {
  return Object.fromEntries(
    Object.entries(rules ?? {}).map(([id, setting]) => [id, typeof setting === 'string' ? { severity: setting as RuleSetting['severity'] } : setting]),
  );
}

/**
 * `file:line:column` of a setting (the deepest part of `path` written in the file), for errors
 * found after loading, such as a `rulesDir` outside the repository.
 */
export function settingLocation(file: string, path: readonly (string | number)[]): string {
  const lineCounter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter, logLevel: 'silent' });
  for (let length = path.length; length > 0; length--) {
    const node = document.getIn(path.slice(0, length), true);
    if (isNode(node) && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return `${file}:${line}:${col}`;
    }
  }
  return file;
}

export function loadConfig(file: string): Config {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, logLevel: 'silent', uniqueKeys: true });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  const syntaxError = document.errors[0];
  if (syntaxError) throw new ConfigError(`${at(syntaxError.pos[0])}: ${syntaxError.message.split('\n')[0]}`);

  const raw: unknown = document.toJS() ?? {};
  const ajv = new Ajv({ allErrors: true, logger: false });
  const validate = ajv.compile(JSON.parse(readFileSync(CONFIG_SCHEMA_FILE, 'utf8')) as object);
  if (!validate(raw)) {
    const error = mostSpecific(validate.errors ?? []);
    throw new ConfigError(error ? `${at(errorOffset(document, error))}: ${describe(error)}` : `${file}: invalid configuration`);
  }
  const { rulesDir, ...settings } = raw as Omit<Config, 'file' | 'dir' | 'rules' | 'rulesDir'> & {
    rules?: Record<string, string | RuleSetting>;
    rulesDir?: string | string[];
  };
  return {
    ...settings,
    file,
    dir: dirname(file),
    rules: normalizeRules(settings.rules),
    only: settings.only ?? [],
    skip: settings.skip ?? [],
    exclude: settings.exclude ?? [],
    ...(rulesDir !== undefined ? { rulesDir: typeof rulesDir === 'string' ? [rulesDir] : rulesDir } : {}),
  };
}
