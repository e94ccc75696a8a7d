import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadConfig } from '../src/config/load-config.js';
import { imageRepository } from '../src/engine/keywords.js';
import type { LintResult } from '../src/report/eslint-results.js';
import { hardenedPod } from './helpers/manifests.js';
import { runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

const tree = (files: Record<string, string>) => writeTree(files, 'eks-lint-config-');

const POD = (name: string, privileged: boolean, namespace = 'shop') => hardenedPod({ name, namespace, privileged });

function ruleIdsOf(stdout: string): string[] {
  return (JSON.parse(stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => m.ruleId ?? '')).sort();
}

describe('configuration file', () => {
  it('is found by walking up from the working folder', () => {
    const dir = tree({ '.eks-lint.yaml': 'failOn: warning\n', 'a/b/c.txt': '' });
    expect(findConfigFile(join(dir, 'a', 'b'))).toBe(join(dir, '.eks-lint.yaml'));
  });

  it('reads YAML and JSON', () => {
    const dir = tree({ '.eks-lint.yaml': 'rules:\n  privileged-container: warning\n', 'x/.eks-lint.json': '{"failOn": "info"}' });
    expect(loadConfig(join(dir, '.eks-lint.yaml')).rules).toEqual({ 'privileged-container': { severity: 'warning' } });
    expect(loadConfig(join(dir, 'x', '.eks-lint.json')).failOn).toBe('info');
  });

  it('names the file, line, column and field of an unknown setting', () => {
    const dir = tree({ '.eks-lint.yaml': 'failOn: error\nexclud:\n  - examples/**\n' });
    const file = join(dir, '.eks-lint.yaml');
    expect(() => loadConfig(file)).toThrow(ConfigError);
    expect(() => loadConfig(file)).toThrow(`${file}:2:1: unknown setting 'exclud' in the configuration`);
  });

  it('names the line of a wrong value', () => {
    const dir = tree({ '.eks-lint.yaml': 'exclude: []\nfailOn: critical\n' });
    expect(() => loadConfig(join(dir, '.eks-lint.yaml'))).toThrow(/\.eks-lint\.yaml:2:9: 'failOn' must be one of error, warning, info/);
  });

  it('reports YAML syntax errors with their position', () => {
    const dir = tree({ '.eks-lint.yaml': 'rules: [unclosed\n' });
    expect(() => loadConfig(join(dir, '.eks-lint.yaml'))).toThrow(/\.eks-lint\.yaml:\d+:\d+: /);
  });
});

describe('rule selection and failure policy on the command line', () => {
  // The rules these files are about; the others of the catalogue would add findings of their own.
  const THESE_RULES = ['--rule', 'privileged-container', '--rule', 'namespace-without-network-policy'];
  const files = { 'pod.yaml': POD('p', true), 'ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: quiet\n' };

  it('selects rules by id, CIS id or tag, and skips them likewise', () => {
    const dir = tree(files);
    expect(ruleIdsOf(runCli([dir, '-f', 'json', '--rule', '4.2.1']).stdout)).toEqual(['privileged-container']);
    expect(ruleIdsOf(runCli([dir, '-f', 'json', '--rule', 'network-policy']).stdout)).toEqual([
      'namespace-without-network-policy',
      'namespace-without-network-policy',
    ]);
    expect(ruleIdsOf(runCli([dir, '-f', 'json', '--skip-rule', 'privileged-container']).stdout)).not.toContain('privileged-container');
  });

  it('exits 2 when a selector matches no rule', () => {
    const run = runCli([tree(files), '--rule', 'no-such-rule']);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/--rule: no rule has the id, CIS id or tag 'no-such-rule'/);
  });

  it('fails on warnings with --fail-on warning or --max-warnings', () => {
    const dir = tree({ 'ns.yaml': files['ns.yaml'] });
    const one = ['--rule', 'network-policy'];
    expect(runCli([dir, ...one]).status).toBe(0);
    expect(runCli([dir, ...one, '--fail-on', 'warning']).status).toBe(1);
    expect(runCli([dir, ...one, '--max-warnings', '0']).status).toBe(1);
    expect(runCli([dir, ...one, '--max-warnings', '1']).status).toBe(0);
    expect(runCli([dir, '--fail-on', 'fatal']).status).toBe(2);
  });

  it('applies the configuration: severity overrides, off, excludes, options and failOn', () => {
    const dir = tree({
      ...files,
      'examples/pod.yaml': POD('example', true),
      '.eks-lint.yaml': [
        'rules:',
        '  privileged-container: warning',
        '  container-privilege-escalation-allowed: off',
        '  namespace-without-network-policy:',
        '    options:',
        '      exemptNamespaces: [quiet, shop]',
        'exclude: ["examples/"]',
        'failOn: warning',
        '',
      ].join('\n'),
    });
    const run = runCli(['.', '-f', 'json', ...THESE_RULES], { cwd: dir });
    expect(run.status).toBe(1);
    const messages = (JSON.parse(run.stdout) as LintResult[]).flatMap((r) => r.messages);
    expect(messages.map((m) => [m.ruleId, m.level])).toEqual([['privileged-container', 'warning']]);
  });

  it('turns rules off from the configuration and takes --config', () => {
    const dir = tree({ ...files, 'conf/strict.yaml': 'rules:\n  privileged-container: off\n  namespace-without-network-policy: off\n' });
    const run = runCli([dir, '--config', join(dir, 'conf/strict.yaml'), '-f', 'json', ...THESE_RULES]);
    expect(run.status).toBe(0);
    expect(ruleIdsOf(run.stdout)).toEqual([]);
  });

  it('applies maxFileSize from the configuration', () => {
    const dir = tree({ 'pod.yaml': POD('p', true), '.eks-lint.yaml': 'maxFileSize: 100\n' });
    const run = runCli(['pod.yaml', '-f', 'json'], { cwd: dir });
    expect(run.status).toBe(0);
    expect(ruleIdsOf(run.stdout)).toEqual(['file-too-large']);
  });

  it('rejects settings for unknown rules and options', () => {
    const unknownRule = tree({ ...files, '.eks-lint.yaml': 'rules:\n  privileged-pod: off\n' });
    expect(runCli(['.'], { cwd: unknownRule }).stderr).toMatch(/\.eks-lint\.yaml:2:3: 'rules': there is no rule 'privileged-pod'/);
    const badOption = tree({ ...files, '.eks-lint.yaml': 'rules:\n  namespace-without-network-policy:\n    options: { exemptNamespaces: kube-system }\n' });
    const run = runCli(['.'], { cwd: badOption });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /\.eks-lint\.yaml:3:34: 'rules\.namespace-without-network-policy\.options\.exemptNamespaces' \(option 'exemptNamespaces' of rule 'namespace-without-network-policy'\): value must be array/,
    );
  });
});

describe('image references', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:1.27', 'docker.io/library/nginx'],
    ['bitnami/redis:7', 'docker.io/bitnami/redis'],
    ['ghcr.io/org/app@sha256:abc', 'ghcr.io/org/app'],
    ['localhost:5000/app:1', 'localhost:5000/app'],
    ['111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app:2', '111122223333.dkr.ecr.eu-west-1.amazonaws.com/team/app'],
  ])('%s is %s', (image, repository) => {
    expect(imageRepository(image)).toBe(repository);
  });
});
