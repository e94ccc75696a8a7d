import { describe, expect, it } from 'vitest';
import type { Range } from '../src/model/range.js';
import { isUnknown, type Resource } from '../src/model/resource.js';
import { bootstrapCalls } from '../src/normalize/userdata/bootstrap.js';
import { HOLE, LocatedText } from '../src/normalize/userdata/located-text.js';
import { MAX_USER_DATA_CHARS, userDataParts } from '../src/normalize/userdata/parts.js';
import { shellCommands } from '../src/normalize/userdata/shell.js';
import { kubelets } from './helpers/kubelet.js';

function at(line: number, column: number, endColumn: number): Range {
  return { line, column, endLine: line, endColumn };
}

async function only(format: Parameters<typeof kubelets>[0], text: string, others: Record<string, string> = {}): Promise<Resource> {
  const found = await kubelets(format, text, others);
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The column of `needle` on 1-based line `line` of `text`, 1-based. */
function columnOf(text: string, line: number, needle: string): number {
  const column = (text.split('\n')[line - 1] ?? '').indexOf(needle);
  expect(column, `${needle} on line ${line}`).toBeGreaterThanOrEqual(0);
  return column + 1;
}

/** A CloudFormation template with one String parameter (name, default) and a launch template whose `UserData` is the given lines. */
function launchTemplate(parameter: [string, string], userData: string[]): string {
  const [name, value] = parameter;
  return ['Parameters:', `  ${name}:`, '    Type: String', `    Default: ${value}`, 'Resources:', '  LT:', '    Type: AWS::EC2::LaunchTemplate', '    Properties:', '      LaunchTemplateData:', '        UserData:', ...userData, ''].join('\n');
}

function flagAt(text: string, line: number, flag: string): Range {
  const column = columnOf(text, line, flag);
  return at(line, column, column + flag.length);
}

describe('AL2 bootstrap.sh user data', () => {
  const tf = [
    'resource "aws_launch_template" "al2" {',
    '  user_data = base64encode(<<-EOT',
    '    #!/bin/bash',
    '    /etc/eks/bootstrap.sh ${var.cluster} \\',
    `      --kubelet-extra-args '--anonymous-auth=true --authorization-mode AlwaysAllow --feature-gates=RotateKubeletServerCertificate=false,Other=true'`,
    '  EOT',
    '  )',
    '}',
    'variable "cluster" {}',
    '',
  ].join('\n');

  it('reads the flags of --kubelet-extra-args, each at its own column', async () => {
    const kubelet = await only('terraform', tf);
    expect(kubelet.name).toBe('aws_launch_template.al2');
    expect(kubelet.props).toEqual({
      source: 'bootstrap.sh',
      anonymousAuth: true,
      authorizationMode: 'AlwaysAllow',
      featureGates: { RotateKubeletServerCertificate: false, Other: true },
    });
    expect(kubelet.locations['/anonymousAuth']).toEqual(flagAt(tf, 5, '--anonymous-auth=true'));
    expect(kubelet.locations['/authorizationMode']).toEqual(flagAt(tf, 5, '--authorization-mode AlwaysAllow'));
    expect(kubelet.locations['/featureGates/RotateKubeletServerCertificate']).toEqual(flagAt(tf, 5, '--feature-gates=RotateKubeletServerCertificate=false,Other=true'));
  });

  it('reads a plain heredoc (no base64) of a launch configuration', async () => {
    const text = ['resource "aws_launch_configuration" "lc" {', '  user_data = <<EOF', '#!/bin/bash', '/etc/eks/bootstrap.sh prod --kubelet-extra-args "--read-only-port=10255"', 'EOF', '}', ''].join('\n');
    const kubelet = await only('terraform', text);
    expect(kubelet.props).toEqual({ source: 'bootstrap.sh', readOnlyPort: 10255 });
    expect(kubelet.locations['/readOnlyPort']).toEqual(flagAt(text, 4, '--read-only-port=10255'));
  });

  it('locates flags of a quoted string at the argument, since escapes hide their columns', async () => {
    const text = ['resource "aws_launch_template" "lt" {', '  user_data = base64encode("#!/bin/bash\\n/etc/eks/bootstrap.sh prod --kubelet-extra-args \'--anonymous-auth\'\\n")', '}', ''].join('\n');
    const kubelet = await only('terraform', text);
    expect(kubelet.props['anonymousAuth']).toBe(true);
    expect(kubelet.locations['/anonymousAuth']?.line).toBe(2);
    expect(kubelet.locations['/anonymousAuth']?.column).toBe(3);
  });

  it('reads templatefile and filebase64 files inside the scanned folder, at the argument', async () => {
    const main = [
      'resource "aws_launch_template" "tpl" {',
      '  user_data = base64encode(templatefile("${path.module}/al2.sh.tpl", { name = aws_eks_cluster.x.id }))',
      '}',
      'resource "aws_launch_template" "file" {',
      '  user_data = filebase64("${path.module}/al2.sh")',
      '}',
      '',
    ].join('\n');
    const found = await kubelets('terraform', main, {
      'al2.sh.tpl': "#!/bin/bash\n/etc/eks/bootstrap.sh ${name} --kubelet-extra-args '--client-ca-file='\n",
      'al2.sh': "#!/bin/bash\n/etc/eks/bootstrap.sh prod --kubelet-extra-args '--protect-kernel-defaults=false'\n",
    });
    expect(found.map((k) => [k.name, k.props])).toEqual([
      ['aws_launch_template.tpl', { source: 'bootstrap.sh', clientCAFile: '' }],
      ['aws_launch_template.file', { source: 'bootstrap.sh', protectKernelDefaults: false }],
    ]);
    // Not written in main.tf: located at the whole `user_data = ...` argument.
    expect(found[0]!.locations['/clientCAFile']).toEqual({ line: 2, column: 3, endLine: 2, endColumn: main.split('\n')[1]!.length + 1 });
  });

  it('takes CloudFormation Fn::Sub literally around deploy-time values, with known parameters substituted', async () => {
    const cfn = launchTemplate(
      ['Extra', '--event-qps=0'],
      ['          Fn::Base64: !Sub |', '            #!/bin/bash', '            /etc/eks/bootstrap.sh ${AWS::StackName} --kubelet-extra-args "--make-iptables-util-chains=false ${Extra}"'],
    );
    const kubelet = await only('cloudformation', cfn);
    expect(kubelet.props).toEqual({ source: 'bootstrap.sh', makeIPTablesUtilChains: false, eventRecordQPS: 0 });
    expect(kubelet.locations['/makeIPTablesUtilChains']).toEqual(flagAt(cfn, 13, '--make-iptables-util-chains=false'));
    // The parameter's value is not written there: located at UserData.
    expect(kubelet.locations['/eventRecordQPS']).toEqual({ line: 10, column: 9, endLine: 13, endColumn: cfn.split('\n')[12]!.length + 1 });
  });

  it('places flags inside a JSON template string, escapes counted', async () => {
    const cfn = JSON.stringify({
      Resources: {
        LT: {
          Type: 'AWS::EC2::LaunchTemplate',
          Properties: { LaunchTemplateData: { UserData: { 'Fn::Base64': { 'Fn::Sub': '#!/bin/bash\n/etc/eks/bootstrap.sh ${AWS::StackName} --kubelet-extra-args "--anonymous-auth=1"\n' } } } },
        },
      },
    });
    const kubelet = await only('cloudformation', cfn);
    expect(kubelet.props['anonymousAuth']).toBe(true);
    const column = columnOf(cfn, 1, '--anonymous-auth=1');
    expect(kubelet.locations['/anonymousAuth']).toEqual(at(1, column, column + '--anonymous-auth=1'.length));
  });
});

describe('AL2023 nodeadm NodeConfig in MIME multipart user data', () => {
  const tf = [
    'resource "aws_launch_template" "al2023" {',
    '  user_data = <<-EOT',
    '    MIME-Version: 1.0',
    '    Content-Type: multipart/mixed; boundary="//"',
    '',
    '    --//',
    '    Content-Type: text/x-shellscript',
    '',
    '    #!/bin/bash',
    '    echo hello',
    '    --//',
    '    Content-Type: application/node.eks.aws',
    '',
    '    apiVersion: node.eks.aws/v1alpha1',
    '    kind: NodeConfig',
    '    spec:',
    '      cluster:',
    '        name: ${var.cluster}',
    '      kubelet:',
    '        config:',
    '          readOnlyPort: 10255',
    '          streamingConnectionIdleTimeout: 0s',
    '          featureGates:',
    '            RotateKubeletServerCertificate: false',
    '        flags:',
    '          - --read-only-port=0',
    '          - --hostname-override=node-1',
    '    --//--',
    '  EOT',
    '}',
    'variable "cluster" {}',
    '',
  ].join('\n');

  it('reads config then flags (flags win), each at its line and column', async () => {
    const kubelet = await only('terraform', tf);
    expect(kubelet.props).toEqual({
      source: 'NodeConfig',
      readOnlyPort: 0,
      streamingConnectionIdleTimeout: '0s',
      featureGates: { RotateKubeletServerCertificate: false },
      hostnameOverride: 'node-1',
    });
    expect(kubelet.locations['/readOnlyPort']).toEqual(at(26, 13, 31));
    expect(kubelet.locations['/streamingConnectionIdleTimeout']).toEqual(at(22, 11, 45));
    expect(kubelet.locations['/featureGates/RotateKubeletServerCertificate']).toEqual(at(24, 13, 50));
  });

  it('reads the same NodeConfig as a Kubernetes-format file', async () => {
    const file = ['apiVersion: node.eks.aws/v1alpha1', 'kind: NodeConfig', 'spec:', '  kubelet:', '    config:', '      authentication:', '        anonymous:', '          enabled: "true"', ''].join('\n');
    const kubelet = await only('kubernetes', file);
    expect(kubelet.name).toBe('NodeConfig kubelet.yaml');
    expect(kubelet.props).toEqual({ source: 'NodeConfig', anonymousAuth: true });
    expect(kubelet.locations['/anonymousAuth']).toEqual(at(8, 11, 26));
  });
});

describe('Bottlerocket TOML user data', () => {
  const tf = [
    'resource "aws_launch_template" "br" {',
    '  user_data = base64encode(<<-EOT',
    '    [settings.kubernetes]',
    '    cluster-name = "prod"',
    '    event-qps = 0',
    "    'hostname-override' = \"node-a\" # comment",
    '    [settings.kubernetes.node-labels]',
    '    event-qps = 99',
    '    [settings]',
    '    kubernetes.server-tls-bootstrap = false',
    '  EOT',
    '  )',
    '}',
    '',
  ].join('\n');

  it('reads settings.kubernetes keys of tables and dotted keys, each at its line', async () => {
    const kubelet = await only('terraform', tf);
    expect(kubelet.props).toEqual({ source: 'bottlerocket', eventRecordQPS: 0, hostnameOverride: 'node-a', serverTLSBootstrap: false });
    expect(kubelet.locations['/eventRecordQPS']).toEqual(at(5, 5, 18));
    expect(kubelet.locations['/hostnameOverride']).toEqual(at(6, 5, 35));
    expect(kubelet.locations['/serverTLSBootstrap']).toEqual(at(10, 5, 44));
  });
});

describe('containers that run the kubelet', () => {
  it('reads command then args, one argument per item, named after the workload and container', async () => {
    const text = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: k, namespace: kube-system}',
      'spec:',
      '  containers:',
      '    - name: kubelet',
      '      command: [/usr/bin/kubelet, --config=/etc/kubernetes/kubelet.yaml, --read-only-port=10255, "--anonymous-auth true"]',
      '      args: [--event-qps, "0", --read-only-port=0]',
      '',
    ].join('\n');
    const kubelet = await only('kubernetes', text);
    expect(kubelet.name).toBe('Pod kube-system/k containers[kubelet]');
    // "--anonymous-auth true" is one argument, which the kubelet's flag parser would reject: not read.
    expect(kubelet.props).toEqual({ source: 'container', readOnlyPort: 0, eventRecordQPS: 0 });
  });

  it('without --config, holds the kubelet flags\' own defaults, located at the command', async () => {
    const text = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: k}', 'spec:', '  containers:', '    - name: kubelet', '      command: [kubelet, --anonymous-auth=false]', ''].join('\n');
    const kubelet = await only('kubernetes', text);
    expect(kubelet.props).toEqual({ source: 'container', anonymousAuth: false, authorizationMode: 'AlwaysAllow', clientCAFile: '', readOnlyPort: 10255, protectKernelDefaults: false });
    expect(kubelet.locations['/authorizationMode']).toEqual(at(7, 7, 49));
    expect(kubelet.locations['/anonymousAuth']).toEqual(flagAt(text, 7, '--anonymous-auth=false'));
  });
});

