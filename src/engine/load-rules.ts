import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject } from 'ajv';
import { parseDocument } from 'yaml';
import { addConditionKeywords } from './keywords.js';
import type { Rule, RuleDefinition } from './rule.js';

/** The `rules/` folder shipped beside `src/` and `dist/`. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
const RULE_SCHEMA_FILE = 'rule.schema.json';

/** A rule file that cannot be used: the CLI reports it and exits with 2. */
export class RuleLoadError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'RuleLoadError';
  }
}

function describe(error: ErrorObject): string {
  const field = error.instancePath === '' ? 'the rule' : `field '${error.instancePath.slice(1).replace(/\//g, '.')}'`;
  const extra =
    error.keyword === 'required'
      ? ` '${String(error.params.missingProperty)}'`
      : error.keyword === 'additionalProperties'
        ? ` ('${String(error.params.additionalProperty)}')`
        : error.keyword === 'enum'
          ? ` (${(error.params.allowedValues as unknown[]).join(', ')})`
          : '';
  return `${field} ${error.message ?? 'is invalid'}${extra}`;
}

/**
 * Loads and validates every `*.yaml` rule in a folder. Conditions are compiled once here, with
 * `allErrors` so that every offending value (every privileged container) becomes its own finding.
 */
export function loadRules(dir: string = BUILTIN_RULES_DIR): Rule[] {
  const schemaAjv = new Ajv({ allErrors: true, logger: false });
  const validateDefinition = schemaAjv.compile<RuleDefinition>(
    JSON.parse(readFileSync(join(BUILTIN_RULES_DIR, RULE_SCHEMA_FILE), 'utf8')) as object,
  );
  // `$data` lets conditions read the rule's options, which the engine passes as `/$options`.
  const conditionAjv = new Ajv({ allErrors: true, logger: false, strict: true, strictRequired: false, strictTypes: false, $data: true });
  addConditionKeywords(conditionAjv);

  const files = readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  const seen = new Map<string, string>();
  return files.map((name) => {
    const file = join(dir, name);
    const document = parseDocument(readFileSync(file, 'utf8'), { prettyErrors: true, logLevel: 'silent' });
    const firstError = document.errors[0];
    if (firstError) {
      const position = firstError.linePos?.[0];
      throw new RuleLoadError(file, `${position ? `line ${position.line}, column ${position.col}: ` : ''}${firstError.message.split('\n')[0]}`);
    }
    const definition: unknown = document.toJS();
    if (!validateDefinition(definition)) {
      throw new RuleLoadError(file, (validateDefinition.errors ?? []).map(describe).join('; '));
    }
    if (basename(name).replace(/\.ya?ml$/, '') !== definition.id) {
      throw new RuleLoadError(file, `field 'id' (${definition.id}) must match the file name`);
    }
    const duplicate = seen.get(definition.id);
    if (duplicate) throw new RuleLoadError(file, `field 'id' (${definition.id}) is already used by ${duplicate}`);
    seen.set(definition.id, file);
    try {
      const optionValues = Object.fromEntries(Object.entries(definition.options ?? {}).map(([name, option]) => [name, option.default]));
      return { ...definition, file, check: conditionAjv.compile(definition.condition), optionValues };
    } catch (error) {
      throw new RuleLoadError(file, `field 'condition' is not a valid JSON Schema: ${(error as Error).message}`);
    }
  });
}
