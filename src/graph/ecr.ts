import { isUnknown, type Resource, unknown, type Unknown } from '../model/resource.js';

/** Registry scanning frequencies that scan a repository's images without anyone asking. */
const AUTOMATIC = new Set(['SCAN_ON_PUSH', 'CONTINUOUS_SCAN']);

type Verdict = boolean | Unknown;

/**
 * Sets each repository's `/scannedByRegistry`: whether a registry scanning configuration of the
 * scan (`ecr.registry`) scans its images automatically. Registry settings belong to the account
 * and region, not to a folder or template, so every configuration in the scan counts: one that may
 * cover the repository can only silence a finding. Pure.
 */
export function linkRegistryScanning(resources: readonly Resource[]): Resource[] {
  const registries = resources.filter((r) => r.kind === 'ecr.registry');
  return resources.map((r) => {
    if (r.kind !== 'ecr.repository' || !('scanOnPush' in r.props)) return r;
    const verdict = any(registries.map((registry) => covers(registry.props, r.props.name)));
    return { ...r, props: { ...r.props, scannedByRegistry: verdict }, locations: { ...r.locations, '/scannedByRegistry': r.range } };
  });
}

/** Whether one configuration's rules scan the named repository automatically. */
function covers(registry: Record<string, unknown>, name: unknown): Verdict {
  const rules = registry['rules'];
  if (isUnknown(rules)) return rules;
  if (!Array.isArray(rules)) return false;
  return any(
    rules.map((rule: { frequency?: unknown; filters?: unknown }) => {
      if (isUnknown(rule.frequency)) return rule.frequency;
      if (typeof rule.frequency !== 'string' || !AUTOMATIC.has(rule.frequency)) return false;
      if (isUnknown(rule.filters)) return rule.filters;
      const filters = Array.isArray(rule.filters) ? (rule.filters as unknown[]) : [];
      return any(filters.map((filter) => matches(filter, name)));
    }),
  );
}

/**
 * ECR's `WILDCARD` filter (user guide, "Configuring enhanced scanning"): a filter without `*`
 * matches every name that contains it; with `*`, the whole name must match, `*` standing for any
 * run of characters.
 */
function matches(filter: unknown, name: unknown): Verdict {
  if (isUnknown(filter)) return filter;
  if (typeof filter !== 'string') return false;
  if (filter === '*') return true;
  if (typeof name !== 'string') return isUnknown(name) ? name : unknown('the repository has no name');
  return filter.includes('*') ? wildcardMatch(filter, name) : name.includes(filter);
}

/**
 * Glob matching with `*` only, by the greedy two-pointer method: time bounded by the product of
 * the lengths whatever the pattern (a regular expression built from an untrusted filter could
 * backtrack exponentially).
 */
export function wildcardMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** Three-valued OR: true wins over unknown, unknown over false. */
function any(verdicts: Verdict[]): Verdict {
  if (verdicts.includes(true)) return true;
  return verdicts.find(isUnknown) ?? false;
}
