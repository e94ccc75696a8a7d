import type { ValidateFunction } from 'ajv';
import type { Severity } from '../model/finding.js';
import type { Format, Resource, ResourceKind } from '../model/resource.js';

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
  fix: string | Partial<Record<FixKey, string>>;
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

/**
 * A fix hint's key: a format, or a format and the syntax it is written in (`cloudformation-json`),
 * for formats whose fix reads differently in each syntax (CloudFormation's YAML short form).
 */
export type FixKey = Format | `${Format}-${'json' | 'yaml'}`;

/** The fix hint for a resource: the one for its format and syntax, else for its format. */
export function fixFor(rule: RuleDefinition, resource: Pick<Resource, 'format' | 'syntax'>): string | undefined {
  if (typeof rule.fix === 'string') return rule.fix;
  return (resource.syntax ? rule.fix[`${resource.format}-${resource.syntax}`] : undefined) ?? rule.fix[resource.format];
}
