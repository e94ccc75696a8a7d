import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../src/config/config.js';
import { loadConfig } from '../src/config/load-config.js';
import { loadRules } from '../src/engine/load-rules.js';
import { selectRules } from '../src/engine/select-rules.js';
import { lint } from '../src/lint.js';
import { PARSE_ERROR } from '../src/model/finding.js';
import { expectationsOf, key } from './helpers/expectations.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const rules = selectRules(loadRules(), emptyConfig(FIXTURES), { only: [], skip: [] });

/**
 * The formats that can declare each target kind: every rule is tested on all of them.
 * `terraform-manifest` is `kubernetes_manifest` / `kubectl_manifest` in a `.tf` file.
 */
const K8S_OBJECT_FORMATS = ['kubernetes', 'terraform', 'terraform-manifest'];
const FORMATS_OF_TARGET: Record<string, string[]> = {
  'eks.cluster': ['terraform', 'cloudformation', 'eksctl'],
  'k8s.workload': ['kubernetes', 'terraform'],
  'k8s.namespace': ['kubernetes', 'terraform'],
  'k8s.object': K8S_OBJECT_FORMATS,
  'k8s.role': K8S_OBJECT_FORMATS,
  'k8s.rolebinding': K8S_OBJECT_FORMATS,
  'k8s.secret': K8S_OBJECT_FORMATS,
  'k8s.serviceaccount': K8S_OBJECT_FORMATS,
  // eksctl writes its iamIdentityMappings into aws-auth.
  'k8s.awsauth': [...K8S_OBJECT_FORMATS, 'eksctl'],
};

/** Targets whose `kubernetes` fixtures must include JSON manifests as well as YAML ones. */
const JSON_MANIFEST_TARGETS = new Set(['k8s.object', 'k8s.role', 'k8s.rolebinding', 'k8s.secret', 'k8s.awsauth', 'k8s.serviceaccount']);

/** The required formats, and any other format a rule's fixtures cover (run too, held to the same rule). */
function formatsOf(ruleId: string, target: string): string[] {
  const required = FORMATS_OF_TARGET[target] ?? [];
  const dir = join(FIXTURES, ruleId);
  const present = existsSync(dir) ? readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory()) : [];
  return [...required, ...present.filter((format) => !required.includes(format)).sort()];
}

/** A fixture folder may carry its own `.eks-lint.yaml`, for rules whose options it exercises. */
function rulesFor(fixture: string) {
  const configFile = join(fixture, '.eks-lint.yaml');
  if (!statSync(fixture).isDirectory() || !existsSync(configFile)) return rules;
  return selectRules(rules, loadConfig(configFile), { only: [], skip: [] });
}

function casesOf(ruleId: string, format: string): string[] {
  const dir = join(FIXTURES, ruleId, format);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => !name.endsWith('.expect'))
    .map((name) => join(dir, name));
}

describe.each(rules.map((rule) => [rule.id, rule] as const))('rule %s', (ruleId, rule) => {
  const formats = formatsOf(ruleId, rule.target);

  it('has a failing and a passing fixture for every format that can express its target', () => {
    expect(formats.length).toBeGreaterThan(0);
    for (const format of formats) {
      const names = casesOf(ruleId, format).map((c) => relative(join(FIXTURES, ruleId, format), c));
      expect(names.some((n) => n.startsWith('fail-')), `${format} fail fixture`).toBe(true);
      expect(names.some((n) => n.startsWith('pass-')), `${format} pass fixture`).toBe(true);
      if (format === 'kubernetes' && JSON_MANIFEST_TARGETS.has(rule.target)) {
        expect(names.some((n) => n.startsWith('fail-') && n.endsWith('.json')), 'kubernetes JSON fail fixture').toBe(true);
        expect(names.some((n) => n.startsWith('pass-') && n.endsWith('.json')), 'kubernetes JSON pass fixture').toBe(true);
      }
    }
  });

  for (const format of formats) {
    for (const fixture of casesOf(ruleId, format)) {
      const name = `${format}/${relative(join(FIXTURES, ruleId, format), fixture)}`;
      it(`${name}${statSync(fixture).isDirectory() ? '/' : ''}`, async () => {
        const report = await lint([fixture], { rules: rulesFor(fixture), cwd: FIXTURES });
        expect(report.findings.filter((f) => f.ruleId === PARSE_ERROR)).toEqual([]);
        const actual = report.findings
          .filter((f) => f.ruleId === ruleId)
          .map((f) => key({ ruleId: f.ruleId, file: relative(FIXTURES, f.file), line: f.range.line }))
          .sort();
        const expected = expectationsOf(fixture, FIXTURES).filter((e) => e.ruleId === ruleId).map(key).sort();
        if (name.includes('/fail-') || name.startsWith(`${format}/fail-`)) expect(expected.length, 'a fail fixture must expect a finding').toBeGreaterThan(0);
        else expect(expected, 'a pass fixture expects nothing').toEqual([]);
        expect(actual).toEqual(expected);
      });
    }
  }
});
