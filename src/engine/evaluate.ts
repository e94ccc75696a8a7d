import type { ErrorObject } from 'ajv';
import type { Finding } from '../model/finding.js';
import type { Range } from '../model/range.js';
import { isUnknown, type Resource } from '../model/resource.js';
import { renderMessage } from './message.js';
import { joinPointer, splitPointer, valueAt } from './pointer.js';
import { fixFor, type Rule } from './rule.js';

/** Keywords whose sub-errors are tries, not violations: only the keyword's own error speaks. */
const ALTERNATIVES = new Set(['anyOf', 'oneOf', 'contains']);

/**
 * The errors that stand for a violation a person can fix. `if` only says that its `then` failed
 * (the `then` error is reported itself); the branches of `anyOf`/`oneOf` and the items `contains`
 * tried are alternatives, so the keyword's own error speaks for them.
 */
function violations(errors: readonly ErrorObject[]): ErrorObject[] {
  const combinators = errors.filter((e) => ALTERNATIVES.has(e.keyword));
  return errors.filter(
    (e) => e.keyword !== 'if' && !combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`)),
  );
}

function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}

/** The properties that `required` errors at one path say are missing, in the condition's order. */
function missingAt(errors: readonly ErrorObject[], instancePath: string): string[] {
  const names = errors
    .filter((e) => e.keyword === 'required' && e.instancePath === instancePath)
    .map((e) => String((e.params as { missingProperty?: unknown }).missingProperty));
  return [...new Set(names)];
}

/** The recorded range of the pointer, or of its nearest located ancestor, or the resource header. */
export function locate(resource: Resource, segments: string[]): Range {
  for (let length = segments.length; length >= 0; length--) {
    const range = resource.locations[joinPointer(segments.slice(0, length))];
    if (range) return range;
  }
  return resource.range;
}

/**
 * A resource whose values hang on an open choice is judged on each side of it (`variants`): the rule
 * fires only when it fires on every variant, so a finding never depends on a guess. The first
 * variant's findings are reported.
 */
export function evaluateRule(rule: Rule, resource: Resource): Finding[] {
  if (!resource.variants?.length) return evaluateProps(rule, resource);
  let first: Finding[] | undefined;
  for (const variant of resource.variants) {
    const findings = evaluateProps(rule, { ...resource, props: variant.props, locations: variant.locations });
    if (findings.length === 0) return [];
    first ??= findings;
  }
  return first ?? [];
}

function evaluateProps(rule: Rule, resource: Resource): Finding[] {
  // Options ride along under `$options`, where conditions reach them with `$data` pointers.
  const data = rule.options ? { ...resource.props, $options: rule.optionValues } : resource.props;
  if (rule.check(data)) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const errors = violations(rule.check.errors ?? []);
  for (const error of errors) {
    const segments = splitPointer(error.instancePath);
    const value = valueAt(resource.props, segments);
    // No finding on a value that cannot be known statically: a finding must be a claim a reviewer can trust.
    if (containsUnknown(value) || seen.has(error.instancePath)) continue;
    seen.add(error.instancePath);
    const fix = fixFor(rule, resource);
    // A value the graph brought in from another file (a policy attached elsewhere) is reported there.
    const { file = resource.file, ...range } = locate(resource, segments);
    findings.push({
      ruleId: rule.id,
      severity: rule.severity,
      message: renderMessage(rule.message, resource, segments, value, missingAt(errors, error.instancePath)),
      file,
      range,
      resource: resource.name,
      pointer: error.instancePath,
      format: resource.format,
      cis: rule.cis,
      ...(fix ? { fix } : {}),
      ...(resource.calls?.length ? { relatedLocations: resource.calls.map((c) => ({ file: c.file, range: c.range, message: `called as ${c.address}` })) } : {}),
    });
  }
  return findings;
}

export function evaluate(rules: readonly Rule[], resources: readonly Resource[]): Finding[] {
  const byKind = new Map<string, Resource[]>();
  for (const resource of resources) {
    const list = byKind.get(resource.kind) ?? [];
    list.push(resource);
    byKind.set(resource.kind, list);
  }
  return rules.flatMap((rule) => (byKind.get(rule.target) ?? []).flatMap((resource) => evaluateRule(rule, resource)));
}
