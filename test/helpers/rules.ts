import { loadRules } from '../../src/engine/load-rules.js';
import type { Rule } from '../../src/engine/rule.js';

/**
 * The built-in rules with these ids only: for tests about one mechanism (file handling, limits,
 * file-list mode) whose small inputs would also break other rules of the catalogue.
 */
export function rulesOnly(...ids: string[]): Rule[] {
  const rules = loadRules().filter((r) => ids.includes(r.id));
  if (rules.length !== ids.length) throw new Error(`unknown rule among ${ids.join(', ')}`);
  return rules;
}
