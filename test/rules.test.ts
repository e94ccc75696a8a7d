import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../src/config/config.js';
import { loadConfig } from '../src/config/load-config.js';
import { loadRules } from '../src/engine/load-rules.js';
import type { Rule } from '../src/engine/rule.js';
import { selectRules } from '../src/engine/select-rules.js';
import { formatsOf } from '../src/engine/target-formats.js';
import { lint } from '../src/lint.js';
import { PARSE_ERROR } from '../src/model/finding.js';
import { expectationsOf, key } from './helpers/expectations.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const rules = selectRules(loadRules(), emptyConfig(FIXTURES), { only: [], skip: [] });

/**
 * Fixture folders beyond the formats of the target kind (src/engine/target-formats.ts):
 * `terraform-manifest` is `kubernetes_manifest` / `kubectl_manifest` in a `.tf` file, required for
 * the object kinds they are the usual way to write.
 */
const OBJECT_TARGETS = ['k8s.object', 'k8s.role', 'k8s.rolebinding', 'k8s.secret', 'k8s.awsauth', 'k8s.serviceaccount'];
const MANIFEST_TARGETS = new Set([...OBJECT_TARGETS, 'k8s.workload']);

/** Targets whose `kubernetes` fixtures must include JSON manifests as well as YAML ones. */
const JSON_MANIFEST_TARGETS = new Set(OBJECT_TARGETS);

/** Targets whose JSON manifests are a fixture folder of their own, `kubernetes-json`. */
const JSON_FOLDER_TARGETS = new Set(['k8s.workload']);

/** The required fixture formats, and any other format a rule's fixtures cover (run too, held to the same rule). */
function fixtureFormatsOf(rule: Rule): string[] {
  const required: string[] = [
    ...formatsOf(rule),
    ...(MANIFEST_TARGETS.has(rule.target) ? ['terraform-manifest'] : []),
    ...(JSON_FOLDER_TARGETS.has(rule.target) ? ['kubernetes-json'] : []),
  ];
  const dir = join(FIXTURES, rule.id);
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
  // Every format that can declare the rule's target kind, and the extra fixture folders it has.
  const formats = fixtureFormatsOf(rule);

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