describe('eksctl node groups', () => {
  it('merges kubeletExtraConfig, overrideBootstrapCommand and bottlerocket settings in that order', async () => {
    const text = [
      'apiVersion: eksctl.io/v1alpha5',
      'kind: ClusterConfig',
      'metadata:',
      '  name: prod',
      'nodeGroups:',
      '  - name: ng',
      '    kubeletExtraConfig:',
      '      rotateCertificates: false',
      '      authorization: {mode: AlwaysAllow}',
      '    overrideBootstrapCommand: |',
      '      #!/bin/bash',
      "      /etc/eks/bootstrap.sh prod --kubelet-extra-args '--authorization-mode=Webhook'",
      '  - name: plain',
      '    instanceType: m5.large',
      'managedNodeGroups:',
      '  - name: br',
      '    bottlerocket:',
      '      settings:',
      '        kubernetes:',
      '          event-qps: 3',
      '',
    ].join('\n');
    const found = await kubelets('eksctl', text);
    expect(found.map((k) => [k.name, k.props])).toEqual([
      ['ClusterConfig prod nodeGroups[ng]', { source: 'eksctl', rotateCertificates: false, authorizationMode: 'Webhook' }],
      ['ClusterConfig prod managedNodeGroups[br]', { source: 'eksctl', eventRecordQPS: 3 }],
    ]);
    expect(found[0]!.locations['/authorizationMode']).toEqual(flagAt(text, 12, '--authorization-mode=Webhook'));
    expect(found[0]!.locations['/rotateCertificates']).toEqual(at(8, 7, 32));
  });
});

