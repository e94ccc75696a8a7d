import type { Rule } from '../engine/rule.js';
import { type Finding, PARSE_ERROR, SKIPPED_FILE } from '../model/finding.js';
import type { ReportContext } from './context.js';
import { compareText, groupBy, sortFindings } from './order.js';
import { displayPath } from './paths.js';
import { type XmlElement, xmlDocument } from './xml.js';

type Outcome = 'failure' | 'error' | 'skipped';

function outcomeOf(ruleId: string): Outcome {
  return ruleId === PARSE_ERROR ? 'error' : ruleId === SKIPPED_FILE ? 'skipped' : 'failure';
}

function details(finding: Finding, cwd: string, rule: Rule | undefined): string {
  return [
    `${displayPath(finding.file, cwd)}:${finding.range.line}:${finding.range.column}`,
    finding.message,
    ...(finding.resource !== undefined ? [`Resource: ${finding.resource}`] : []),
    ...(finding.fix ? [`Fix: ${finding.fix}`] : []),
    ...(finding.cis?.length ? [`CIS Amazon EKS Benchmark: ${finding.cis.join(', ')}`] : []),
    ...(rule ? [`More: ${rule.bestPractice}`] : []),
  ].join('\n');
}

/** One testcase per file × resource (per file for findings without a resource). */
function testcases(findings: readonly Finding[], cwd: string, rule: Rule | undefined): XmlElement[] {
  const cases = groupBy(findings, (f) => JSON.stringify([f.file, f.resource ?? null]));
  return [...cases.values()].map((list): XmlElement => {
    const [first] = list as [Finding];
    const file = displayPath(first.file, cwd);
    return {
      name: 'testcase',
      attributes: { classname: file, name: first.resource ?? file },
      children: list.map((f) => {
        const outcome = outcomeOf(f.ruleId);
        if (outcome === 'skipped') return { name: 'skipped', attributes: { message: f.message } };
        return { name: outcome, attributes: { message: f.message, type: f.severity }, text: details(f, cwd, rule) };
      }),
    };
  });
}

function count(cases: readonly XmlElement[], outcome: Outcome): number {
  return cases.filter((c) => c.children?.some((child) => child.name === outcome)).length;
}

function suite(name: string, cases: XmlElement[], rule: Rule | undefined): XmlElement {
  const properties: XmlElement[] = rule
    ? [
        ['title', rule.title],
        ['severity', rule.severity],
        ['cis', rule.cis.join(', ')],
        ['helpUri', rule.bestPractice],
      ].map(([key, value]) => ({ name: 'property', attributes: { name: key, value } }))
    : [];
  return {
    name: 'testsuite',
    attributes: {
      name,
      tests: cases.length,
      failures: count(cases, 'failure'),
      errors: count(cases, 'error'),
      skipped: count(cases, 'skipped'),
    },
    children: [...(properties.length ? [{ name: 'properties', children: properties }] : []), ...cases],
  };
}

function total(suites: readonly XmlElement[], attribute: string): number {
  return suites.reduce((sum, s) => sum + Number(s.attributes?.[attribute] ?? 0), 0);
}

/**
 * JUnit XML: a testsuite per loaded rule, a testcase per file × resource with one `<failure>` per
 * finding (type = severity), a passing testcase for a rule without findings; parse errors as
 * `<error>`s in testsuite `parse-error`, skipped files as `<skipped>` in testsuite `skipped-file`.
 */
export function formatJunit(context: ReportContext): string {
  const byRule = groupBy(sortFindings(context.findings), (f) => f.ruleId);
  const loaded = new Set(context.rules.map((r) => r.id));
  const ruleSuites = context.rules.map((rule) => {
    const findings = byRule.get(rule.id);
    const cases = findings
      ? testcases(findings, context.cwd, rule)
      : [{ name: 'testcase', attributes: { classname: 'eks-lint', name: rule.id } }];
    return suite(rule.id, cases, rule);
  });
  const otherIds = [...byRule.keys()].filter((id) => !loaded.has(id));
  const order = (id: string) => (id === PARSE_ERROR ? 2 : id === SKIPPED_FILE ? 3 : 1);
  const otherSuites = otherIds
    .sort((a, b) => order(a) - order(b) || compareText(a, b))
    .map((id) => suite(id, testcases(byRule.get(id) ?? [], context.cwd, undefined), undefined));
  const suites = [...ruleSuites, ...otherSuites];
  return xmlDocument({
    name: 'testsuites',
    attributes: {
      name: 'eks-lint',
      tests: total(suites, 'tests'),
      failures: total(suites, 'failures'),
      errors: total(suites, 'errors'),
      skipped: total(suites, 'skipped'),
    },
    children: suites,
  });
}
