import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../src/model/resource.js';
import type { PMap } from '../src/model/tree.js';
import { normalizeCloudFormation } from '../src/normalize/cloudformation.js';
import { parseYaml } from '../src/parse/yaml.js';
import { rangeOf, spanOf } from './helpers/source-range.js';

function normalize(file: string): { source: string; clusters: Record<string, Resource> } {
  const source = readFileSync(file, 'utf8');
  const { documents, problems } = parseYaml(source);
  expect(problems).toEqual([]);
  const resources = normalizeCloudFormation(file, documents[0] as PMap).filter((r) => r.kind === 'eks.cluster');
  return { source, clusters: Object.fromEntries(resources.map((r) => [r.name, r])) };
}

const YAML = 'fixtures/parse/cloudformation/eks-clusters.yaml';
const { source, clusters } = normalize(YAML);
/** The range of a line's `key: value` text, from the key to the end of the value. */
const entryAt = (text: string, occurrence = 1) => rangeOf(source, text, occurrence);

describe('AWS::EKS::Cluster', () => {
  it('becomes an eks.cluster named by its logical id and located at it', () => {
    expect(Object.keys(clusters)).toEqual(['Minimal', 'Full', 'Parameterised', 'Conditional', 'Unencrypted']);
    const full = clusters.Full;
    expect(full).toMatchObject({ kind: 'eks.cluster', format: 'cloudformation', file: YAML });
    expect(full?.range).toEqual(rangeOf(source, 'Full'));
  });

  it('applies the defaults, each at the block that should hold it', () => {
    const minimal = clusters.Minimal;
    const header = rangeOf(source, 'Minimal');
    const vpc = spanOf(source, 'ResourcesVpcConfig:', 'SubnetIds: [subnet-1, subnet-2]');
    expect(minimal?.props).toEqual({
      name: { $unknown: 'Name is not set: CloudFormation generates one' },
      logging: { enabledTypes: [] },
      endpoint: { publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: false },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    expect(minimal?.locations).toMatchObject({
      '/name': header,
      '/logging/enabledTypes': header,
      '/endpoint/publicAccess': vpc,
      '/endpoint/privateAccess': vpc,
      '/endpoint/publicAccessCidrs': vpc,
      '/endpoint/publicAccessCidrs/0': vpc,
      '/secretsEncryption/enabled': header,
    });
  });

  it('reads every field written literally, located at its entry', () => {
    const full = clusters.Full;
    expect(full?.props).toEqual({
      name: 'prod',
      logging: { enabledTypes: ['api', 'audit', 'controllerManager'] },
      endpoint: { publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: true, keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/abc' },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    expect(full?.locations['/name']).toEqual(entryAt('Name: prod'));
    expect(full?.locations['/logging/enabledTypes']).toEqual(spanOf(source, 'EnabledTypes:', 'Type: ControllerManager'));
    expect(full?.locations['/logging/enabledTypes/2']).toEqual(entryAt('Type: ControllerManager'));
    expect(full?.locations['/endpoint/publicAccess']).toEqual(entryAt('EndpointPublicAccess: true'));
    expect(full?.locations['/endpoint/privateAccess']).toEqual(entryAt('EndpointPrivateAccess: false'));
    // A defaulted CIDR list points at the explicit public access setting: that is the line to change.
    expect(full?.locations['/endpoint/publicAccessCidrs']).toEqual(entryAt('EndpointPublicAccess: true'));
    expect(full?.locations['/secretsEncryption/enabled']).toEqual(entryAt('KeyArn: arn:aws:kms:eu-west-1:123456789012:key/abc'));
    expect(full?.locations['/secretsEncryption/keyArn']).toEqual(entryAt('KeyArn: arn:aws:kms:eu-west-1:123456789012:key/abc'));
  });

  it('resolves Refs to parameter defaults and counts a KeyArn expression as set', () => {
    const cluster = clusters.Parameterised;
    expect(cluster?.props).toEqual({
      name: { $unknown: 'Fn::Sub ${AWS::StackName}-cluster' },
      logging: { enabledTypes: [] },
      endpoint: { publicAccess: true, privateAccess: true, publicAccessCidrs: ['203.0.113.0/24', '198.51.100.0/24'] },
      secretsEncryption: { enabled: true, keyArn: { $unknown: 'Fn::GetAtt Key.Arn' } },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    // A resolved value is located where the template uses it.
    expect(cluster?.locations['/endpoint/privateAccess']).toEqual(entryAt('EndpointPrivateAccess: !Ref PrivateEndpoint'));
    expect(cluster?.locations['/endpoint/publicAccessCidrs']).toEqual(entryAt('PublicAccessCidrs: !Ref PublicCidrs'));
    expect(cluster?.locations['/secretsEncryption/keyArn']).toEqual(entryAt('KeyArn: !GetAtt Key.Arn'));
  });

  it('keeps conditions and unresolvable references unknown, item by item', () => {
    const cluster = clusters.Conditional;
    expect(cluster?.props).toEqual({
      name: { $unknown: 'Name is not set: CloudFormation generates one' },
      logging: { enabledTypes: ['audit', { $unknown: 'Fn::If IsProd' }] },
      endpoint: { publicAccess: { $unknown: 'Fn::If IsProd' }, privateAccess: false, publicAccessCidrs: ['10.0.0.0/8', { $unknown: 'Ref UnknownCidr' }] },
      secretsEncryption: { enabled: { $unknown: 'Fn::If IsProd' } },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    expect(cluster?.locations['/endpoint/publicAccess']).toEqual(entryAt('EndpointPublicAccess: !If [IsProd, false, true]'));
    expect(cluster?.locations['/endpoint/publicAccessCidrs/1']).toEqual(entryAt('!Ref UnknownCidr'));
    expect(cluster?.locations['/secretsEncryption/enabled']?.line).toBe(entryAt('EncryptionConfig: !If').line);
    // Each side of the open condition is a variant, for the engine to judge.
    expect(cluster?.variants?.map((v) => v.props.endpoint)).toEqual([
      { publicAccess: false, privateAccess: false, publicAccessCidrs: ['10.0.0.0/8', { $unknown: 'Ref UnknownCidr' }] },
      { publicAccess: true, privateAccess: false, publicAccessCidrs: ['10.0.0.0/8', { $unknown: 'Ref UnknownCidr' }] },
    ]);
    expect(cluster?.variants?.map((v) => v.props.logging)).toEqual([{ enabledTypes: ['audit', 'api'] }, { enabledTypes: ['audit'] }]);
    expect(cluster?.variants?.map((v) => (v.props.secretsEncryption as { enabled: unknown }).enabled)).toEqual([true, false]);
  });

  it('treats AWS::NoValue as absent, an empty CIDR list as open, and half an encryption config as none', () => {
    const cluster = clusters.Unencrypted;
    expect(cluster?.props.endpoint).toEqual({ publicAccess: true, privateAccess: false, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(cluster?.locations['/endpoint/publicAccessCidrs']).toEqual(entryAt('PublicAccessCidrs: []'));
    expect(cluster?.props.secretsEncryption).toEqual({ enabled: false });
    expect(cluster?.locations['/secretsEncryption/enabled']?.line).toBe(entryAt('EncryptionConfig:', 4).line);
  });

  it('reads the JSON twin of a template to the same canonical fields', () => {
    const json = normalize('fixtures/parse/cloudformation/eks-clusters.json').clusters;
    expect(Object.keys(json)).toEqual(Object.keys(clusters));
    for (const name of Object.keys(clusters)) expect(json[name]?.props).toEqual(clusters[name]?.props);
    const jsonSource = readFileSync('fixtures/parse/cloudformation/eks-clusters.json', 'utf8');
    expect(json.Full?.range).toEqual(rangeOf(jsonSource, '"Full"'));
    expect(json.Full?.locations['/name']).toEqual(rangeOf(jsonSource, '"Name": "prod"'));
  });

  it('reads the bare resource maps eksctl writes', () => {
    const file = 'fixtures/parse/cloudformation/bare-resources.json';
    const bare = normalize(file).clusters;
    expect(Object.keys(bare)).toEqual(['ControlPlane']);
    expect(bare.ControlPlane?.props.endpoint).toEqual({ publicAccess: false, privateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] });
    expect(bare.ControlPlane?.locations['/endpoint/publicAccessCidrs']).toEqual(rangeOf(readFileSync(file, 'utf8'), '"EndpointPublicAccess": false'));
  });

  it('ignores other resource types and malformed resources', () => {
    const { documents } = parseYaml('Resources:\n  A: 1\n  B: {Type: AWS::S3::Bucket}\n  C: {Type: !Ref T}\n  D: {Type: AWS::EKS::Cluster, Properties: !If [c, {}, {}]}\n');
    const resources = normalizeCloudFormation('t.yaml', documents[0] as PMap);
    expect(resources.map((r) => r.name)).toEqual(['D']);
    expect(resources[0]?.props.endpoint).toEqual({ publicAccess: { $unknown: 'Fn::If c' }, privateAccess: { $unknown: 'Fn::If c' }, publicAccessCidrs: { $unknown: 'Fn::If c' } });
  });
});
