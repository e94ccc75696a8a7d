import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyConfig } from '../src/config/config.js';
import { loadConfig } from '../src/config/load-config.js';
import { RuleLoadError } from '../src/engine/load-rules.js';
import { selectRules } from '../src/engine/select-rules.js';
import { loadRuleCatalogue, rulesFolders } from '../src/engine/user-rules.js';
import { lint } from '../src/lint.js';
import { PARSE_ERROR } from '../src/model/finding.js';
import { expectationsOf, key } from './helpers/expectations.js';
import { ROOT, runCli } from './helpers/run-cli.js';
import { writeTree } from './helpers/temp-tree.js';

/** The files docs/custom-rules.md shows, by the name in each block's `title="..."`. */
function filesOfGuide(): Record<string, string> {
  const guide = readFileSync(join(ROOT, 'docs', 'custom-rules.md'), 'utf8');
  return Object.fromEntries([...guide.matchAll(/```\w+ title="([^"]+)"\n([\s\S]*?)\n```/g)].map((m) => [m[1]!, `${m[2]!}\n`]));
}

const RULE_ID = 'team-priority-class';

describe('docs/custom-rules.md', () => {
  it('its example rule finds exactly what its fixtures expect, in every format', async () => {
    const files = filesOfGuide();
    expect(Object.keys(files).sort()).toEqual([
      'fixtures/fail-deployment.tf',
      'fixtures/fail-deployment.yaml',
      'fixtures/pass-deployment.tf',
      'fixtures/pass-deployment.yaml',
      `team-rules/${RULE_ID}.yaml`,
    ]);
    const root = writeTree(files);
    const catalogue = await loadRuleCatalogue([{ dir: join(root, 'team-rules'), origin: '--rules-dir' }]);
    const rules = selectRules(catalogue, emptyConfig(root), { only: ['team-policy'], skip: [] });
    expect(rules.map((r) => r.id)).toEqual([RULE_ID]);
    const report = await lint([join(root, 'fixtures')], { rules, cwd: root });
    expect(report.findings.filter((f) => f.ruleId === PARSE_ERROR)).toEqual([]);
    const actual = report.findings.map((f) => key({ ruleId: f.ruleId, file: relative(root, f.file), line: f.range.line })).sort();
    const expected = expectationsOf(join(root, 'fixtures'), root).map(key).sort();
    expect(expected).toHaveLength(3);
    expect(actual).toEqual(expected);
    expect(report.findings.map((f) => f.message)).toContain("Deployment shop/web runs with priority class system-node-critical, not one of the platform's classes");
  });
});

