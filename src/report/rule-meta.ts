import type { Rule } from '../engine/rule.js';
import {
  ANALYSIS_LIMIT,
  FILE_TOO_LARGE,
  type Finding,
  PARSE_ERROR,
  SKIPPED_FILE,
  SUPPRESSION_UNKNOWN_RULE,
  SUPPRESSION_WITHOUT_REASON,
  UNUSED_SUPPRESSION,
} from '../model/finding.js';

/** Titles of the ids that are not rules but problems found while reading inputs. */
const NOTE_TITLES: Record<string, string> = {
  [PARSE_ERROR]: 'File could not be parsed',
  [SKIPPED_FILE]: 'File skipped',
  [FILE_TOO_LARGE]: 'File over the size limit',
  [ANALYSIS_LIMIT]: 'Value not analysed (a limit was hit)',
};

/** Titles of the findings eks-lint reports about suppressions: engine checks, not rule files. */
const SUPPRESSION_TITLES: Record<string, string> = {
  [SUPPRESSION_WITHOUT_REASON]: 'Suppression gives no reason',
  [SUPPRESSION_UNKNOWN_RULE]: 'Suppression names an unknown rule',
  [UNUSED_SUPPRESSION]: 'Suppression suppresses nothing',
};

/** The title of an id that eks-lint itself reports (input notes, suppression checks), if it is one. */
export function engineTitle(ruleId: string): string | undefined {
  return NOTE_TITLES[ruleId] ?? SUPPRESSION_TITLES[ruleId];
}

/** Parse errors and skipped-file notes: reports about inputs rather than rule violations. */
export function isInputNote(finding: Finding): boolean {
  return finding.ruleId in NOTE_TITLES;
}

export function ruleById(rules: readonly Rule[]): Map<string, Rule> {
  return new Map(rules.map((rule) => [rule.id, rule]));
}

/** The rule's title, a fixed title for input notes, or undefined for an id no loaded rule has. */
export function titleOf(ruleId: string, rules: ReadonlyMap<string, Rule>): string | undefined {
  return rules.get(ruleId)?.title ?? engineTitle(ruleId);
}
