import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/report/eslint-results.js';
import { ROOT, runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

const tempDir = (files: Record<string, string>) => writeTree(files, 'eks-lint-cli-');

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: busybox
      securityContext:
        privileged: true
`;

describe('eks-lint CLI', () => {
  it('finds the five flagship rules in the demo stack and exits 1', () => {
    const run = runCli(['fixtures/demo', '--format', 'json']);
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    const ruleIds = new Set(results.flatMap((r) => r.messages.map((m) => m.ruleId)));
    expect([...ruleIds]).toEqual(
      expect.arrayContaining([
        'eks-audit-logging-disabled',
        'eks-public-endpoint-unrestricted',
        'eks-secrets-not-encrypted',
        'namespace-without-network-policy',
        'privileged-container',
      ]),
    );
  });

  it('prints ESLint-compatible JSON with eks-lint fields', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD });
    // One rule, so that the output is exactly its finding; the pod breaks others too.
    const run = runCli([dir, '-f', 'json', '--rule', 'privileged-container']);
    const [result] = JSON.parse(run.stdout) as LintResult[];
    expect(result?.filePath).toBe(join(dir, 'pod.yaml'));
    expect(result?.errorCount).toBe(1);
    expect(result?.warningCount).toBe(0);
    expect(result?.messages).toEqual([
      {
        ruleId: 'privileged-container',
        severity: 2,
        message: "Container 'c' of Pod p runs privileged",
        line: 10,
        column: 9,
        endLine: 10,
        endColumn: 25,
        level: 'error',
        resource: 'Pod p',
        cis: ['4.2.1'],
        format: 'kubernetes',
        fix: expect.stringContaining('privileged') as string,
      },
    ]);
  });

  it('prints stylish output for people, with the rule id and position', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD });
    const run = runCli([dir, '--rule', 'privileged-container']);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('pod.yaml');
    expect(run.stdout).toMatch(/10:9\s+Container 'c' of Pod p runs privileged\s+privileged-container/);
    expect(run.stdout).toMatch(/1 error/);
    expect(run.stdout).not.toMatch(/\x1b\[/);
  });

  it('exits 0 on a clean tree and prints nothing', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD.replace('privileged: true', 'privileged: false') });
    const run = runCli([dir, '--rule', 'privileged-container']);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe('');
  });

  it('exits 0 when only warnings are found, and --quiet hides them', () => {
    const dir = tempDir({ 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n' });
    const run = runCli([dir, '-f', 'json']);
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as LintResult[])[0]?.warningCount).toBeGreaterThan(0);
    const quiet = runCli([dir, '-f', 'json', '--quiet']);
    expect((JSON.parse(quiet.stdout) as LintResult[])[0]?.messages).toEqual([]);
  });

  it('writes to --output-file and several formats in one run', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD });
    const out = join(dir, 'report.json');
    const run = runCli([dir, '--format', 'json', '--output-file', out, '--format', 'stylish']);
    expect(run.status).toBe(1);
    expect((JSON.parse(readFileSync(out, 'utf8')) as LintResult[])[0]?.errorCount).toBe(1);
    expect(run.stdout).toContain('privileged-container');
  });

  it('exits 2 on a missing path, an unknown option or an unknown format', () => {
    for (const args of [['does/not/exist'], ['--frobnicate'], ['-f', 'yaml', 'fixtures/demo']]) {
      const run = runCli(args);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stderr).toMatch(/^eks-lint: /);
      expect(run.stdout).toBe('');
    }
  });

  it('prints --version from package.json and --help', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(runCli(['--version']).stdout.trim()).toBe(pkg.version);
    const help = runCli(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Usage: eks-lint/);
  });

  it('colours output only when asked', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD });
    expect(runCli([dir, '--color']).stdout).toMatch(/\x1b\[/);
    expect(runCli([dir, '--color', '--no-color']).stdout).not.toMatch(/\x1b\[/);
  });
});

describe('baselines from the command line', () => {
  it('records today\'s findings and then reports only new ones, even after lines move', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD });
    const only = ['--rule', 'privileged-container'];
    const write = runCli(['.', ...only, '--baseline-write', '.eks-lint-baseline.json'], { cwd: dir });
    expect(write.status).toBe(0);
    expect(write.stderr).toMatch(/recorded 1 findings/);
    expect(runCli(['.', ...only, '--baseline', '.eks-lint-baseline.json'], { cwd: dir }).status).toBe(0);

    const moved = `# a comment added above\n${PRIVILEGED_POD}---\n${PRIVILEGED_POD.replace('name: p', 'name: q')}`;
    writeFileSync(join(dir, 'pod.yaml'), moved);
    const run = runCli(['.', ...only, '--baseline', '.eks-lint-baseline.json', '-f', 'json'], { cwd: dir });
    expect(run.status).toBe(1);
    const messages = (JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages);
    expect(messages.map((m) => [m.resource, m.line])).toEqual([['Pod q', 22]]);
  });

  it('exits 2 on a baseline file that is not one', () => {
    const dir = tempDir({ 'pod.yaml': PRIVILEGED_POD, 'bad.json': '{"hello": 1}' });
    const run = runCli(['.', '--baseline', 'bad.json'], { cwd: dir });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/invalid baseline/);
  });
});

describe('Terraform variables from the command line', () => {
  const files = {
    'main.tf': [
      'variable "public" {\n  default = false\n}',
      'resource "aws_eks_cluster" "c" {',
      '  enabled_cluster_log_types = ["audit"]',
      '  encryption_config {\n    resources = ["secrets"]\n    provider { key_arn = "k" }\n  }',
      '  vpc_config {\n    endpoint_public_access = var.public\n  }',
      '}',
    ].join('\n'),
    'prod.tfvars': 'public = true\n',
  };

  it('takes --var-file, --var and, with --env-vars only, TF_VAR_ variables', () => {
    const dir = tempDir(files);
    const env = { TF_VAR_public: 'true' };
    const main = tempDir({ 'main.tf': files['main.tf'] });
    expect(runCli(['.'], { cwd: main, env }).status).toBe(0);
    expect(runCli(['.', '--env-vars'], { cwd: main, env }).status).toBe(1);
    // prod.tfvars may be passed with -var-file: without it on the command line, `public` is unknown.
    expect(runCli(['.', '--env-vars'], { cwd: dir, env }).status).toBe(0);
    expect(runCli(['.', '--var-file', 'prod.tfvars'], { cwd: dir }).status).toBe(1);
    expect(runCli(['.', '--var-file', 'prod.tfvars', '--var', 'public=false'], { cwd: dir }).status).toBe(0);
  });

  it('exits 2 on a --var without a name or an unreadable --var-file', () => {
    const dir = tempDir(files);
    const noName = runCli(['.', '--var', '=true'], { cwd: dir });
    expect(noName.status).toBe(2);
    expect(noName.stderr).toMatch(/--var needs name=value/);
    const missing = runCli(['.', '--var-file', 'nope.tfvars'], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/cannot read --var-file nope.tfvars/);
  });
});