const OWN_RULE = (id: string, condition = '{ required: [kind] }') => `id: ${id}
title: A rule of the team's own
description: A rule that exists only to exercise the loading of users' rules.
severity: warning
target: k8s.workload
cis: []
bestPractice: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
tags: [team-policy]
message: "{resource} breaks the team's rule"
fix: Do what the team asks.
condition: ${condition}
`;

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: busybox
`;

describe("users' own rules", () => {
  it('are loaded from --rules-dir and rulesDir, listed by eks-lint rules, selectable and suppressible', () => {
    const root = writeTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.eks-lint.yaml': 'rulesDir: [policies]\nrules:\n  team-no-kind: error\n',
      'policies/team-no-kind.yaml': OWN_RULE('team-no-kind', '{ not: { required: [kind] } }'),
      'extra/team-other.yaml': OWN_RULE('team-other'),
      'k8s/pod.yaml': POD,
      'k8s/suppressed.yaml': `# eks-lint-disable team-no-kind -- the team accepts it here\n${POD}`,
    });
    const listed = runCli(['rules', '--format', 'json', '--rules-dir', 'extra'], { cwd: root });
    expect(listed.status).toBe(0);
    const entries = JSON.parse(listed.stdout) as { id: string; source: string; formats: string[] }[];
    expect(entries.filter((e) => e.source !== 'built-in')).toEqual([
      expect.objectContaining({ id: 'team-other', source: 'extra/team-other.yaml', formats: ['kubernetes', 'terraform'] }),
      expect.objectContaining({ id: 'team-no-kind', source: 'policies/team-no-kind.yaml' }),
    ]);
    expect(runCli(['rules'], { cwd: root }).stdout).toMatch(/^team-no-kind +warning +— +kubernetes, terraform +team-policy$/m);

    const run = runCli(['--format', 'json', '--rule', 'team-no-kind', 'k8s'], { cwd: root });
    expect(run.status).toBe(1);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number; severity: number }[]; suppressedMessages: unknown[] }[];
    const byFile = Object.fromEntries(results.map((r) => [relative(root, r.filePath), r]));
    expect(byFile['k8s/pod.yaml']?.messages).toEqual([expect.objectContaining({ ruleId: 'team-no-kind', line: 4, severity: 2 })]);
    expect(byFile['k8s/suppressed.yaml']?.messages).toEqual([]);
    expect(byFile['k8s/suppressed.yaml']?.suppressedMessages).toHaveLength(1);
  });

  it('may not reuse a built-in id: exit 2, at the line of the id', () => {
    const root = writeTree({ 'own/privileged-container.yaml': `# a comment\n${OWN_RULE('privileged-container')}`, 'pod.yaml': POD });
    const run = runCli(['--rules-dir', 'own', 'pod.yaml'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`invalid rule: ${join(root, 'own', 'privileged-container.yaml')}: line 2, column 5: field 'id' (privileged-container) is the id of a built-in rule`);
  });

  it('are validated by the rule schema, with the position of the field', () => {
    const root = writeTree({ 'own/team-broken.yaml': OWN_RULE('team-broken').replace('severity: warning', 'severity: critical') });
    const run = runCli(['rules', '--rules-dir', 'own'], { cwd: root });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/team-broken\.yaml: line 4, column 11: field 'severity' must be equal to one of the allowed values/);
  });

  it("from a repository's configuration, must stay inside the repository", async () => {
    const outside = writeTree({ 'team-elsewhere.yaml': OWN_RULE('team-elsewhere') });
    const root = writeTree({ '.git/HEAD': 'x\n', 'repo/.eks-lint.yaml': `rulesDir: ${JSON.stringify(outside)}\n` });
    const config = loadConfig(join(root, 'repo', '.eks-lint.yaml'));
    await expect(loadRuleCatalogue(rulesFolders([], config, root))).rejects.toThrow(/named by .*repo\/\.eks-lint\.yaml:1:11 is outside its repository/);
    // The same folder, named on the command line by whoever runs eks-lint, is theirs to choose.
    expect((await loadRuleCatalogue(rulesFolders([outside], emptyConfig(root), root))).map((r) => r.id)).toContain('team-elsewhere');

    // A symbolic link inside the repository that leads out of it is not followed.
    mkdirSync(join(root, 'repo', 'policies'));
    symlinkSync(join(outside, 'team-elsewhere.yaml'), join(root, 'repo', 'policies', 'team-elsewhere.yaml'));
    writeFileSync(join(root, 'repo', '.eks-lint.yaml'), 'rulesDir: policies\n');
    await expect(loadRuleCatalogue(rulesFolders([], loadConfig(join(root, 'repo', '.eks-lint.yaml')), root))).rejects.toThrow(/symbolic link out of the repository/);
    symlinkSync(outside, join(root, 'repo', 'linked'));
    writeFileSync(join(root, 'repo', '.eks-lint.yaml'), 'rulesDir: linked\n');
    await expect(loadRuleCatalogue(rulesFolders([], loadConfig(join(root, 'repo', '.eks-lint.yaml')), root))).rejects.toThrow(/outside its repository/);
  });

  it("from a repository's configuration, are read within the scan's bounds and may not use unbounded keywords", async () => {
    const big = writeTree({ '.eks-lint.yaml': 'rulesDir: own\nmaxFileSize: 100\n', 'own/team-big.yaml': OWN_RULE('team-big') });
    await expect(loadRuleCatalogue(rulesFolders([], loadConfig(join(big, '.eks-lint.yaml')), big), 100)).rejects.toThrow(/team-big\.yaml: File not analysed: it is .* over the .* limit/);

    const slow = OWN_RULE('team-slow', '{ properties: { name: { pattern: "^(a+)+$" } } }');
    const root = writeTree({ '.eks-lint.yaml': 'rulesDir: own\n', 'own/team-slow.yaml': slow });
    const fromConfig = rulesFolders([], loadConfig(join(root, '.eks-lint.yaml')), root);
    await expect(loadRuleCatalogue(fromConfig)).rejects.toThrow(RuleLoadError);
    await expect(loadRuleCatalogue(fromConfig)).rejects.toThrow(/team-slow\.yaml: line 11, column 45: 'pattern' is not allowed in a rule from a repository's rulesDir/);
    // A property that happens to be named `pattern` is not the keyword.
    const named = OWN_RULE('team-named', '{ properties: { pattern: { const: 1 } } }');
    const namedRoot = writeTree({ '.eks-lint.yaml': 'rulesDir: own\n', 'own/team-named.yaml': named });
    expect((await loadRuleCatalogue(rulesFolders([], loadConfig(join(namedRoot, '.eks-lint.yaml')), namedRoot))).map((r) => r.id)).toContain('team-named');
    // The runner's own folder may use them.
    expect((await loadRuleCatalogue([{ dir: join(root, 'own'), origin: '--rules-dir' }])).map((r) => r.id)).toContain('team-slow');
  });
});
