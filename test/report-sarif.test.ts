import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import type { Finding } from '../src/model/finding.js';
import type { ReportContext } from '../src/report/context.js';
import { FINGERPRINT_KEY, fingerprint } from '../src/report/fingerprint.js';
import { loadFormatter } from '../src/report/formatters.js';
import { RULE_DOCS_DIR, publishedDocsBase, ruleDocsUrl } from '../src/report/rule-docs.js';
import { type SarifLog, formatSarif } from '../src/report/sarif.js';
import { sarifRule } from '../src/report/sarif-rules.js';

const rules = loadRules();
const CWD = resolve('/tmp/eks-lint-report/repo');

function finding(ruleId: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  const rule = rules.find((r) => r.id === ruleId);
  return {
    ruleId,
    severity: rule?.severity ?? 'error',
    message: `${ruleId} at line ${line}`,
    file: join(CWD, file),
    range: { line, column: 3, endLine: line, endColumn: 12 },
    ...extra,
  };
}

function context(findings: Finding[]): ReportContext {
  return { findings, files: [...new Set(findings.map((f) => f.file))].sort(), rules, cwd: CWD, version: '1.2.3' };
}

const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => !/[\s<>"{}|\\^`]/.test(value) && URL.canParse(value, 'file:///base/'));
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object);

type Sarif = SarifLog;

