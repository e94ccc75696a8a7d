import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import type { Finding } from '../src/model/finding.js';
import { formatCheckstyle } from '../src/report/checkstyle.js';
import type { ReportContext } from '../src/report/context.js';
import { loadFormatter } from '../src/report/formatters.js';
import { formatJunit } from '../src/report/junit.js';
import { xmlAttribute, xmlText } from '../src/report/xml.js';

const rules = loadRules();
const CWD = resolve('/tmp/eks-lint-report/repo');

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  htmlEntities: true,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  isArray: (name) => ['testsuite', 'testcase', 'failure', 'error', 'file', 'property', 'skipped'].includes(name),
});

/** Characters XML 1.0 forbids; none may appear raw in the output. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

function parse(xml: string): Node {
  expect(XMLValidator.validate(xml)).toBe(true);
  expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  expect(NOT_XML.test(xml)).toBe(false);
  return parser.parse(xml) as Node;
}

function finding(ruleId: string, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    severity: rules.find((r) => r.id === ruleId)?.severity ?? 'error',
    message: `${ruleId} at ${line}`,
    file: join(CWD, file),
    range: { line, column: 5, endLine: line, endColumn: 9 },
    ...extra,
  };
}

function context(findings: Finding[], files: string[] = []): ReportContext {
  return { findings, files: files.map((f) => join(CWD, f)), rules, cwd: CWD, version: '1.2.3' };
}

const HOSTILE_MESSAGE = `<script>alert("x&y")</script> it's \u001b[31mred\u001b[0m\u0000\u0007 & done\r\nnext\ttab \uD800 \uFFFF`;
const HOSTILE_FILE = `k8s/<a href="x">&'weird'\u0007.yaml`;
const DECODED_MESSAGE = `<script>alert("x&y")</script> it's \\x1b[31mred\\x1b[0m\\x00\\x07 & done\r\nnext\ttab \\ud800 \\uffff`;
const DECODED_FILE = `k8s/<a href="x">&'weird'\\x07.yaml`;

const FINDINGS = [
  finding('privileged-container', 'k8s/pod.yaml', 9, { resource: 'Pod default/web', fix: 'Remove securityContext.privileged.', cis: ['4.2.1'] }),
  finding('privileged-container', 'k8s/pod.yaml', 14, { resource: 'Pod default/web' }),
  finding('privileged-container', 'k8s/pod.yaml', 30, { resource: 'Pod default/db' }),
  finding('namespace-without-network-policy', 'k8s/ns.yaml', 4, { resource: 'Namespace shop' }),
  finding('parse-error', 'broken.yaml', 3, { message: 'Unexpected end of flow sequence' }),
  finding('skipped-file', 'chart/templates/x.yaml', 1, { severity: 'info', message: 'Helm template skipped' }),
];

describe('xml escaping', () => {
  it('escapes the five special characters and makes control characters visible', () => {
    expect(xmlAttribute(`<>&"'\t\n\r\u001b`)).toBe('&lt;&gt;&amp;&quot;&apos;&#9;&#10;&#13;\\x1b');
    expect(xmlText(`<>&"'\t\n\r\u001b`)).toBe('&lt;&gt;&amp;&quot;&apos;\t\n&#13;\\x1b');
    expect(xmlText('😀 \uD83D \uDE00')).toBe('😀 \\ud83d \\ude00');
  });
});

describe('junit format', () => {
  it('is registered', async () => {
    expect(await loadFormatter('junit')).toBe(formatJunit);
  });

  it('has one testsuite per rule, passing testcases for clean rules, and parse errors and skipped files in their own suites', () => {
    const doc = parse(formatJunit(context(FINDINGS)));
    const root = doc.testsuites as Node;
    const suites = root.testsuite as Node[];
    expect(suites.map((s) => s['@name'])).toEqual([...rules.map((r) => r.id), 'parse-error', 'skipped-file']);
    expect(root).toMatchObject({ '@name': 'eks-lint', '@tests': String(rules.length + 3), '@failures': '3', '@errors': '1', '@skipped': '1' });

    const byName = (name: string) => suites.find((s) => s['@name'] === name)!;
    const clean = byName('eks-secrets-not-encrypted');
    expect(clean).toMatchObject({ '@tests': '1', '@failures': '0', '@errors': '0' });
    expect(clean.testcase).toEqual([{ '@classname': 'eks-lint', '@name': 'eks-secrets-not-encrypted' }]);
    expect((clean.properties as Node).property).toContainEqual({ '@name': 'cis', '@value': '5.3.1' });

    const privileged = byName('privileged-container');
    expect(privileged).toMatchObject({ '@tests': '2', '@failures': '2' });
    const cases = privileged.testcase as Node[];
    expect(cases.map((c) => [c['@classname'], c['@name'], (c.failure as Node[]).length])).toEqual([
      ['k8s/pod.yaml', 'Pod default/web', 2],
      ['k8s/pod.yaml', 'Pod default/db', 1],
    ]);
    const [failure] = cases[0]!.failure as Node[];
    expect(failure).toMatchObject({ '@message': 'privileged-container at 9', '@type': 'error' });
    expect(failure!['#text']).toBe(
      [
        'k8s/pod.yaml:9:5',
        'privileged-container at 9',
        'Resource: Pod default/web',
        'Fix: Remove securityContext.privileged.',
        'CIS Amazon EKS Benchmark: 4.2.1',
        'More: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html',
      ].join('\n'),
    );
    expect((byName('namespace-without-network-policy').testcase as Node[])[0]!.failure).toEqual([expect.objectContaining({ '@type': 'warning' })]);

    const parseErrors = byName('parse-error');
    expect(parseErrors).toMatchObject({ '@tests': '1', '@failures': '0', '@errors': '1' });
    expect(parseErrors.testcase).toMatchObject([
      {
        '@classname': 'broken.yaml',
        '@name': 'broken.yaml',
        error: [{ '@message': 'Unexpected end of flow sequence', '@type': 'error', '#text': 'broken.yaml:3:5\nUnexpected end of flow sequence' }],
      },
    ]);
    expect((byName('skipped-file').testcase as Node[])[0]!.skipped).toEqual([{ '@message': 'Helm template skipped' }]);
  });

  it('lists every rule as passing on a clean run', () => {
    const doc = parse(formatJunit(context([])));
    expect(doc.testsuites).toMatchObject({ '@tests': String(rules.length), '@failures': '0', '@errors': '0' });
  });

  it('stays well-formed with hostile messages and file names', () => {
    const xml = formatJunit(
      context([
        finding('privileged-container', HOSTILE_FILE, 2, { message: HOSTILE_MESSAGE, resource: `Pod "x" <y> & 'z'` }),
        finding('parse-error', HOSTILE_FILE, 1, { message: HOSTILE_MESSAGE }),
      ]),
    );
    expect(xml).not.toContain('<script>');
    const suites = (parse(xml).testsuites as Node).testsuite as Node[];
    const [testcase] = suites.find((s) => s['@name'] === 'privileged-container')!.testcase as Node[];
    expect(testcase).toMatchObject({ '@classname': DECODED_FILE, '@name': `Pod "x" <y> & 'z'` });
    const [failure] = testcase!.failure as Node[];
    expect(failure!['@message']).toBe(DECODED_MESSAGE);
    expect(failure!['#text']).toContain(DECODED_MESSAGE);
    const [parseError] = suites.find((s) => s['@name'] === 'parse-error')!.testcase as Node[];
    expect((parseError!.error as Node[])[0]!['@message']).toBe(DECODED_MESSAGE);
  });
});

describe('checkstyle format', () => {
  it('is registered', async () => {
    expect(await loadFormatter('checkstyle')).toBe(formatCheckstyle);
  });

  it('lists every scanned file with one error per finding', () => {
    const doc = parse(formatCheckstyle(context(FINDINGS, ['k8s/pod.yaml', 'clean.tf', 'k8s/ns.yaml'])));
    const root = doc.checkstyle as Node;
    expect(root['@version']).toBe('4.3');
    const files = root.file as Node[];
    expect(files.map((f) => f['@name'])).toEqual(['broken.yaml', 'chart/templates/x.yaml', 'clean.tf', 'k8s/ns.yaml', 'k8s/pod.yaml']);
    expect(files.find((f) => f['@name'] === 'clean.tf')!.error).toBeUndefined();
    expect((files.find((f) => f['@name'] === 'k8s/pod.yaml')!.error as Node[])[0]).toEqual({
      '@line': '9',
      '@column': '5',
      '@severity': 'error',
      '@message': 'privileged-container at 9 Fix: Remove securityContext.privileged.',
      '@source': 'eks-lint.privileged-container',
    });
    expect((files.find((f) => f['@name'] === 'k8s/ns.yaml')!.error as Node[])[0]!['@severity']).toBe('warning');
    expect((files.find((f) => f['@name'] === 'chart/templates/x.yaml')!.error as Node[])[0]).toMatchObject({ '@severity': 'info', '@source': 'eks-lint.skipped-file' });
  });

  it('is an empty document on a clean run', () => {
    const doc = parse(formatCheckstyle(context([])));
    expect(doc.checkstyle).toEqual({ '@version': '4.3' });
  });

  it('stays well-formed with hostile messages and file names', () => {
    const xml = formatCheckstyle(context([finding('privileged-container', HOSTILE_FILE, 2, { message: HOSTILE_MESSAGE })]));
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<a href');
    const [file] = (parse(xml).checkstyle as Node).file as Node[];
    expect(file!['@name']).toBe(DECODED_FILE);
    expect((file!.error as Node[])[0]!['@message']).toBe(DECODED_MESSAGE);
  });
});
