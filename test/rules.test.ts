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
 * The formats that can declare each target kind: every rule is tested on all of them. A format is
 * a fixture folder; `kubernetes-json` holds manifests written as JSON.
 */
const FORMATS_OF_TARGET: Record<string, string[]> = {
  'eks.cluster': ['terraform', 'cloudformation', 'eksctl'],
  'k8s.workload': ['kubernetes', 'kubernetes-json', 'terraform'],
  'k8s.namespace': ['kubernetes', 'terraform'],
};

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
  const formats = FORMATS_OF_TARGET[rule.target] ?? [];

  it('has a failing and a passing fixture for every format that can express its target', () => {
    expect(formats.length).toBeGreaterThan(0);
    for (const format of formats) {
      const names = casesOf(ruleId, format).map((c) => relative(join(FIXTURES, ruleId, format), c));
      expect(names.some((n) => n.startsWith('fail-')), `${format} fail fixture`).toBe(true);
      expect(names.some((n) => n.startsWith('pass-')), `${format} pass fixture`).toBe(true);
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
