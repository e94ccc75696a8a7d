import { Ajv } from 'ajv';
import type { Config } from '../config/config.js';
import type { Rule } from './rule.js';

/** A selector that matches no rule, or a setting for a rule that does not exist. */
export class RuleSelectionError extends Error {
  override name = 'RuleSelectionError';
}

/** A rule matches a selector by its id, one of its CIS ids, or one of its tags. */
function matches(rule: Rule, selector: string): boolean {
  return rule.id === selector || rule.cis.includes(selector) || (rule.tags ?? []).includes(selector);
}

function checkSelectors(rules: readonly Rule[], selectors: readonly string[], origin: string): void {
  const unmatched = selectors.filter((s) => !rules.some((rule) => matches(rule, s)));
  if (unmatched.length > 0) throw new RuleSelectionError(`${origin}: no rule has the id, CIS id or tag ${unmatched.map((s) => `'${s}'`).join(', ')}`);
}

const optionAjv = new Ajv({ allErrors: false, logger: false });

/**
 * The rule's option values: defaults, then a top-level setting that stands for an option (such as
 * `allowedRegistries`), then `rules.<id>.options`. Each value is checked against the option's schema.
 */
function optionValues(rule: Rule, config: Config, origin: string): Record<string, unknown> {
  const declared = rule.options ?? {};
  const configured = config.rules[rule.id]?.options ?? {};
  const unknownNames = Object.keys(configured).filter((name) => !(name in declared));
  if (unknownNames.length > 0) {
    throw new RuleSelectionError(`${origin}: rule '${rule.id}' has no option ${unknownNames.map((n) => `'${n}'`).join(', ')}`);
  }
  const values = { ...rule.optionValues };
  for (const [name, option] of Object.entries(declared)) {
    const fromSetting = option.setting ? (config as unknown as Record<string, unknown>)[option.setting] : undefined;
    const value = name in configured ? configured[name] : fromSetting;
    if (value === undefined) continue;
    if (!optionAjv.validate(option.schema, value)) {
      throw new RuleSelectionError(`${origin}: option '${name}' of rule '${rule.id}' ${optionAjv.errorsText(optionAjv.errors, { dataVar: 'value' })}`);
    }
    values[name] = value;
  }
  return values;
}

export interface Selection {
  only: readonly string[];
  skip: readonly string[];
}

/**
 * The rules a run uses: the loaded ones, narrowed by `only`/`skip` (command line and config
 * together), with the config's severity overrides and options applied. `off` removes a rule.
 */
export function selectRules(rules: readonly Rule[], config: Config, cli: Selection): Rule[] {
  const origin = config.file ?? 'configuration';
  const only = [...config.only, ...cli.only];
  const skip = [...config.skip, ...cli.skip];
  checkSelectors(rules, only, cli.only.length > 0 ? '--rule' : origin);
  checkSelectors(rules, skip, cli.skip.length > 0 ? '--skip-rule' : origin);
  const unknownIds = Object.keys(config.rules).filter((id) => !rules.some((rule) => rule.id === id));
  if (unknownIds.length > 0) throw new RuleSelectionError(`${origin}: unknown rule ${unknownIds.map((id) => `'${id}'`).join(', ')} in 'rules'`);

  return rules
    .filter((rule) => (only.length === 0 || only.some((s) => matches(rule, s))) && !skip.some((s) => matches(rule, s)))
    .flatMap((rule) => {
      const setting = config.rules[rule.id];
      if (setting?.severity === 'off') return [];
      return [{ ...rule, ...(setting?.severity ? { severity: setting.severity } : {}), optionValues: optionValues(rule, config, origin) }];
    });
}
