import { readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import type { PMap } from '../src/model/tree.js';
import { normalizeCloudFormation } from '../src/normalize/cloudformation.js';
import { parseYaml } from '../src/parse/yaml.js';
import { parseCliArgs } from '../src/cli-args.js';
import { writeTree } from './helpers/temp-tree.js';

function resources(template: string, parameters: Record<string, string> = {}) {
  const { documents, problems } = parseYaml(template);
  expect(problems).toEqual([]);
  return normalizeCloudFormation('t.yaml', documents[0] as PMap, { parameters });
}

/** One cluster whose name is `expression`, in a template with the given extra sections. */
function nameOf(expression: string, sections = '', parameters: Record<string, string> = {}): unknown {
  const template = `${sections}\nResources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: ${expression}\n`;
  return resources(template, parameters)[0]?.props.name;
}

const PARAMETERS = `Parameters:
  Env: {Type: String, Default: prod}
  Zones: {Type: CommaDelimitedList, Default: "a,b,c"}
  NoDefault: {Type: String}
  FromSsm: {Type: "AWS::SSM::Parameter::Value<String>", Default: /eks/name}
Mappings:
  Names: {prod: {Cluster: payments}, dev: {Cluster: sandbox}}`;

describe('CloudFormation intrinsic functions', () => {
  it.each([
    ['!Ref Env', 'prod'],
    ['!Sub "${Env}-eks"', 'prod-eks'],
    ['!Sub ["${A}-${Env}", {A: x}]', 'x-prod'],
    ['!Sub "${!Literal}-${Env}"', '${Literal}-prod'],
    ['!Join ["-", [a, !Ref Env]]', 'a-prod'],
    ['!Select [1, !Ref Zones]', 'b'],
    ['!Select [2, !Split [",", "x,y,z"]]', 'z'],
    ['!Base64 abc', 'YWJj'],
    ['!FindInMap [Names, !Ref Env, Cluster]', 'payments'],
    ['!If [IsProd, live, test]', 'live'],
  ])('%s is %j', (expression, expected) => {
    expect(nameOf(expression, `${PARAMETERS}\nConditions:\n  IsProd: !Equals [!Ref Env, prod]`)).toBe(expected);
  });

  it.each([
    ['!Ref AWS::Region', 'Ref AWS::Region'],
    ['!Sub "${AWS::AccountId}-eks"', 'Fn::Sub ${AWS::AccountId}-eks'],
    ['!Ref NoDefault', 'Ref NoDefault'],
    ['!Ref FromSsm', 'Ref FromSsm: read from SSM at deploy time'],
    ['!ImportValue shared-name', 'Fn::ImportValue shared-name'],
    ['!Select [5, !Ref Zones]', 'Fn::Select: index out of range'],
    ['!FindInMap [Names, staging, Cluster]', 'Fn::FindInMap Names.staging.Cluster: no such entry'],
    ['!Join ["-", [a, !Ref AWS::StackName]]', 'Fn::Join'],
  ])('%s is unknown (%s)', (expression, reason) => {
    expect(nameOf(expression, PARAMETERS)).toEqual({ $unknown: reason });
  });

  it('takes --cfn-parameter values over defaults, and gives parameters without a default a value', () => {
    expect(nameOf('!Sub "${Env}-${NoDefault}"', PARAMETERS, { Env: 'dev', NoDefault: 'x' })).toBe('dev-x');
    expect(nameOf('!FindInMap [Names, !Ref Env, Cluster]', PARAMETERS, { Env: 'dev' })).toBe('sandbox');
    expect(nameOf('!Select [0, !Ref Zones]', PARAMETERS, { Zones: 'q, r' })).toBe('q');
  });

  it('evaluates conditions with And, Or, Not and Condition, three-valued', () => {
    const conditions = `${PARAMETERS}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  InUsEast: !Equals [!Ref AWS::Region, us-east-1]
  ProdOrUs: !Or [!Condition IsProd, !Condition InUsEast]
  ProdAndUs: !And [!Condition IsProd, !Condition InUsEast]
  NotProd: !Not [!Condition IsProd]
  DevAndUs: !And [!Condition NotProd, !Condition InUsEast]
  Loop: !Not [!Condition Loop]`;
    expect(nameOf('!If [ProdOrUs, one, two]', conditions)).toBe('one');
    expect(nameOf('!If [DevAndUs, one, two]', conditions)).toBe('two');
    expect(nameOf('!If [ProdAndUs, one, two]', conditions)).toEqual({ $unknown: 'Fn::If ProdAndUs' });
    expect(nameOf('!If [Loop, one, two]', conditions)).toEqual({ $unknown: 'Fn::If Loop' });
    expect(nameOf('!If [Missing, one, two]', conditions)).toEqual({ $unknown: 'Fn::If Missing' });
  });

  it('does not create a resource whose condition is false, and keeps one whose condition is open', () => {
    const template = `Parameters:
  Create: {Type: String, Default: "no"}
Conditions:
  CreateIt: !Equals [!Ref Create, "yes"]
  Maybe: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Skipped: {Type: AWS::EKS::Cluster, Condition: CreateIt, Properties: {}}
  Kept: {Type: AWS::EKS::Cluster, Condition: Maybe, Properties: {}}`;
    expect(resources(template).map((r) => r.name)).toEqual(['Kept']);
    expect(resources(template, { Create: 'yes' }).map((r) => r.name)).toEqual(['Skipped', 'Kept']);
  });

  it('branches on at most four open conditions per resource', () => {
    const names = ['A', 'B', 'C', 'D', 'E'];
    const conditions = names.map((n) => `  ${n}: !Equals [!Ref AWS::Region, ${n}]`).join('\n');
    const types = names.map((n) => `            - !If [${n}, {Type: api}, !Ref AWS::NoValue]`).join('\n');
    const template = `Conditions:\n${conditions}\nResources:\n  C:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Logging:\n        ClusterLogging:\n          EnabledTypes:\n${types}\n`;
    const [cluster] = resources(template);
    expect(cluster?.variants).toHaveLength(16);
    // The fifth condition stays open in every variant.
    expect(cluster?.variants?.[0]?.props.logging).toEqual({ enabledTypes: ['api', 'api', 'api', 'api', { $unknown: 'Fn::If E' }] });
  });
});

describe('references between resources', () => {
  const template = `Resources:
  Key: {Type: AWS::KMS::Key}
  Role: {Type: AWS::IAM::Role}
  Subnet: {Type: AWS::EC2::Subnet}
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      EncryptionConfig: [{Resources: [secrets], Provider: {KeyArn: !GetAtt Key.Arn}}]
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: !GetAtt [Role, Arn]
      Subnets: [!Ref Subnet, subnet-literal]
`;
  const all = resources(template);
  const cluster = all.find((r) => r.kind === 'eks.cluster');
  const nodes = all.find((r) => r.kind === 'eks.nodegroup');

  it("records a cluster's KMS key as an edge", () => {
    expect(cluster?.props.secretsEncryption).toEqual({ enabled: true, keyArn: { $unknown: 'Fn::GetAtt Key.Arn', $ref: 'Key.Arn' } });
    expect(cluster?.references).toEqual([{ from: '/secretsEncryption/keyArn', to: 'Key', attribute: 'Arn' }]);
  });

  it("reads a node group with its cluster, role and subnets as edges", () => {
    expect(nodes).toMatchObject({ kind: 'eks.nodegroup', name: 'Nodes', format: 'cloudformation' });
    expect(nodes?.props.subnets).toEqual([{ $unknown: 'Ref Subnet', $ref: 'Subnet' }, 'subnet-literal']);
    expect(nodes?.references).toEqual([
      { from: '/clusterName', to: 'Cluster' },
      { from: '/nodeRole', to: 'Role', attribute: 'Arn' },
      { from: '/subnets/0', to: 'Subnet' },
    ]);
  });
});

describe('--cfn-parameter', () => {
  const fixture = join(import.meta.dirname, '..', 'fixtures', 'eks-public-endpoint-unrestricted', 'cloudformation', 'pass-parameter-without-default.yaml');

  it('gives a parameter the value a deployment would, and findings follow it', async () => {
    const open = await lint([fixture]);
    expect(open.findings.filter((f) => f.ruleId === 'eks-public-endpoint-unrestricted')).toEqual([]);
    const deployed = await lint([fixture], { cfnParameters: { PublicEndpoint: 'true' } });
    const findings = deployed.findings.filter((f) => f.ruleId === 'eks-public-endpoint-unrestricted');
    expect(findings.map((f) => f.range.line)).toEqual([13]);
  });

  it('is parsed from the command line, repeatable, the last value winning', () => {
    const options = parseCliArgs(['--cfn-parameter', 'A=1', '--cfn-parameter', 'B=x=y', '--cfn-parameter', 'A=2', '.']);
    expect(options.cfnParameters).toEqual({ A: '2', B: 'x=y' });
    expect(() => parseCliArgs(['--cfn-parameter', 'no-equals'])).toThrow(/Name=Value/);
  });
});

describe('templates synthesised by the AWS CDK', () => {
  const template = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'cdk', 'EksStack.template.json'));
  const tree = () => writeTree({ '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': 'cdk.out\n', 'cdk.out/EksStack.template.json': template });

  it('scan like any JSON template when cdk.out is named, although .gitignore ignores it', async () => {
    const dir = tree();
    try {
      const report = await lint([join(dir, 'cdk.out')]);
      expect(report.files.map((f) => relative(dir, f))).toEqual([join('cdk.out', 'EksStack.template.json')]);
      // Public endpoint open to all, at EndpointPublicAccess; the KMS key and audit logs are set. The
      // cluster leaves access to the EKS API's defaults and logs only audit and api.
      expect(report.findings.map((f) => `${f.ruleId}:${f.range.line}`)).toEqual([
        'eks-authentication-mode-config-map:8',
        'eks-cluster-creator-admin:8',
        'eks-control-plane-logs-incomplete:14',
        'eks-public-endpoint-unrestricted:18',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('are skipped as build output when the repository is scanned', async () => {
    const dir = tree();
    try {
      expect((await lint([dir])).files).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile templates', () => {
  it('stop evaluating a mapping that refers to itself twice over, and leave the value unknown', () => {
    const self = '{"Fn::Join": ["", [{"Fn::FindInMap": ["M", "a", "b"]}, {"Fn::FindInMap": ["M", "a", "b"]}]]}';
    const template = `{"Mappings": {"M": {"a": {"b": ${self}}}}, "Resources": {"C": {"Type": "AWS::EKS::Cluster", "Properties": {"Name": ${self}}}}}`;
    const { documents } = parseYaml(template);
    const [cluster] = normalizeCloudFormation('t.json', documents[0] as PMap);
    expect(cluster?.props.name).toMatchObject({ $unknown: expect.any(String) as string });
  });

  it('leave conditions that refer to themselves unknown', () => {
    expect(nameOf('!If [A, one, two]', 'Conditions:\n  A: !And [!Condition B, !Condition B]\n  B: !Or [!Condition A, !Condition A]')).toEqual({ $unknown: 'Fn::If A' });
  });
});

describe("the AWS CDK's eks.Cluster custom resource", () => {
  const cluster = (config: string) =>
    resources(`Resources:\n  Role: {Type: AWS::IAM::Role}\n  C:\n    Type: Custom::AWSCDK-EKS-Cluster\n    Properties:\n      Config: ${config}\n`)[0];

  it('reads the CreateCluster request in Config', () => {
    const c = cluster('{name: x, resourcesVpcConfig: {endpointPublicAccess: false, endpointPrivateAccess: true}, logging: {clusterLogging: [{enabled: true, types: [api, audit]}, {enabled: false, types: [scheduler]}]}}');
    expect(c?.props).toEqual({
      name: 'x',
      logging: { enabledTypes: ['api', 'audit'] },
      endpoint: { publicAccess: false, privateAccess: true, publicAccessCidrs: ['0.0.0.0/0'] },
      secretsEncryption: { enabled: false },
      access: { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true },
      outpost: false,
    });
    const written = cluster('{name: x, accessConfig: {authenticationMode: API, bootstrapClusterCreatorAdminPermissions: false}}');
    expect(written?.props.access).toEqual({ authenticationMode: 'API', bootstrapCreatorAdmin: false });
  });

  it('keeps an open logging switch unknown', () => {
    expect(cluster('{logging: {clusterLogging: [{enabled: !Ref AWS::Region, types: [audit]}]}}')?.props.logging).toEqual({ enabledTypes: { $unknown: 'Ref AWS::Region' } });
  });
});
