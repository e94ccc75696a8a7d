import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/report/eslint-results.js';
import { runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

// The rules these files exercise; the catalogue's others would add findings that say nothing here.
const THESE_RULES = ['--rule', 'privileged-container', '--rule', 'namespace-without-network-policy', '--rule', 'eks-public-endpoint-unrestricted', '--rule', 'eks-audit-logging-disabled', '--rule', 'eks-secrets-not-encrypted'];

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n';
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
/** A hardened Deployment: only what its namespace lacks can be reported. */
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
        - name: web
          image: public.ecr.aws/example/web:1@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
          resources: { limits: { cpu: 100m, memory: 64Mi } }
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
            seccompProfile: { type: RuntimeDefault }
`;

/** A git repository on disk, as pre-commit sees it. */
function repository(files: Record<string, string>): string {
  const dir = writeTree(files, 'eks-lint-repo-');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

function messages(stdout: string) {
  return (JSON.parse(stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => ({ file: r.filePath, ruleId: m.ruleId, line: m.line })));
}

describe('file-list mode (pre-commit)', () => {
  it('judges a Deployment with the NetworkPolicy that lives in another file', () => {
    const repo = repository({ 'k8s/namespace.yaml': NAMESPACE, 'k8s/policies/deny.yaml': POLICY, 'k8s/apps/web.yaml': DEPLOYMENT });
    const run = runCli([...THESE_RULES, 'k8s/apps/web.yaml', '-f', 'json'], { cwd: repo });
    expect(run.status).toBe(0);
    expect(messages(run.stdout)).toEqual([]);
    expect((JSON.parse(run.stdout) as LintResult[]).map((r) => r.filePath)).toEqual([join(repo, 'k8s/apps/web.yaml')]);
  });

  it('reports only for the files it was given', () => {
    const repo = repository({ 'k8s/namespace.yaml': NAMESPACE, 'k8s/apps/web.yaml': DEPLOYMENT });
    // The namespace without a policy is declared in namespace.yaml, which was not handed over.
    expect(messages(runCli([...THESE_RULES, 'k8s/apps/web.yaml', '-f', 'json'], { cwd: repo }).stdout)).toEqual([]);
    expect(messages(runCli([...THESE_RULES, 'k8s/namespace.yaml', '-f', 'json'], { cwd: repo }).stdout)).toEqual([
      { file: join(repo, 'k8s/namespace.yaml'), ruleId: 'namespace-without-network-policy', line: 4 },
    ]);
  });

  it('resolves a Terraform variable declared in a file that did not change', () => {
    const repo = repository({
      'infra/variables.tf': 'variable "public" {\n  default = false\n}\n',
      'infra/main.tf': [
        'resource "aws_eks_cluster" "c" {',
        '  name                      = "c"',
        '  role_arn                  = "arn:aws:iam::111122223333:role/eks"',
        '  enabled_cluster_log_types = ["audit"]',
        '  vpc_config {',
        '    subnet_ids             = ["subnet-1"]',
        '    endpoint_public_access = var.public',
        '  }',
        '  encryption_config {',
        '    resources = ["secrets"]',
        '    provider {',
        '      key_arn = "arn:aws:kms:eu-west-1:111122223333:key/k"',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    });
    expect(messages(runCli([...THESE_RULES, 'infra/main.tf', '-f', 'json'], { cwd: repo }).stdout)).toEqual([]);
    writeFileSync(join(repo, 'infra/variables.tf'), 'variable "public" {\n  default = true\n}\n');
    expect(messages(runCli([...THESE_RULES, 'infra/main.tf', '-f', 'json'], { cwd: repo }).stdout).map((m) => [m.ruleId, m.line])).toEqual([
      ['eks-public-endpoint-unrestricted', 7],
    ]);
  });

  it('skips files it does not understand without complaint', () => {
    const repo = repository({ 'package.json': '{"name": "x"}', 'k8s/apps/web.yaml': DEPLOYMENT, 'k8s/deny.yaml': POLICY });
    const run = runCli([...THESE_RULES, 'package.json', 'k8s/apps/web.yaml', '-f', 'json'], { cwd: repo });
    expect(run.status).toBe(0);
    expect(messages(run.stdout)).toEqual([]);
  });
});

describe('standard input (editors)', () => {
  it('lints the buffer as the named file, with the repository as context', () => {
    const repo = repository({ 'k8s/deny.yaml': POLICY, 'k8s/apps/web.yaml': DEPLOYMENT });
    const buffer = readFileSync(join(repo, 'k8s/apps/web.yaml'), 'utf8').replace('runAsNonRoot: true', 'runAsNonRoot: true\n            privileged: true');
    const run = runCli([...THESE_RULES, '--stdin', '--stdin-filename', 'k8s/apps/web.yaml', '-f', 'json'], { cwd: repo, input: buffer });
    expect(run.status).toBe(1);
    expect(messages(run.stdout)).toEqual([{ file: join(repo, 'k8s/apps/web.yaml'), ruleId: 'privileged-container', line: 17 }]);
  });

  it('accepts a name that is not on disk yet', () => {
    const repo = repository({});
    const run = runCli([...THESE_RULES, '--stdin', '--stdin-filename', 'new/ns.yaml', '-f', 'compact'], { cwd: repo, input: NAMESPACE });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('new/ns.yaml:4:3: warning');
  });

  it('needs a file name', () => {
    expect(runCli([...THESE_RULES, '--stdin'], { input: NAMESPACE }).status).toBe(2);
  });
});
