import { describe, expect, it } from 'vitest';
import { linkRegistryScanning, wildcardMatch } from '../src/graph/ecr.js';
import { linkClusterKeys } from '../src/graph/kms.js';
import type { Resource } from '../src/model/resource.js';

const RANGE = { line: 1, column: 1, endLine: 1, endColumn: 1 };

function resource(kind: Resource['kind'], name: string, props: Record<string, unknown>, references?: Resource['references'], file = 'main.tf'): Resource {
  return { kind, name, format: 'terraform', file, range: RANGE, props, locations: {}, ...(references ? { references } : {}) };
}

const repository = (name: unknown) => resource('ecr.repository', `aws_ecr_repository.r`, { name, scanOnPush: false });
const registry = (rules: unknown) => resource('ecr.registry', 'aws_ecr_registry_scanning_configuration.r', { scanType: 'ENHANCED', rules }, undefined, 'other/main.tf');
const scanned = (resources: Resource[]) => linkRegistryScanning(resources).find((r) => r.kind === 'ecr.repository')?.props['scannedByRegistry'];

describe('wildcardMatch', () => {
  it('matches ECR wildcard filters: * is any run of characters, everything else itself', () => {
    expect(wildcardMatch('*', 'anything')).toBe(true);
    expect(wildcardMatch('prod-*', 'prod-api')).toBe(true);
    expect(wildcardMatch('prod-*', 'staging-api')).toBe(false);
    expect(wildcardMatch('team-*-api', 'team-payments-api')).toBe(true);
    expect(wildcardMatch('team-*-api', 'team-payments-web')).toBe(false);
    expect(wildcardMatch('a.b', 'axb')).toBe(false);
    expect(wildcardMatch('app', 'app')).toBe(true);
    expect(wildcardMatch('app', 'app2')).toBe(false);
  });

  it('stays fast on patterns that would make a regular expression backtrack', () => {
    // Bounded by work, not time: the loop is at most pattern × text steps.
    expect(wildcardMatch('*a'.repeat(100) + 'b', 'a'.repeat(256))).toBe(false);
  });
});

describe('linkRegistryScanning', () => {
  it('marks a repository covered by a scan-on-push or continuous rule whose filter matches', () => {
    expect(scanned([repository('prod-api'), registry([{ frequency: 'CONTINUOUS_SCAN', filters: ['prod-*'] }])])).toBe(true);
    expect(scanned([repository('prod-api'), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['other', 'prod-api'] }])])).toBe(true);
  });

  it('matches a filter without wildcards anywhere in the name, as ECR does', () => {
    expect(scanned([repository('team-prod-api'), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['prod'] }])])).toBe(true);
    expect(scanned([repository('team-dev-api'), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['prod'] }])])).toBe(false);
    expect(scanned([repository('team-prod-api'), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['prod*'] }])])).toBe(false);
  });

  it('does not count manual rules, missing filters or other names', () => {
    expect(scanned([repository('prod-api'), registry([{ frequency: 'MANUAL', filters: ['*'] }])])).toBe(false);
    expect(scanned([repository('prod-api'), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['dev-*'] }])])).toBe(false);
    expect(scanned([repository('prod-api')])).toBe(false);
  });

  it('is unknown when a filter, a frequency, the rules or the name cannot be known', () => {
    const open = { $unknown: 'var.x' };
    expect(scanned([repository('prod-api'), registry([{ frequency: 'SCAN_ON_PUSH', filters: [open] }])])).toEqual(open);
    expect(scanned([repository('prod-api'), registry([{ frequency: open, filters: ['*'] }])])).toEqual(open);
    expect(scanned([repository('prod-api'), registry(open)])).toEqual(open);
    expect(scanned([repository(open), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['prod-*'] }])])).toEqual(open);
    // A `*` filter covers every name, known or not.
    expect(scanned([repository(open), registry([{ frequency: 'SCAN_ON_PUSH', filters: ['*'] }])])).toBe(true);
  });

  it('leaves repository policies without scanning settings alone', () => {
    const policy = resource('ecr.repository', 'aws_ecr_repository_policy.p', { name: 'app', policy: { statements: [] } });
    expect(linkRegistryScanning([policy])[0]?.props).not.toHaveProperty('scannedByRegistry');
  });
});

describe('linkClusterKeys', () => {
  it('lists on each key the clusters whose secrets reference it', () => {
    const key = resource('kms.key', 'aws_kms_key.k', { rotationEnabled: false, usedBy: [] });
    const unused = resource('kms.key', 'aws_kms_key.other', { rotationEnabled: false, usedBy: [] });
    const edge = [{ from: '/secretsEncryption/keyArn', to: 'aws_kms_key.k', attribute: 'arn' }];
    const clusters = [resource('eks.cluster', 'aws_eks_cluster.b', {}, edge), resource('eks.cluster', 'aws_eks_cluster.a', {}, edge)];
    const linked = linkClusterKeys([key, unused, ...clusters]);
    expect(linked[0]?.props['usedBy']).toEqual(['aws_eks_cluster.a', 'aws_eks_cluster.b']);
    expect(linked[1]?.props['usedBy']).toEqual([]);
  });

  it('ignores references from other fields', () => {
    const key = resource('kms.key', 'aws_kms_key.k', { usedBy: [] });
    const cluster = resource('eks.cluster', 'aws_eks_cluster.c', {}, [{ to: 'aws_kms_key.k', attribute: 'arn' }]);
    expect(linkClusterKeys([key, cluster])[0]?.props['usedBy']).toEqual([]);
  });
});
