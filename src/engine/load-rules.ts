import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type Document, LineCounter, isNode, parseDocument } from 'yaml';
import { addConditionKeywords } from './keywords.js';
import type { Rule, RuleDefinition } from './rule.js';

/** The `rules/` folder shipped beside `src/` and `dist/`. */
export const BUILTIN_RULES_DIR = fileURLToPath(new URL('../../rules/', import.meta.url));
const RULE_SCHEMA_FILE = 'rule.schema.json';

/** Whether a rule is one of eks-lint's own (from `rules/`), not one of a user's rules folders. */
export function isBuiltinRule(rule: { file: string }): boolean {
  return resolve(dirname(rule.file)) === resolve(BUILTIN_RULES_DIR);
}

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

/** A rule file's name and text. */
export interface RuleSource {
  file: string;
  text: string;
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

/** `line L, column C: ` for the node at a JSON Pointer of the document (its nearest existing ancestor). */
function position(document: Document, lineCounter: LineCounter, instancePath: string): string {
  const path = instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let length = path.length; length >= 0; length--) {
    const node = length === 0 ? document.contents : document.getIn(path.slice(0, length), true);
    const offset = isNode(node) ? node.range?.[0] : undefined;
    if (offset === undefined) continue;
    const { line, col } = lineCounter.linePos(offset);
    return `line ${line}, column ${col}: `;
  }
  return '';
}

/** What compiling rules needs, made once per load: the rule schema's validator and the conditions' ajv. */
interface RuleCompiler {
  validateDefinition: ValidateFunction<RuleDefinition>;
  conditionAjv: Ajv;
}

function ruleCompiler(): RuleCompiler {
  const schemaAjv = new Ajv({ allErrors: true, logger: false });
  const validateDefinition = schemaAjv.compile<RuleDefinition>(JSON.parse(readFileSync(join(BUILTIN_RULES_DIR, RULE_SCHEMA_FILE), 'utf8')) as object);
  // `$data` lets conditions read the rule's options, which the engine passes as `/$options`.
  const conditionAjv = new Ajv({ allErrors: true, logger: false, strict: true, strictRequired: false, strictTypes: false, $data: true });
  addConditionKeywords(conditionAjv);
  return { validateDefinition, conditionAjv };
}

/** `line L, column C: ` of a field of a rule file (a JSON Pointer), for errors found after loading it. */
export function fieldPosition(source: RuleSource, pointer: string): string {
  const lineCounter = new LineCounter();
  const document = parseDocument(source.text, { lineCounter, logLevel: 'silent' });
  return position(document, lineCounter, pointer);
}

/**
 * Parses, validates and compiles one rule file. Every error names the file and, where it can,
 * the line and column of the offending field. Conditions are compiled with `allErrors`, so that
 * every offending value (every privileged container) becomes its own finding.
 */
function compileRule(source: RuleSource, compiler: RuleCompiler, lazy: boolean): Rule {
  const { file, text } = source;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, logLevel: 'silent' });
  const firstError = document.errors[0];
  if (firstError) {
    const at = firstError.linePos?.[0];
    throw new RuleLoadError(file, `${at ? `line ${at.line}, column ${at.col}: ` : ''}${firstError.message.split('\n')[0]}`);
  }
  const definition: unknown = document.toJS();
  const { validateDefinition, conditionAjv } = compiler;
  if (!validateDefinition(definition)) {
    const errors = validateDefinition.errors ?? [];
    throw new RuleLoadError(file, `${position(document, lineCounter, errors[0]?.instancePath ?? '')}${errors.map(describe).join('; ')}`);
  }
  if (basename(file).replace(/\.ya?ml$/, '') !== definition.id) {
    throw new RuleLoadError(file, `${position(document, lineCounter, '/id')}field 'id' (${definition.id}) must match the file name`);
  }
  try {
    const optionValues = Object.fromEntries(Object.entries(definition.options ?? {}).map(([name, option]) => [name, option.default]));
    return { ...definition, file, check: lazy ? compiledOnFirstUse(conditionAjv, definition.condition) : conditionAjv.compile(definition.condition), optionValues };
  } catch (error) {
    throw new RuleLoadError(file, `${position(document, lineCounter, '/condition')}field 'condition' is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/**
 * A condition compiled when a rule first judges a resource. Compiling is most of what loading the
 * catalogue costs (ajv generates code for each of some eighty schemas), and a scan only runs the
 * rules of the kinds it finds: a folder of manifests never needs the AWS rules' validators. Only
 * for the built-in rules, whose conditions the test suite compiles; a user's rules are compiled
 * at load, so that a bad condition is reported before the scan.
 */
function compiledOnFirstUse(ajv: Ajv, condition: RuleDefinition['condition']): ValidateFunction {
  let compiled: ValidateFunction | undefined;
  const check = ((data: unknown) => {
    compiled ??= ajv.compile(condition);
    const valid = compiled(data);
    check.errors = compiled.errors;
    return valid;
  }) as ValidateFunction;
  return check;
}

/**
 * Compiles rule files; two files with the same id are an error. `lazy` defers compiling each
 * condition to its first use (see `compiledOnFirstUse`).
 */
export function compileRules(sources: readonly RuleSource[], { lazy = false }: { lazy?: boolean } = {}): Rule[] {
  const compiler = ruleCompiler();
  const seen = new Map<string, string>();
  return sources.map((source) => {
    const rule = compileRule(source, compiler, lazy);
    const duplicate = seen.get(rule.id);
    if (duplicate) throw new RuleLoadError(source.file, `${fieldPosition(source, '/id')}field 'id' (${rule.id}) is already used by ${duplicate}`);
    seen.set(rule.id, source.file);
    return rule;
  });
}

/** The `*.yaml` / `*.yml` files of a rules folder, sorted by name. */
export function ruleFileNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
}

/** Loads and validates every rule of a folder (the built-in rules by default). */
export function loadRules(dir: string = BUILTIN_RULES_DIR): Rule[] {
  const sources = ruleFileNames(dir).map((name) => ({ file: join(dir, name), text: readFileSync(join(dir, name), 'utf8') }));
  return compileRules(sources, { lazy: dir === BUILTIN_RULES_DIR });
}
