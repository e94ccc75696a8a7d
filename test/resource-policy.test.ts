import { describe, expect, it } from 'vitest';
import { policyDocumentOf, readStatements } from '../src/normalize/aws/resource-policy.js';
import { EmbeddedBudget } from '../src/normalize/embedded-yaml.js';
import { asWritten } from '../src/normalize/fields.js';

const AT = { line: 3, column: 3, endLine: 3, endColumn: 40 };

/** `public` of each statement of a one-line JSON policy. */
function publicOf(statements: unknown[]): unknown[] {
  const text = JSON.stringify({ Version: '2012-10-17', Statement: statements });
  const document = policyDocumentOf({ type: 'scalar', value: text, range: AT }, AT, new EmbeddedBudget());
  const read = readStatements(document, '/policy/statements', {}, AT, asWritten) as { public: unknown }[];
  return read.map((s) => s.public);
}

const allowAll = { Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' };

describe('repository policy statements', () => {
  it('is public for Allow with * principals or NotPrincipal, not for Deny or named principals', () => {
    expect(
      publicOf([
        allowAll,
        { ...allowAll, Principal: { AWS: '*' } },
        { ...allowAll, Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] } },
        { Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: '*' },
        { ...allowAll, Effect: 'Deny' },
        { ...allowAll, Principal: { AWS: 'arn:aws:iam::111122223333:root' } },
        { ...allowAll, Principal: { Service: 'codebuild.amazonaws.com' } },
      ]),
    ).toEqual([true, true, true, true, false, false, false]);
  });

  it('is not public when a positive condition limits the callers to an account, organisation, source or network', () => {
    expect(
      publicOf([
        { ...allowAll, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
        { ...allowAll, Condition: { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-abc/r-1/*'] } } },
        { ...allowAll, Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:codebuild:eu-west-1:111122223333:project/*' } } },
        { ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } },
        { ...allowAll, Condition: { StringEquals: { 'AWS:PRINCIPALACCOUNT': '111122223333' } } },
      ]),
    ).toEqual([false, false, false, false, false]);
  });

  it('stays public under conditions that do not limit who calls', () => {
    expect(
      publicOf([
        { ...allowAll, Condition: { Bool: { 'aws:SecureTransport': 'true' } } },
        { ...allowAll, Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
        { ...allowAll, Condition: { StringEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } } },
        { ...allowAll, Condition: { 'ForAllValues:StringLike': { 'aws:PrincipalOrgPaths': ['o-abc/*'] } } },
        { ...allowAll, Condition: { StringLike: { 'aws:PrincipalArn': '*' } } },
        { ...allowAll, Condition: { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } } },
        { ...allowAll, Condition: { Null: { 'aws:PrincipalOrgID': 'false' } } },
      ]),
    ).toEqual([true, true, true, true, true, true, true]);
  });

  it('reads a single statement object and a missing Statement', () => {
    const one = policyDocumentOf({ type: 'scalar', value: JSON.stringify({ Statement: allowAll }), range: AT }, AT, new EmbeddedBudget());
    expect((readStatements(one, '/s', {}, AT, asWritten) as { public: unknown }[]).map((s) => s.public)).toEqual([true]);
    const none = policyDocumentOf({ type: 'scalar', value: '{"Version": "2012-10-17"}', range: AT }, AT, new EmbeddedBudget());
    expect(readStatements(none, '/s', {}, AT, asWritten)).toEqual([]);
  });

  it('is unknown for text that is not a JSON object, an expression, or an over-long policy', () => {
    const budget = new EmbeddedBudget();
    expect(policyDocumentOf({ type: 'scalar', value: '[1, 2]', range: AT }, AT, budget)).toHaveProperty('$unknown');
    expect(policyDocumentOf({ type: 'scalar', value: '{"Statement": [', range: AT }, AT, budget)).toHaveProperty('$unknown');
    expect(policyDocumentOf({ type: 'expr', text: 'data.aws_iam_policy_document.p.json', range: AT }, AT, budget)).toHaveProperty('$unknown');
    expect(policyDocumentOf({ type: 'scalar', value: `{"Sid": "${'x'.repeat(200_000)}"}`, range: AT }, AT, budget)).toHaveProperty('$unknown');
  });

  it('locates a one-line policy at its entry and a multi-line one at its own lines', () => {
    const locations: Record<string, unknown> = {};
    const oneLine = policyDocumentOf({ type: 'scalar', value: JSON.stringify({ Statement: [allowAll] }), range: AT }, AT, new EmbeddedBudget());
    readStatements(oneLine, '/s', locations as never, AT, asWritten);
    expect(locations['/s/0/public']).toEqual(AT);
    const text = '{\n  "Statement": [\n    {"Effect": "Allow",\n     "Principal": "*"}\n  ]\n}\n';
    const block = { line: 5, column: 3, endLine: 11, endColumn: 1 };
    const multi = policyDocumentOf({ type: 'scalar', value: text, range: block }, block, new EmbeddedBudget());
    const at: Record<string, { line: number }> = {};
    readStatements(multi, '/s', at as never, block, asWritten);
    expect(at['/s/0/public']?.line).toBe(9);
  });
});
