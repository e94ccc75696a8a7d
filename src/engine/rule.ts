import type { ValidateFunction } from 'ajv';
import type { Severity } from '../model/finding.js';
import type { Format, ResourceKind } from '../model/resource.js';

/** A rule as written in `rules/<id>.yaml`; `rules/rule.schema.json` is its contract. */
export interface RuleDefinition {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  target: ResourceKind;
  cis: string[];
  bestPractice: string;
  tags?: string[];
  aliases?: Record<string, string[]>;
  message: string;
  fix: string | Partial<Record<Format, string>>;
  condition: object | boolean;
  options?: Record<string, RuleOption>;
}

export interface RuleOption {
  description: string;
  default: unknown;
  schema: object;
  /** A top-level configuration setting that also sets this option. */
  setting?: string;
}

/** A loaded rule: its definition, the file it came from and its compiled condition. */
export interface Rule extends RuleDefinition {
  file: string;
  check: ValidateFunction;
  /** Option values in force: the defaults, overridden by the configuration. */
  optionValues: Record<string, unknown>;
}

export function fixFor(rule: RuleDefinition, format: Format): string | undefined {
  return typeof rule.fix === 'string' ? rule.fix : rule.fix[format];
}
