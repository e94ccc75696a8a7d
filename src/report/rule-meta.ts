import type { Rule } from '../engine/rule.js';
import { type Finding, PARSE_ERROR, SKIPPED_FILE } from '../model/finding.js';

/** Titles of the ids that are not rules but problems found while reading inputs. */
const NOTE_TITLES: Record<string, string> = {
  [PARSE_ERROR]: 'File could not be parsed',
  [SKIPPED_FILE]: 'File skipped',
};

/** Parse errors and skipped-file notes: reports about inputs rather than rule violations. */
export function isInputNote(finding: Finding): boolean {
  return finding.ruleId in NOTE_TITLES;
}

export function ruleById(rules: readonly Rule[]): Map<string, Rule> {
  return new Map(rules.map((rule) => [rule.id, rule]));
}

/** The rule's title, a fixed title for input notes, or undefined for an id no loaded rule has. */
export function titleOf(ruleId: string, rules: ReadonlyMap<string, Rule>): string | undefined {
  return rules.get(ruleId)?.title ?? NOTE_TITLES[ruleId];
}
