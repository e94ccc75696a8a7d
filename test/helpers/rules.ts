import { loadRules } from '../../src/engine/load-rules.js';
import type { Rule } from '../../src/engine/rule.js';

/**
 * The built-in rules with these ids: for tests about something else than the rule catalogue
 * (file handling, bounds), whose fixtures should be judged by one well-known rule only.
 */
export function onlyRules(...ids: string[]): Rule[] {
  return loadRules().filter((r) => ids.includes(r.id));
}
