import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { SUPPRESSION_UNKNOWN_RULE, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../src/model/finding.js';
import { SUPPRESSION_FIXTURES, at, key, lineOf, rules, scan, sorted } from './helpers/suppressions.js';

const PRIVILEGED = 'privileged-container';
const NAMESPACE = 'namespace-without-network-policy';
const AUDIT = 'eks-audit-logging-disabled';
const SECRETS = 'eks-secrets-not-encrypted';
const PUBLIC = 'eks-public-endpoint-unrestricted';

describe('eks-lint comments in YAML', () => {
  const file = 'eks-lint-yaml/pods.yaml';
  const line = (needle: string, occurrence = 1, offset = 0) => lineOf(file, needle, occurrence, offset);

  it('suppresses exactly the findings in reach of each directive', async () => {
    const { reported, suppressed } = await scan(file);
    expect(suppressed).toEqual(
      sorted([
        // Above the document's first line: the whole document.
        at(PRIVILEGED, line('privileged: true', 1)),
        // Above a key whose value is a map: that block.
        at(PRIVILEGED, line('runAsUser: 0', 1, 1)),
        // Without a reason: still suppresses (and is reported, below).
        at(PRIVILEGED, line('# eks-lint-disable-next-line privileged-container', 4, 1)),
        // Comment-only lines between a directive and its line are skipped.
        at(PRIVILEGED, line('securityContext: {privileged: true}', 1)),
        // A directive after code covers its own line.
        at(PRIVILEGED, line('securityContext: {privileged: true}', 2)),
      ]),
    );
    expect(reported).toEqual(
      sorted([
        // The directive above the first document names privileged-container only.
        at(NAMESPACE, line('namespace: tools', 1)),
        // `#` inside a quoted string, a URL and a block scalar is not a comment.
        at(PRIVILEGED, line('privileged: true', 2)),
        at(SUPPRESSION_WITHOUT_REASON, line('# eks-lint-disable-next-line privileged-container', 4)),
        at(SUPPRESSION_UNKNOWN_RULE, line('privileged-contaner')),
        at(PRIVILEGED, line('privileged-contaner', 1, 1)),
        // A blank line is the directive's next line: it covers nothing there.
        at(UNUSED_SUPPRESSION, line('a blank line ends its reach')),
        at(PRIVILEGED, line('a blank line ends its reach', 1, 2)),
        // ... and not the container on the next line.
        at(PRIVILEGED, line('securityContext: {privileged: true}', 3)),
      ]),
    );
  });

  it('says what is wrong with a suppression, at the comment', async () => {
    const { report } = await scan(file);
    const problems = report.findings.filter((f) => f.ruleId.includes('suppression'));
    expect(problems.every((f) => f.severity === 'warning' && f.format === 'kubernetes')).toBe(true);
    expect(problems.map((f) => f.message)).toEqual([
      'eks-lint-disable-next-line gives no reason: add " -- <why the finding is accepted>" after the rule ids',
      "'privileged-contaner' in eks-lint-disable-next-line is not an eks-lint rule",
      'Unused eks-lint-disable-next-line: there is no privileged-container finding on the line it covers',
    ]);
    const typo = problems.find((f) => f.ruleId === SUPPRESSION_UNKNOWN_RULE)!;
    expect(typo.range.column).toBe(9);
  });

  it('records the suppression on the suppressed finding', async () => {
    const FIRST_LINE = readFileSync(join(SUPPRESSION_FIXTURES, file), 'utf8').split('\n')[0] ?? '';
    const { report } = await scan(file);
    const first = report.suppressed.find((f) => f.range.line === line('privileged: true', 1));
    expect(first?.suppressions).toEqual([
      {
        kind: 'inSource',
        source: 'eks-lint',
        syntax: 'eks-lint-disable-next-line',
        justification: "the device plugin needs the host's devices",
        file: report.files[0],
        range: { line: 1, column: 1, endLine: 1, endColumn: FIRST_LINE.length + 1 },
      },
    ]);
    const reasonless = report.suppressed.find((f) => f.range.line === line('# eks-lint-disable-next-line privileged-container', 4, 1));
    expect(reasonless?.suppressions?.[0]).not.toHaveProperty('justification');
  });

  it('applies eks-lint-disable to the whole file, wherever it is written', async () => {
    const f = 'eks-lint-yaml-file/pods.yaml';
    const { reported, suppressed } = await scan(f);
    expect(suppressed).toEqual(sorted([at(PRIVILEGED, lineOf(f, 'privileged: true', 1)), at(PRIVILEGED, lineOf(f, 'privileged: true', 2))]));
    expect(reported).toEqual([at(NAMESPACE, lineOf(f, 'namespace: batch'))]);
  });
});

describe('eks-lint comments in HCL', () => {
  const file = 'eks-lint-hcl/main.tf';
  const line = (needle: string, occurrence = 1, offset = 0) => lineOf(file, needle, occurrence, offset);

  it('reads #, // and /* */ comments, and covers a block opened on the next line', async () => {
    const { reported, suppressed } = await scan(file);
    expect(suppressed).toEqual(
      sorted([
        // Above a block header: every finding in the block.
        at(AUDIT, line('resource "aws_eks_cluster" "header"')),
        at(SECRETS, line('resource "aws_eks_cluster" "header"')),
        // `//` above an attribute.
        at(AUDIT, line('enabled_cluster_log_types = ["api"]', 1)),
        // A block comment over several lines, above an attribute over several lines.
        at(PUBLIC, line('"0.0.0.0/0",')),
      ]),
    );
    expect(reported).toEqual(
      sorted([
        // A directive inside a string or a heredoc is text, not a comment.
        at(AUDIT, line('resource "aws_eks_cluster" "strings"')),
        at(SECRETS, line('resource "aws_eks_cluster" "strings"')),
        // A blank line between the comment and the attribute: nothing covered, and no reason given.
        at(SUPPRESSION_WITHOUT_REASON, line('  # eks-lint-disable-next-line eks-audit-logging-disabled')),
        at(UNUSED_SUPPRESSION, line('  # eks-lint-disable-next-line eks-audit-logging-disabled')),
        at(AUDIT, line('enabled_cluster_log_types = ["api"]', 2)),
      ]),
    );
  });

  it('joins a reason written over several lines of a block comment', async () => {
    const { report } = await scan(file);
    const cidr = report.suppressed.find((f) => f.ruleId === PUBLIC);
    expect(cidr?.suppressions?.[0]?.justification).toBe('a multi-line attribute: the whole list');
    expect(cidr?.suppressions?.[0]?.range).toMatchObject({ line: line('/* eks-lint-disable-next-line'), endLine: line('the whole list */') });
  });

  it('applies a directive written after code to its own line and the block opened there, not the next one', async () => {
    const f = 'eks-lint-hcl-trailing/main.tf';
    const { reported, suppressed } = await scan(f);
    const trailing = lineOf(f, '"aws_eks_cluster" "trailing"');
    const below = lineOf(f, '"aws_eks_cluster" "below"');
    expect(suppressed).toEqual(sorted([at(AUDIT, trailing)]));
    expect(reported).toEqual(sorted([at(SECRETS, trailing), at(AUDIT, below), at(SECRETS, below)]));
  });

  it('applies eks-lint-disable to the whole file', async () => {
    const f = 'eks-lint-hcl-file/main.tf';
    const { reported, suppressed } = await scan(f);
    const a = lineOf(f, '"aws_eks_cluster" "a"');
    const b = lineOf(f, '"aws_eks_cluster" "b"');
    expect(suppressed).toEqual(sorted([at(AUDIT, a), at(AUDIT, b)]));
    expect(reported).toEqual(sorted([at(SECRETS, a), at(SECRETS, b)]));
  });
});

describe('which suppressions are judged', () => {
  function tempFile(name: string, text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-suppress-'));
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  }

  const POD = (directive: string) => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: c
      image: busybox
      securityContext:
        ${directive}
        privileged: false
`;

  it('knows rules that exist but did not run, and does not call their suppressions unused', async () => {
    const file = tempFile('pod.yaml', POD('# eks-lint-disable-next-line privileged-container, team-rule -- x'));
    const onlyNamespaces = rules.filter((r) => r.id === NAMESPACE);
    const report = await lint([file], { rules: onlyNamespaces, knownRuleIds: ['team-rule'] });
    expect(report.findings).toEqual([]);
    const all = await lint([file], { rules });
    expect(all.findings.map((f) => f.message)).toEqual([
      "'team-rule' in eks-lint-disable-next-line is not an eks-lint rule",
      'Unused eks-lint-disable-next-line: there is no privileged-container finding on the line it covers',
    ]);
  });

  it('reports a directive that names no rule, and explains a reason written without " -- "', async () => {
    const file = tempFile('pod.yaml', POD('# eks-lint-disable-next-line privileged-container because it must'));
    const none = tempFile('none.yaml', POD('# eks-lint-disable-next-line -- a reason but no rule'));
    const report = await lint([file, none], { rules });
    expect(report.findings.map((f) => `${f.ruleId}: ${f.message}`).sort()).toEqual([
      `${SUPPRESSION_UNKNOWN_RULE}: 'privileged-container because it must' in eks-lint-disable-next-line is not an eks-lint rule (separate the reason from the rule ids with " -- ")`,
      `${SUPPRESSION_UNKNOWN_RULE}: eks-lint-disable-next-line names no rule: list the ids of the rules it suppresses`,
      `${SUPPRESSION_WITHOUT_REASON}: eks-lint-disable-next-line gives no reason: add " -- <why the finding is accepted>" after the rule ids`,
    ]);
  });

  it('does not call suppressions unused in a file that failed to parse', async () => {
    const file = tempFile('main.tf', `# eks-lint-disable-next-line eks-audit-logging-disabled -- broken below\nresource "aws_eks_cluster" "x" {\n  name = \n`);
    const report = await lint([file], { rules });
    expect(report.findings.map(key)).toEqual([`parse-error@${report.findings[0]?.range.line}`]);
  });

  it('leaves JSON files alone: they have no comments', async () => {
    const file = tempFile('pod.json', JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', annotations: { a: '# eks-lint-disable privileged-container -- x' } }, spec: { containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true } }] } }));
    const report = await lint([file], { rules });
    expect(report.findings.map((f) => f.ruleId)).toEqual([PRIVILEGED]);
    expect(report.suppressed).toEqual([]);
  });
});
