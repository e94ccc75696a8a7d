import type { Range } from './range.js';
import type { Format } from './resource.js';

export type Severity = 'error' | 'warning' | 'info';

/** Rule id of the finding reported for a file that could not be parsed. */
export const PARSE_ERROR = 'parse-error';
/** Rule id of notes about inputs that were read but deliberately not analysed. */
export const SKIPPED_FILE = 'skipped-file';

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
}

/** A problem found while reading a file (syntax error, limit hit), before any rule runs. */
export interface Problem {
  ruleId: string;
  severity: Severity;
  message: string;
  range: Range;
}
