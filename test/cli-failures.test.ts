import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LintResult } from '../src/report/eslint-results.js';
import { runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

const PRIVILEGED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
spec:
  containers:
    - name: c
      image: busybox
      securityContext:
        privileged: true
`;
const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: quiet\n';

/** A checkout: a folder with `.git`, so that it is the configuration's repository. */
function repository(files: Record<string, string>): string {
  const dir = writeTree(files, 'eks-lint-failures-');
  mkdirSync(join(dir, '.git'));
  return dir;
}

function ruleIdsOf(stdout: string): string[] {
  return [...new Set((JSON.parse(stdout) as LintResult[]).flatMap((r) => r.messages.map((m) => m.ruleId ?? '')))].sort();
}

/** Exit 2 and one line on standard error, matching `pattern`: no stack trace, no `internal error`. */
function expectOneLineFailure(run: ReturnType<typeof runCli>, pattern: RegExp): void {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr).toMatch(/^eks-lint: [^\n]*\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
}

describe('files named by a committed configuration', () => {
  it('refuses a .eks-lint.yaml that links out of the repository, without reading it', () => {
    const repo = repository({ 'pod.yaml': PRIVILEGED_POD });
    symlinkSync('/dev/zero', join(repo, '.eks-lint.yaml'));
    expectOneLineFailure(runCli(['.'], { cwd: repo }), /\.eks-lint\.yaml: is a symbolic link to \/dev\/zero, outside the repository/);
  });

  it('keeps the baseline inside the repository and never echoes what lies outside', () => {
    const env = { FAKE_CI_TOKEN: 'ghp_secretvalue' };
    for (const target of ['/proc/self/environ', '/dev/stdin', '/dev/zero', '../../../etc/passwd']) {
      const repo = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': `failOn: error\nbaseline: ${target}\n` });
      const run = runCli(['.'], { cwd: repo, env });
      expectOneLineFailure(run, /\.eks-lint\.yaml:2:11: 'baseline': .* outside the repository/);
      expect(run.stderr).not.toContain('ghp_');
    }
    const linked = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': 'baseline: base.json\n' });
    symlinkSync('/proc/self/environ', join(linked, 'base.json'));
    expectOneLineFailure(runCli(['.'], { cwd: linked, env }), /'baseline': .*base\.json: is a symbolic link to \/proc\/.*, outside the repository/);
  });

  it('reads a baseline named on the command line with the same limits, and quotes none of it', () => {
    const repo = repository({ 'pod.yaml': PRIVILEGED_POD, 'secret.json': 'FAKE_CI_TOKEN=ghp_secretvalue', 'cut.json': '{"tool": "ghp_secretvalue' });
    expectOneLineFailure(runCli(['.', '--baseline', '/dev/zero'], { cwd: repo }), /\/dev\/zero: cannot read baseline: is not a regular file/);
    const environ = runCli(['.', '--baseline', '/proc/self/environ'], { cwd: repo, env: { FAKE_CI_TOKEN: 'ghp_secretvalue' } });
    expectOneLineFailure(environ, /cannot read baseline: is not text/);
    expect(environ.stderr).not.toContain('ghp_');
    for (const file of ['secret.json', 'cut.json']) {
      const run = runCli(['.', '--baseline', file], { cwd: repo });
      expectOneLineFailure(run, /not valid JSON \((unexpected character|unexpected end of input|.* at line 1, column \d+)\)/);
      expect(run.stderr).not.toContain('ghp_');
    }
  });

  it('reports YAML errors in the configuration by position and kind, without the text', () => {
    const repo = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': 'failOn: error\n  secret: "ghp_secretvalue\n' });
    const run = runCli(['.'], { cwd: repo });
    expectOneLineFailure(run, /\.eks-lint\.yaml:\d+:\d+: invalid YAML: [a-z ]+$/m);
    expect(run.stderr).not.toContain('ghp_');
  });
});

describe('one-line errors for a careless user', () => {
  it('names the path and the problem for outputs, baselines and configurations', () => {
    const repo = repository({ 'pod.yaml': PRIVILEGED_POD, 'folder/x': '' });
    const bomb = 'a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n';
    const cases: [string[], RegExp][] = [
      [['-o', 'missing/dir/x'], /cannot write missing\/dir\/x: the folder missing\/dir does not exist/],
      [['-o', 'folder'], /cannot write folder: it is a folder/],
      [['--baseline-write', '/nonexistent/x.json'], /cannot write \/nonexistent\/x\.json: the folder \/nonexistent does not exist/],
      [['-c', 'nope.yaml'], /cannot read configuration .*nope\.yaml: no such file \(ENOENT\)/],
      [['-c', '/etc'], /cannot read configuration \/etc: is a folder, not a file/],
    ];
    for (const [args, pattern] of cases) expectOneLineFailure(runCli(['.', ...args], { cwd: repo }), pattern);
    const bombed = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': bomb });
    expectOneLineFailure(runCli(['.'], { cwd: bombed }), /\.eks-lint\.yaml:2:8: too many alias expansions/);
  });
});

describe('configuration errors say where', () => {
  const cases: [string, RegExp][] = [
    ['rules:\n  privileged-pod: off\n', /:2:3: 'rules': there is no rule 'privileged-pod'/],
    ['only: [privileged-container, nope]\n', /:1:30: 'only': no rule has the id, CIS id or tag 'nope'/],
    ['skip:\n  - images\n  - nope\n', /:3:5: 'skip': no rule has the id, CIS id or tag 'nope'/],
    ['rules:\n  privileged-container:\n    severity: error\n    sevrity: warning\n', /:4:5: unknown setting 'sevrity' in 'rules\.privileged-container'/],
    ['rules:\n  privileged-container: fatal\n', /:2:25: 'rules\.privileged-container' must be one of off, error, warning, info/],
    ['rules:\n  privileged-container: 3\n', /:2:25: 'rules\.privileged-container' must be off, error, warning, info or a map/],
    ['rules:\n  Bad_Id: off\n', /:2:3: 'rules' has a malformed rule id 'Bad_Id'/],
    ['rules:\n  privileged-container:\n    options: { nope: 1 }\n', /:3:16: 'rules\.privileged-container\.options': rule 'privileged-container' has no option 'nope'/],
    ['allowedRegistries: docker.io\n', /:1:20: 'allowedRegistries' must be array/],
    ['maxFileSize: 10000000000\n', /:1:14: 'maxFileSize' must be <= 104857600/],
    ['exclude:\n  - examples/\n  - ""\n', /:3:5: 'exclude\.1' must NOT have fewer than 1 characters/],
  ];
  it.each(cases)('%j', (config, pattern) => {
    const repo = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': config });
    expectOneLineFailure(runCli(['.'], { cwd: repo }), new RegExp(`\\.eks-lint\\.yaml${pattern.source}`));
  });

  it('blames the configuration, not --rule, for a bad selector in the file', () => {
    const repo = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': 'only: [nope]\n' });
    expectOneLineFailure(runCli(['.', '--rule', '5.3.1'], { cwd: repo }), /\.eks-lint\.yaml:1:8: 'only': no rule has the id, CIS id or tag 'nope'/);
  });
});

describe('rule selection: the command line replaces the configuration', () => {
  const files = { 'pod.yaml': PRIVILEGED_POD, 'ns.yaml': NAMESPACE };

  it('--rule replaces only, --skip-rule replaces skip', () => {
    const repo = repository({ ...files, '.eks-lint.yaml': 'only: [privileged-container]\nskip: [network-policy]\n' });
    expect(ruleIdsOf(runCli(['.', '-f', 'json'], { cwd: repo }).stdout)).toEqual(['privileged-container']);
    expect(ruleIdsOf(runCli(['.', '-f', 'json', '--rule', '4.3.2'], { cwd: repo }).stdout)).toEqual([]);
    expect(ruleIdsOf(runCli(['.', '-f', 'json', '--rule', '4.3.2', '--skip-rule', 'images'], { cwd: repo }).stdout)).toEqual([
      'namespace-without-network-policy',
    ]);
  });
});

describe('notes on standard error', () => {
  it('says why a run failed on warnings, also with --quiet', () => {
    const repo = repository({ 'ns.yaml': NAMESPACE });
    const run = runCli(['.', '--quiet', '--max-warnings', '0', '--rule', 'namespace-without-network-policy'], { cwd: repo });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('eks-lint: 1 warning exceeds --max-warnings 0\n');
    const configured = repository({ 'ns.yaml': NAMESPACE, 'ns2.yaml': NAMESPACE.replace('quiet', 'loud'), '.eks-lint.yaml': 'maxWarnings: 1\nonly: [namespace-without-network-policy]\n' });
    expect(runCli(['.', '-f', 'json'], { cwd: configured }).stderr).toBe('eks-lint: 2 warnings exceed maxWarnings 1\n');
    expect(runCli(['.', '--max-warnings', '2'], { cwd: configured }).stderr).toBe('');
  });

  it('says when nothing was checked', () => {
    const empty = repository({});
    expect(runCli(['.'], { cwd: empty }).stderr).toMatch(/^eks-lint: no file to lint in \. \(folders are searched for/);
    const unsupported = repository({ 'package.json': '{"name": "x"}', 'notes.yaml': 'a: 1\n' });
    expect(runCli(['.'], { cwd: unsupported }).stderr).toBe(
      'eks-lint: none of the 2 files read is Terraform, CloudFormation, eksctl or Kubernetes, so nothing was checked\n',
    );
    const deselected = repository({ 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': 'only: [4.2.1]\nrules:\n  privileged-container: off\n' });
    const run = runCli(['.'], { cwd: deselected });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^eks-lint: no rule is selected/);
    expect(runCli(['.', '-f', 'json'], { cwd: repository({ 'pod.yaml': PRIVILEGED_POD }) }).stderr).toBe('');
  });

  it('does not lint a named file that the configuration excludes, and says so', () => {
    const repo = repository({ 'examples/pod.yaml': PRIVILEGED_POD, 'pod.yaml': PRIVILEGED_POD, '.eks-lint.yaml': 'exclude: [examples/]\n' });
    const run = runCli(['examples/pod.yaml', 'pod.yaml', '-f', 'json'], { cwd: repo });
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as LintResult[]).map((r) => r.filePath)).toEqual([join(repo, 'pod.yaml')]);
    expect(run.stderr).toBe(`eks-lint: note: examples/pod.yaml is not linted: it matches 'exclude' in ${join(repo, '.eks-lint.yaml')}\n`);
  });
});
