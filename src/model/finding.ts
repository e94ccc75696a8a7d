import type { Range } from './range.js';
import type { Format } from './resource.js';
import type { FindingSuppression } from './suppression.js';

export type Severity = 'error' | 'warning' | 'info';

/** Rule id of the finding reported for a file that could not be parsed. */
export const PARSE_ERROR = 'parse-error';
/** Rule id of notes about inputs that were read but deliberately not analysed. */
export const SKIPPED_FILE = 'skipped-file';
/** Rule id of the warning for a file over the size limit (`maxFileSize`), which is not read at all. */
export const FILE_TOO_LARGE = 'file-too-large';
/** Rule id of notes about a value left unknown because a limit of the analysis was hit (a chain of locals too long to follow). */
export const ANALYSIS_LIMIT = 'analysis-limit';
/** Rule id of the warning for an eks-lint suppression that gives no reason. */
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
/** Rule id of the warning for an eks-lint suppression naming a rule that does not exist. */
export const SUPPRESSION_UNKNOWN_RULE = 'suppression-unknown-rule';
/** Rule id of the warning for an eks-lint suppression that suppressed nothing. */
export const UNUSED_SUPPRESSION = 'unused-suppression';
/** The findings eks-lint reports about suppressions themselves; they cannot be suppressed. */
export const SUPPRESSION_RULE_IDS: readonly string[] = [SUPPRESSION_WITHOUT_REASON, SUPPRESSION_UNKNOWN_RULE, UNUSED_SUPPRESSION];

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  file: string;
  range: Range;
  /** Address of the resource, when the finding is about one. */
  resource?: string;
  /** JSON Pointer of the offending canonical field: with rule and resource, it identifies the
   * finding independently of line numbers (fingerprints, baselines). */
  pointer?: string;
  format?: Format;
  cis?: string[];
  fix?: string;
  /**
   * Set on a finding that a suppression in the source covers: it is kept, apart from the reported
   * findings, for the formats that can show suppressed results (SARIF, JSON).
   */
  suppressions?: FindingSuppression[];
  /**
   * Other places that explain the finding: for a resource inside a Terraform module, each
   * `module` block on the way to it (SARIF `relatedLocations`).
   */
  relatedLocations?: RelatedLocation[];
}

export interface RelatedLocation {
  file: string;
  range: Range;
  message: string;
}

/** A problem found while reading a file (syntax error, limit hit), before any rule runs. */
export interface Problem {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
}
