import { describe, expect, it } from 'vitest';
import { applySuppressions } from '../src/engine/suppress.js';
import type { Finding } from '../src/model/finding.js';
import type { CommentSuppression } from '../src/model/suppression.js';
import { directivesOf, splitRulesAndReason } from '../src/suppress/directives.js';
import { range } from './helpers/resources.js';
import { rules } from './helpers/suppressions.js';

const ALL = { checkov: true, trivy: true, tfsec: true, kics: true };

describe('reading directives from comment text', () => {
  it('splits rule ids from the reason at " -- "', () => {
    expect(splitRulesAndReason(' a, b -- why  it is\n fine ')).toEqual({ rules: ['a', 'b'], reason: 'why it is fine' });
    expect(splitRulesAndReason(' a ---- why')).toEqual({ rules: ['a'], reason: 'why' });
    expect(splitRulesAndReason(' a --')).toEqual({ rules: ['a'] });
    expect(splitRulesAndReason(' a-b--c')).toEqual({ rules: ['a-b--c'] });
    expect(splitRulesAndReason('')).toEqual({ rules: [] });
  });

  it("reads eks-lint's directives in #, // and block comments, at the start of the comment only", () => {
    const next = { source: 'eks-lint', syntax: 'eks-lint-disable-next-line', placement: 'same-or-next-line', rules: ['r'], reason: 'x' };
    expect(directivesOf('# eks-lint-disable-next-line r -- x', ALL)).toEqual([next]);
    expect(directivesOf('#eks-lint-disable-next-line r -- x', ALL)).toEqual([next]);
    expect(directivesOf('// eks-lint-disable-next-line r -- x', ALL)).toEqual([next]);
    expect(directivesOf('/* eks-lint-disable-next-line r -- x */', ALL)).toEqual([next]);
    expect(directivesOf('# eks-lint-disable r, s -- x', ALL)).toEqual([{ ...next, syntax: 'eks-lint-disable', placement: 'file', rules: ['r', 's'] }]);
    expect(directivesOf('# see eks-lint-disable-next-line r -- x', ALL)).toEqual([]);
    expect(directivesOf('# eks-lint-disable-nextline r -- x', ALL)).toEqual([]);
    expect(directivesOf('# eks-lint-disabled', ALL)).toEqual([]);
  });

  it("reads Checkov's skips with an optional reason", () => {
    expect(directivesOf('#checkov:skip=CKV_AWS_37:logs go elsewhere', ALL)).toEqual([
      { source: 'checkov', syntax: 'checkov:skip', placement: 'enclosing-resource', rules: ['CKV_AWS_37'], reason: 'logs go elsewhere' },
    ]);
    expect(directivesOf('# checkov:skip= CKV_AWS_38,CKV_AWS_39', ALL)).toMatchObject([{ rules: ['CKV_AWS_38', 'CKV_AWS_39'] }]);
    expect(directivesOf('# bridgecrew:skip=CKV_AWS_58', ALL)).toMatchObject([{ source: 'checkov', rules: ['CKV_AWS_58'] }]);
    expect(directivesOf('#checkov:skip=CKV_AWS_37', { ...ALL, checkov: false })).toEqual([]);
  });

  it("reads Trivy's and tfsec's ignores: several per comment, expiry, workspace, instance filters", () => {
    expect(directivesOf('#trivy:ignore:AVD-AWS-0039 trivy:ignore:aws-eks-*', ALL)).toMatchObject([
      { source: 'trivy', syntax: 'trivy:ignore', rules: ['AVD-AWS-0039'], placement: 'same-or-next-line' },
      { source: 'trivy', rules: ['aws-eks-*'] },
    ]);
    expect(directivesOf('#tfsec:ignore:aws-eks-encrypt-secrets:exp:2030-01-02', ALL)).toEqual([
      { source: 'tfsec', syntax: 'tfsec:ignore', rules: ['aws-eks-encrypt-secrets'], placement: 'same-or-next-line', expires: '2030-01-02' },
    ]);
    expect(directivesOf('# trivy:ignore:AVD-AWS-0039:ws:dev-*', ALL)).toEqual([]);
    expect(directivesOf('# trivy:ignore:AVD-AWS-0039:ws:def*', ALL)).toHaveLength(1);
    expect(directivesOf('# trivy:ignore:AVD-AWS-0040[endpoint_public_access=true]', ALL)).toEqual([]);
    expect(directivesOf('# trivy:ignore:AVD-AWS-0040[endpoint_public_access = true]', ALL)).toEqual([]);
    expect(directivesOf('# tfsec:ignore:x', { ...ALL, tfsec: false })).toEqual([]);
    expect(directivesOf('# see https://example.com/trivy:ignore:x', ALL)).toEqual([]);
  });

  it("reads KICS's kics-scan comments", () => {
    expect(directivesOf('# kics-scan disable=63ebcb19-2739-4d3f-aa5c-e8bbb9b85281, 8e5ef52b-e673-4c3f-9b2e-99cdd0139059', ALL)).toEqual([
      {
        source: 'kics',
        syntax: 'kics-scan disable',
        rules: ['63ebcb19-2739-4d3f-aa5c-e8bbb9b85281', '8e5ef52b-e673-4c3f-9b2e-99cdd0139059'],
        placement: 'file',
      },
    ]);
    expect(directivesOf('# kics-scan ignore-line', ALL)).toMatchObject([{ rules: ['*'], placement: 'line-only' }]);
    expect(directivesOf('# kics-scan ignore-block', ALL)).toMatchObject([{ rules: ['*'], placement: 'same-or-next-line' }]);
    expect(directivesOf('# kics-scan ignore', ALL)).toMatchObject([{ rules: ['*'], placement: 'file' }]);
    // enable= selects queries; it suppresses nothing. Other words are not directives.
    expect(directivesOf('# kics-scan enable=63ebcb19-2739-4d3f-aa5c-e8bbb9b85281', ALL)).toEqual([]);
    expect(directivesOf('# kics-scan ignored', ALL)).toEqual([]);
    expect(directivesOf('# kics-scan ignore-line', { ...ALL, kics: false })).toEqual([]);
  });
});

describe('expiring ignores', () => {
  const finding: Finding = {
    ruleId: 'eks-secrets-not-encrypted',
    severity: 'error',
    message: 'm',
    file: '/x/main.tf',
    range: range(3),
    resource: 'aws_eks_cluster.x',
  };
  const ignore = (expires: string): CommentSuppression => ({
    source: 'trivy',
    syntax: 'trivy:ignore',
    rules: ['AVD-AWS-0039'],
    range: range(2),
    scope: { type: 'lines', from: 3, to: 9 },
    expires,
  });
  const run = (expires: string, today: string) =>
    applySuppressions({
      findings: [finding],
      files: [{ file: '/x/main.tf', format: 'terraform', suppressions: [ignore(expires)], problems: [] }],
      resources: [],
      rules,
      knownRuleIds: new Set(rules.map((r) => r.id)),
      today,
    });

  it('apply until the day before their date (UTC), as in Trivy', () => {
    expect(run('2030-01-01', '2029-12-31').suppressed).toHaveLength(1);
    expect(run('2030-01-01', '2030-01-01').findings).toEqual([finding]);
    expect(run('next week', '2029-12-31').findings).toEqual([finding]);
  });
});