/** Formats, checks the output against the OASIS schema, and returns the one run. */
function sarif(findings: Finding[]): Sarif['runs'][number] {
  const text = formatSarif(context(findings));
  const log = JSON.parse(text) as Sarif;
  const valid = validateSarif(log);
  expect(valid ? [] : validateSarif.errors).toEqual([]);
  expect(log.$schema).toMatch(/^https:\/\//);
  expect(log.version).toBe('2.1.0');
  expect(log.runs).toHaveLength(1);
  return log.runs[0]!;
}

const PUBLIC = finding('eks-public-endpoint-unrestricted', 'infra/main.tf', 12, {
  message: 'aws_eks_cluster.this exposes its Kubernetes API endpoint publicly to ["0.0.0.0/0"]',
  resource: 'aws_eks_cluster.this',
  pointer: '/endpoint/publicAccessCidrs/0',
  format: 'terraform',
  cis: ['5.4.1', '5.4.2'],
  fix: 'Set vpc_config.endpoint_public_access = false.',
  range: { line: 12, column: 5, endLine: 14, endColumn: 6 },
});
const PRIVILEGED = finding('privileged-container', 'k8s/pod.yaml', 9, { resource: 'Pod default/p', pointer: '/containers/0/securityContext/privileged' });
const NETPOL = finding('namespace-without-network-policy', 'k8s/ns.yaml', 4, { resource: 'Namespace shop', pointer: '' });

describe('sarif format', () => {
  it('is registered', async () => {
    expect(await loadFormatter('sarif')).toBe(formatSarif);
  });

  it('is checked by a validator that rejects invalid SARIF', () => {
    const log = JSON.parse(formatSarif(context([PRIVILEGED]))) as Sarif;
    expect(validateSarif(log)).toBe(true);
    const broken = structuredClone(log);
    (broken.runs[0]!.results[0] as { level: string }).level = 'fatal';
    expect(validateSarif(broken)).toBe(false);
    const badUri = structuredClone(log);
    badUri.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri = 'k8s/a b.yaml';
    expect(validateSarif(badUri)).toBe(false);
  });

  it('describes the tool and every loaded rule on a clean run', () => {
    const run = sarif([]);
    expect(run.results).toEqual([]);
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.invocations).toEqual([expect.objectContaining({ executionSuccessful: true, toolExecutionNotifications: [] })]);
    const { driver } = run.tool;
    expect(driver).toMatchObject({ name: 'eks-lint', semanticVersion: '1.2.3', informationUri: 'https://github.com/eks-lint/eks-lint' });
    expect(driver.rules.map((r) => r.id)).toEqual(rules.map((r) => r.id));
    for (const [index, descriptor] of driver.rules.entries()) {
      const rule = rules[index]!;
      expect(descriptor.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(descriptor.shortDescription).toEqual({ text: rule.title });
      expect(descriptor.fullDescription).toEqual({ text: rule.description });
      // The rule's page (docs/rules/<id>.md), whose text is also the help GitHub shows.
      expect(descriptor.helpUri).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
      expect(descriptor.defaultConfiguration).toEqual({ level: rule.severity === 'info' ? 'note' : rule.severity });
      expect(descriptor.properties?.precision).toBe('high');
      expect(descriptor.properties?.['security-severity']).toBe({ error: '8.0', warning: '5.5', info: '2.0' }[rule.severity]);
      const tags = descriptor.properties?.tags ?? [];
      expect(tags).toContain('security');
      for (const cis of rule.cis) expect(tags).toContain(`CIS-${cis}`);
      expect(tags.length).toBeLessThanOrEqual(20);
      expect(new Set(tags).size).toBe(tags.length);
      const fixes = typeof rule.fix === 'string' ? [rule.fix] : Object.values(rule.fix);
      for (const fix of fixes) expect(descriptor.help.text).toContain(fix);
      expect(descriptor.help.markdown).toContain('## How to fix');
      expect(descriptor.help.markdown).toContain(rule.bestPractice);
    }
  });

  it('reports findings with rule index, level, message and fix, location, region and fingerprint', () => {
    const run = sarif([PRIVILEGED, PUBLIC, NETPOL]);
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: pathToFileURL(CWD).href + '/' } });
    expect(run.results.map((r) => r.ruleId)).toEqual(['eks-public-endpoint-unrestricted', 'namespace-without-network-policy', 'privileged-container']);
    const [result] = run.results;
    expect(result).toEqual({
      ruleId: 'eks-public-endpoint-unrestricted',
      ruleIndex: rules.findIndex((r) => r.id === 'eks-public-endpoint-unrestricted'),
      level: 'error',
      message: { text: `${PUBLIC.message}\n\nFix: ${PUBLIC.fix}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' },
            region: { startLine: 12, startColumn: 5, endLine: 14, endColumn: 6 },
          },
        },
      ],
      partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(PUBLIC, CWD) },
      properties: { resource: 'aws_eks_cluster.this', pointer: '/endpoint/publicAccessCidrs/0', format: 'terraform', cis: ['5.4.1', '5.4.2'] },
    });
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex]?.id).toBe(r.ruleId);
    expect(run.results[1]?.level).toBe('warning');
  });

  it('puts parse errors and skipped files into tool execution notifications, not results', () => {
    const parseError = finding('parse-error', 'broken.yaml', 3, { message: 'Nested mappings are not allowed in compact mappings' });
    const skipped = finding('skipped-file', 'chart/templates/deploy.yaml', 1, { severity: 'info', message: 'Helm template skipped' });
    const run = sarif([parseError, skipped, PRIVILEGED]);
    expect(run.results.map((r) => r.ruleId)).toEqual(['privileged-container']);
    const [invocation] = run.invocations;
    expect(invocation?.executionSuccessful).toBe(true);
    expect(invocation?.toolExecutionNotifications).toEqual([
      {
        level: 'error',
        message: { text: 'Nested mappings are not allowed in compact mappings' },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'broken.yaml', uriBaseId: '%SRCROOT%' },
              region: { startLine: 3, startColumn: 3, endLine: 3, endColumn: 12 },
            },
          },
        ],
        descriptor: { id: 'parse-error', index: 0 },
      },
      expect.objectContaining({ level: 'note', descriptor: { id: 'skipped-file', index: 1 } }),
    ]);
    expect(run.tool.driver.rules.map((r) => r.id)).not.toContain('parse-error');
  });

  it('percent-encodes each path segment of paths with spaces and unicode', () => {
    const run = sarif([finding('privileged-container', 'k8s/my stack/clüster ☸ #1 100%.yaml', 2)]);
    const uri = run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    expect(uri).toBe('k8s/my%20stack/cl%C3%BCster%20%E2%98%B8%20%231%20100%25.yaml');
    expect(new URL(uri, run.originalUriBaseIds['%SRCROOT%']!.uri).href).toBe(pathToFileURL(join(CWD, 'k8s/my stack/clüster ☸ #1 100%.yaml')).href);
  });

  it('uses an absolute file URI without uriBaseId for files outside cwd', () => {
    const outside = { ...PRIVILEGED, file: resolve(CWD, '..', 'shared modules', 'pod.yaml') };
    const run = sarif([outside]);
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation).toEqual({ uri: pathToFileURL(outside.file).href });
    expect(run.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/\/.*shared%20modules\/pod\.yaml$/);
  });

  it('keeps a descriptor for every result, also for a rule that is not loaded', () => {
    const run = sarif([finding('custom-rule-gone', 'a.tf', 1, { severity: 'warning' })]);
    const index = run.results[0]?.ruleIndex ?? -1;
    expect(index).toBe(rules.length);
    expect(run.tool.driver.rules[index]).toMatchObject({ id: 'custom-rule-gone', defaultConfiguration: { level: 'warning' } });
  });

  it('clamps degenerate regions so that they stay valid', () => {
    const run = sarif([finding('privileged-container', 'a.yaml', 1, { range: { line: 0, column: 0, endLine: 0, endColumn: 0 } })]);
    expect(run.results[0]?.locations[0]?.physicalLocation.region).toEqual({ startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 });
  });
});

describe('fingerprint', () => {
  it('does not change when the finding moves to other lines', () => {
    const moved = { ...PUBLIC, range: { line: 40, column: 1, endLine: 41, endColumn: 2 } };
    expect(fingerprint(moved, CWD)).toBe(fingerprint(PUBLIC, CWD));
    expect(fingerprint(PUBLIC, CWD)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs by rule, file, resource and pointer', () => {
    const variants = [
      PUBLIC,
      { ...PUBLIC, ruleId: 'eks-secrets-not-encrypted' },
      { ...PUBLIC, file: join(CWD, 'infra/other.tf') },
      { ...PUBLIC, resource: 'aws_eks_cluster.other' },
      { ...PUBLIC, pointer: '/endpoint/publicAccessCidrs/1' },
    ];
    expect(new Set(variants.map((f) => fingerprint(f, CWD))).size).toBe(variants.length);
  });

  it('depends on the path relative to cwd, not on where the checkout lives', () => {
    const elsewhere = resolve('/home/ci/checkout');
    expect(fingerprint({ ...PUBLIC, file: join(elsewhere, 'infra/main.tf') }, elsewhere)).toBe(fingerprint(PUBLIC, CWD));
  });

  it('tells apart findings without resource and pointer by their message', () => {
    const a = finding('privileged-container', 'a.yaml', 1, { message: 'one' });
    const b = finding('privileged-container', 'a.yaml', 1, { message: 'two' });
    expect(fingerprint(a, CWD)).not.toBe(fingerprint(b, CWD));
  });
});

describe('rule documentation addresses', () => {
  it("point to the published repository or site package.json names, else to the shipped page", () => {
    expect(publishedDocsBase({ repository: 'git+https://github.com/acme/eks-lint.git' })).toBe('https://github.com/acme/eks-lint/blob/HEAD/docs/rules/');
    expect(publishedDocsBase({ repository: { type: 'git', url: 'git@github.com:acme/eks-lint.git' } })).toBe('https://github.com/acme/eks-lint/blob/HEAD/docs/rules/');
    expect(publishedDocsBase({ repository: 'github:acme/eks-lint' })).toBe('https://github.com/acme/eks-lint/blob/HEAD/docs/rules/');
    expect(publishedDocsBase({ homepage: 'https://eks-lint.example.org/' })).toBe('https://eks-lint.example.org/docs/rules/');
    expect(publishedDocsBase({ homepage: 'javascript:alert(1)' })).toBeUndefined();
    expect(publishedDocsBase({})).toBeUndefined();
    // This package names neither today: the page that ships with it.
    const rule = rules.find((r) => r.id === 'privileged-container')!;
    expect(ruleDocsUrl(rule)).toBe(pathToFileURL(join(RULE_DOCS_DIR, 'privileged-container.md')).href);
  });

  it("falls back to the best-practice link and a generated help text for a rule without a page (a user's own)", () => {
    const builtin = rules.find((r) => r.id === 'privileged-container')!;
    const own = { ...builtin, id: 'team-no-privileged', file: '/repo/team-rules/team-no-privileged.yaml' };
    expect(ruleDocsUrl(own)).toBeUndefined();
    const descriptor = sarifRule(own);
    expect(descriptor.helpUri).toBe(builtin.bestPractice);
    expect(descriptor.help.markdown).toContain('**How to fix**');
    expect(descriptor.help.markdown).toContain(`(<${builtin.bestPractice}>)`);
  });
});
