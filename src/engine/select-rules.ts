import { Ajv } from 'ajv';
import { type Config, settingLocation } from '../config/config.js';
import type { Rule } from './rule.js';

/** A selector that matches no rule, or a setting for a rule that does not exist. */
export class RuleSelectionError extends Error {
  override name = 'RuleSelectionError';
}

/** A rule matches a selector by its id, one of its CIS ids, or one of its tags. */
function matches(rule: Rule, selector: string): boolean {
  return rule.id === selector || rule.cis.includes(selector) || (rule.tags ?? []).includes(selector);
}

/** `--rule: no rule has ...` for the command line; `file:line:col: 'only' names ...` for the configuration. */
function checkCliSelectors(rules: readonly Rule[], selectors: readonly string[], option: string): void {
  const unmatched = selectors.filter((s) => !rules.some((rule) => matches(rule, s)));
  if (unmatched.length > 0) throw new RuleSelectionError(`${option}: no rule has the id, CIS id or tag ${unmatched.map((s) => `'${s}'`).join(', ')}`);
}

function checkConfigSelectors(rules: readonly Rule[], config: Config, setting: 'only' | 'skip'): void {
  const index = config[setting].findIndex((s) => !rules.some((rule) => matches(rule, s)));
  if (index < 0) return;
  throw new RuleSelectionError(`${settingLocation(config, [setting, index])}: '${setting}': no rule has the id, CIS id or tag '${config[setting][index]}'`);
}

function checkRuleSettings(rules: readonly Rule[], config: Config): void {
  const unknown = Object.keys(config.rules).find((id) => !rules.some((rule) => rule.id === id));
  if (unknown !== undefined) throw new RuleSelectionError(`${settingLocation(config, ['rules', unknown], true)}: 'rules': there is no rule '${unknown}'`);
}

const optionAjv = new Ajv({ allErrors: false, logger: false });

/**
 * The rule's option values: defaults, then a top-level setting that stands for an option (such as
 * `allowedRegistries`), then `rules.<id>.options`. Each value is checked against the option's schema.
 */
function optionValues(rule: Rule, config: Config): Record<string, unknown> {
  const declared = rule.options ?? {};
  const configured = config.rules[rule.id]?.options ?? {};
  const unknownName = Object.keys(configured).find((name) => !(name in declared));
  if (unknownName !== undefined) {
    const where = settingLocation(config, ['rules', rule.id, 'options', unknownName], true);
    const known = Object.keys(declared);
    throw new RuleSelectionError(
      `${where}: 'rules.${rule.id}.options': rule '${rule.id}' has no option '${unknownName}'${known.length > 0 ? ` (options: ${known.join(', ')})` : ''}`,
    );
  }
  const values = { ...rule.optionValues };
  for (const [name, option] of Object.entries(declared)) {
    const fromSetting = option.setting ? (config as unknown as Record<string, unknown>)[option.setting] : undefined;
    const path = name in configured ? ['rules', rule.id, 'options', name] : [option.setting ?? name];
    const value = name in configured ? configured[name] : fromSetting;
    if (value === undefined) continue;
    if (!optionAjv.validate(option.schema, value)) {
      const errors = optionAjv.errorsText(optionAjv.errors, { dataVar: 'value' });
      throw new RuleSelectionError(`${settingLocation(config, path)}: '${path.join('.')}' (option '${name}' of rule '${rule.id}'): ${errors}`);
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
 * The rules a run uses: the loaded ones, narrowed by `only`/`skip`, with the config's severity
 * overrides and options applied. `off` removes a rule. A selection on the command line replaces
 * the configuration's (`--rule` its `only`, `--skip-rule` its `skip`), as every option replaces
 * the setting of the same name; the configuration's selectors are still checked.
 */
export function selectRules(rules: readonly Rule[], config: Config, cli: Selection): Rule[] {
  checkConfigSelectors(rules, config, 'only');
  checkConfigSelectors(rules, config, 'skip');
  checkCliSelectors(rules, cli.only, '--rule');
  checkCliSelectors(rules, cli.skip, '--skip-rule');
  checkRuleSettings(rules, config);
  const only = cli.only.length > 0 ? cli.only : config.only;
  const skip = cli.skip.length > 0 ? cli.skip : config.skip;

  // Options are checked for every rule, selected or not: a mistake in the file is one whatever the command line says.
  const configured = rules.map((rule): Rule => {
    const severity = config.rules[rule.id]?.severity;
    return { ...rule, ...(severity && severity !== 'off' ? { severity } : {}), optionValues: optionValues(rule, config) };
  });
  return configured.filter(
    (rule) =>
      config.rules[rule.id]?.severity !== 'off' && (only.length === 0 || only.some((s) => matches(rule, s))) && !skip.some((s) => matches(rule, s)),
  );
}