describe('user data decoding', () => {
  it('reads nothing over the size bound, and nothing from gzip', () => {
    const at0 = at(1, 1, 2);
    expect(userDataParts(LocatedText.unplaced(`#!/bin/bash\n${'#'.repeat(MAX_USER_DATA_CHARS)}`, at0))).toBeUndefined();
    const gzip = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]).toString('base64');
    expect(userDataParts(LocatedText.unplaced(gzip, at0))).toBeUndefined();
  });

  it('reads CloudFormation user data built from substitutions up to the bound, and nothing past it', async () => {
    const template = (times: number) =>
      launchTemplate(
        ['P', `"--anonymous-auth=true ${'x'.repeat(1_000)}"`],
        [`          Fn::Base64: !Sub "#!/bin/bash\\n/etc/eks/bootstrap.sh c --kubelet-extra-args '${'${P} '.repeat(times)}'"`],
      );
    // Each substitution adds 1,023 characters: 60 fit in 64 KiB, 10,000 (10 MB) do not.
    expect((await kubelets('cloudformation', template(60))).map((k) => k.props['anonymousAuth'])).toEqual([true]);
    expect(await kubelets('cloudformation', template(10_000))).toEqual([]);
  });

  it('splits shell words as the shell does, expansions unknown, here-documents and comments skipped', () => {
    const script = [
      `echo "a b" 'c'd\\ e $HOME "\${X:-y}z" $(date) # not a word`,
      'cat <<EOF > f',
      '/etc/eks/bootstrap.sh x --kubelet-extra-args --anonymous-auth',
      'EOF',
      'a; b && c | d',
    ].join('\n');
    expect(shellCommands(script).map((c) => c.map((w) => w.value))).toEqual([['echo', 'a b', 'cd e', HOLE, `${HOLE}z`, HOLE], ['cat'], ['a'], ['b'], ['c'], ['d']]);
  });

  it('ignores --kubelet-extra-args= and assignments that are not exported', () => {
    const script = LocatedText.unplaced(
      ['KUBELET_EXTRA_ARGS=--anonymous-auth', '/etc/eks/bootstrap.sh x --kubelet-extra-args=--anonymous-auth', 'KUBELET_EXTRA_ARGS=--read-only-port=1 sudo /etc/eks/bootstrap.sh y'].join('\n'),
      at(1, 1, 2),
    );
    expect(bootstrapCalls(script).map((c) => c.flags.map((f) => f.text))).toEqual([[], ['--read-only-port=1']]);
  });

  it('an expansion inside a flag makes its value unknown, not the flags around it', async () => {
    const text = ['resource "aws_launch_template" "lt" {', '  user_data = <<-EOT', '    #!/bin/bash', '    /etc/eks/bootstrap.sh x --kubelet-extra-args "--anonymous-auth=$ANON --read-only-port=0"', '  EOT', '}', ''].join('\n');
    const kubelet = await only('terraform', text);
    expect(isUnknown(kubelet.props['anonymousAuth'])).toBe(true);
    expect(kubelet.props['readOnlyPort']).toBe(0);
  });

  it('reads bootstrap.sh calls in a cloud-config part\'s runcmd, a plain item at its place', async () => {
    const text = [
      'resource "aws_launch_template" "lt" {',
      '  user_data = <<-EOT',
      '    MIME-Version: 1.0',
      '    Content-Type: multipart/mixed; boundary="==B=="',
      '',
      '    --==B==',
      '    Content-Type: text/cloud-config',
      '',
      '    #cloud-config',
      '    runcmd:',
      '      - /etc/eks/bootstrap.sh prod --kubelet-extra-args --make-iptables-util-chains=false',
      '      - [/etc/eks/bootstrap.sh, prod, --kubelet-extra-args, --read-only-port=10255]',
      '    --==B==--',
      '  EOT',
      '}',
      '',
    ].join('\n');
    const kubelet = await only('terraform', text);
    expect(kubelet.props).toEqual({ source: 'bootstrap.sh', makeIPTablesUtilChains: false, readOnlyPort: 10255 });
    expect(kubelet.locations['/makeIPTablesUtilChains']).toEqual(flagAt(text, 11, '--make-iptables-util-chains=false'));
    expect(kubelet.locations['/readOnlyPort']).toEqual({ line: 2, column: 3, endLine: 14, endColumn: 6 });
  });

  it('user data that configures no kubelet declares no node.kubelet', async () => {
    const text = ['resource "aws_launch_template" "lt" {', '  user_data = base64encode("#!/bin/bash\\nyum install -y htop\\n")', '}', ''].join('\n');
    expect(await kubelets('terraform', text)).toEqual([]);
  });
});
