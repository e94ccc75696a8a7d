import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../src/model/resource.js';
import type { PMap } from '../src/model/tree.js';
import { normalizeEksctl } from '../src/normalize/eksctl.js';
import { parseYaml } from '../src/parse/yaml.js';
import { rangeOf, spanOf } from './helpers/source-range.js';

function cluster(source: string, file = 'cluster.yaml'): Resource {
  const { documents, problems } = parseYaml(source);
  expect(problems).toEqual([]);
  // A ClusterConfig also declares add-ons (eksctl's defaults among them): the cluster is the one eks.cluster.
  const resources = normalizeEksctl(file, documents[0] as PMap).filter((r) => r.kind === 'eks.cluster');
  expect(resources).toHaveLength(1);
  return resources[0] as Resource;
}

const HEAD = 'apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: c\n';

describe('eksctl ClusterConfig', () => {
  it('reads every CIS-relevant setting, located at its entry', () => {
    const file = 'fixtures/parse/eksctl/private-cluster.yaml';
    const source = readFileSync(file, 'utf8');
    const resource = cluster(source, file);
    expect(resource).toMatchObject({ kind: 'eks.cluster', name: 'ClusterConfig private', format: 'eksctl', file, range: rangeOf(source, 'name: private') });
    expect(resource.props).toEqual({
      name: 'private',
      // "*" stands for all five types.
      logging: { enabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] },
      endpoint: { publicAccess: true, privateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] },
      secretsEncryption: { enabled: true, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
      access: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    expect(resource.locations).toMatchObject({
      '/name': rangeOf(source, 'name: private'),
      '/logging/enabledTypes': rangeOf(source, 'enableTypes: ["*"]'),
      '/logging/enabledTypes/4': rangeOf(source, '"*"'),
      '/endpoint/publicAccess': rangeOf(source, 'publicAccess: true'),
      '/endpoint/privateAccess': rangeOf(source, 'privateAccess: true'),
      '/endpoint/publicAccessCidrs': rangeOf(source, 'publicAccessCIDRs: ["203.0.113.0/24", "198.51.100.7/32"]'),
      '/endpoint/publicAccessCidrs/1': rangeOf(source, '"198.51.100.7/32"'),
      '/secretsEncryption/enabled': rangeOf(source, 'keyARN: arn:aws:kms:eu-west-1:123456789012:key/abc'),
      '/secretsEncryption/keyArn': rangeOf(source, 'keyARN: arn:aws:kms:eu-west-1:123456789012:key/abc'),
    });
  });

  it('applies eksctl defaults at the header when no block holds them', () => {
    const file = 'fixtures/parse/eksctl/defaults.yaml';
    const source = readFileSync(file, 'utf8');
    const resource = cluster(source, file);
    const header = rangeOf(source, 'name: defaults');
    expect(resource.props).toEqual({
      name: 'defaults',
      logging: { enabledTypes: [] },
      endpoint: { publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: false },
      access: { authenticationMode: 'API_AND_CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    for (const pointer of ['/logging/enabledTypes', '/endpoint/publicAccess', '/endpoint/privateAccess', '/endpoint/publicAccessCidrs', '/secretsEncryption/enabled']) {
      expect(resource.locations[pointer], pointer).toEqual(header);
    }
  });

  it('points defaults at the nearest block that is written', () => {
    const source = `${HEAD}vpc:\n  cidr: 10.0.0.0/16\ncloudWatch:\n  clusterLogging:\n    logRetentionInDays: 7\nsecretsEncryption: {}\n`;
    const resource = cluster(source);
    const vpc = spanOf(source, 'vpc:', '10.0.0.0/16');
    expect(resource.locations['/endpoint/publicAccess']).toEqual(vpc);
    expect(resource.locations['/endpoint/publicAccessCidrs']).toEqual(vpc);
    expect(resource.locations['/logging/enabledTypes']).toEqual(spanOf(source, 'clusterLogging:', 'logRetentionInDays: 7'));
    expect(resource.locations['/secretsEncryption/enabled']).toEqual(rangeOf(source, 'secretsEncryption: {}'));

    const endpoints = `${HEAD}vpc:\n  clusterEndpoints:\n    privateAccess: true\ncloudWatch: {}\n`;
    const other = cluster(endpoints);
    expect(other.locations['/endpoint/publicAccess']).toEqual(spanOf(endpoints, 'clusterEndpoints:', 'privateAccess: true'));
    // The closest written parent of the missing publicAccess, not vpc.
    expect(other.locations['/endpoint/publicAccessCidrs']).toEqual(spanOf(endpoints, 'clusterEndpoints:', 'privateAccess: true'));
    expect(other.locations['/logging/enabledTypes']).toEqual(rangeOf(endpoints, 'cloudWatch: {}'));
  });

  it('reads accessConfig with eksctl\'s defaults, and outpost as a local cluster', () => {
    const defaults = cluster(HEAD);
    expect(defaults.props.access).toEqual({ authenticationMode: 'API_AND_CONFIG_MAP', bootstrapCreatorAdmin: true });
    expect(defaults.props.outpost).toBe(false);
    const source = `${HEAD}accessConfig:\n  authenticationMode: CONFIG_MAP\n  bootstrapClusterCreatorAdminPermissions: false\noutpost:\n  controlPlaneOutpostARN: arn:aws:outposts:us-west-2:1234:outpost/op-1234\n`;
    const written = cluster(source);
    expect(written.props.access).toEqual({ authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: false });
    expect(written.locations['/access/authenticationMode']).toEqual(rangeOf(source, 'authenticationMode: CONFIG_MAP'));
    expect(written.props.outpost).toBe(true);
  });

  it('defaults a fully-private cluster\'s endpoint to private-only, at privateCluster.enabled', () => {
    const source = `${HEAD}privateCluster:\n  enabled: true\n`;
    const resource = cluster(source);
    expect(resource.props.endpoint).toMatchObject({ publicAccess: false, privateAccess: true });
    expect(resource.locations['/endpoint/privateAccess']).toEqual(rangeOf(source, 'enabled: true'));
    expect(cluster(`${HEAD}privateCluster:\n  enabled: false\n`).props.endpoint).toMatchObject({ publicAccess: true, privateAccess: false });
    expect(cluster(`${HEAD}privateCluster:\n  enabled: maybe\n`).props.endpoint).toMatchObject({ publicAccess: { $unknown: expect.any(String) as string } });
  });

  it('points a defaulted CIDR list at an explicit publicAccess', () => {
    const source = `${HEAD}vpc:\n  clusterEndpoints: {publicAccess: true}\n`;
    expect(cluster(source).locations['/endpoint/publicAccessCidrs']).toEqual(rangeOf(source, 'publicAccess: true'));
  });

  it('expands "all" and keeps explicit log types, canonically named', () => {
    expect(cluster(`${HEAD}cloudWatch: {clusterLogging: {enableTypes: [all]}}\n`).props.logging).toEqual({ enabledTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] });
    expect(cluster(`${HEAD}cloudWatch: {clusterLogging: {enableTypes: [Audit, api]}}\n`).props.logging).toEqual({ enabledTypes: ['audit', 'api'] });
    expect(cluster(`${HEAD}cloudWatch: {clusterLogging: {enableTypes: []}}\n`).props.logging).toEqual({ enabledTypes: [] });
  });

  it('makes values of the wrong type unknown, and an empty key ARN no key', () => {
    const resource = cluster(`${HEAD}vpc: {clusterEndpoints: {publicAccess: maybe}, publicAccessCIDRs: 10.0.0.0/8}\ncloudWatch: {clusterLogging: {enableTypes: audit}}\nsecretsEncryption: {keyARN: ""}\n`);
    expect(resource.props.endpoint).toEqual({ publicAccess: { $unknown: 'not a boolean' }, privateAccess: false, publicAccessCidrs: { $unknown: 'not a list' } });
    expect(resource.props.logging).toEqual({ enabledTypes: { $unknown: 'not a list' } });
    expect(resource.props.secretsEncryption).toEqual({ enabled: false });
  });

  it('falls back to the kind entry without metadata.name, and reads JSON', () => {
    const source = '{"apiVersion": "eksctl.io/v1alpha5", "kind": "ClusterConfig", "metadata": {"region": "eu-west-1"}}';
    const resource = cluster(source, 'cluster.json');
    expect(resource.name).toBe('ClusterConfig');
    expect(resource.range).toEqual(rangeOf(source, '"kind": "ClusterConfig"'));
    expect(resource.props.name).toEqual({ $unknown: 'metadata.name is not set' });
    expect(resource.locations['/endpoint/publicAccess']).toEqual(resource.range);
  });
});
