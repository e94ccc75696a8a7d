import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/engine/evaluate.js';
import { RuleLoadError, loadRules } from '../src/engine/load-rules.js';
import { unknown } from '../src/model/resource.js';
import { range, resource } from './helpers/resources.js';

const rules = loadRules();
const rule = (id: string) => rules.filter((r) => r.id === id);

function ruleDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-lint-rules-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const VALID_RULE = `id: demo-rule-ok
title: A rule used by the tests
description: A rule that exists only to exercise the loader.
severity: warning
target: k8s.workload
cis: ["4.2.1"]
bestPractice: https://docs.aws.amazon.com/eks/latest/best-practices/pod-security.html
message: "{resource} is flagged"
fix: Do the thing that fixes it.
condition: { required: [kind] }
`;

describe('rule loading', () => {
  it('loads every built-in rule with its metadata', () => {
    // One rule per file in rules/, each id its file's name: none is dropped or renamed on the way.
    const files = readdirSync(join(import.meta.dirname, '..', 'rules')).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(40);
    expect(rules.map((r) => r.id).sort()).toEqual(files.map((f) => f.replace(/\.yaml$/, '')).sort());
    for (const r of rules) expect(r.bestPractice).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/eks\//);
  });

  it('compiles every built-in condition (they are compiled on first use, so a bad one would only show in a scan)', () => {
    for (const r of rules) expect(() => r.check({}), r.id).not.toThrow();
  });

  it('loads a valid rule from another folder', () => {
    expect(loadRules(ruleDir({ 'demo-rule-ok.yaml': VALID_RULE })).map((r) => r.id)).toEqual(['demo-rule-ok']);
  });

  it('names the file and the missing field', () => {
    const dir = ruleDir({ 'demo-rule-ok.yaml': VALID_RULE.replace(/^severity: .*\n/m, '') });
    expect(() => loadRules(dir)).toThrow(RuleLoadError);
    expect(() => loadRules(dir)).toThrow(/demo-rule-ok\.yaml: line 1, column 1: the rule must have required property 'severity'/);
  });

  it('names the field with a wrong value', () => {
    const dir = ruleDir({ 'demo-rule-ok.yaml': VALID_RULE.replace('severity: warning', 'severity: critical') });
    expect(() => loadRules(dir)).toThrow(/demo-rule-ok\.yaml: line 4, column 11: field 'severity' must be equal to one of the allowed values \(error, warning, info\)/);
  });

  it('reports a YAML syntax error with its position', () => {
    const dir = ruleDir({ 'demo-rule-ok.yaml': VALID_RULE.replace('title: A rule', 'title: [A rule') });
    expect(() => loadRules(dir)).toThrow(/demo-rule-ok\.yaml: line \d+, column \d+/);
  });

  it('rejects a condition that is not a JSON Schema', () => {
    const dir = ruleDir({ 'demo-rule-ok.yaml': VALID_RULE.replace('{ required: [kind] }', '{ type: banana }') });
    expect(() => loadRules(dir)).toThrow(/field 'condition' is not a valid JSON Schema/);
  });

  it('requires the file name to match the id', () => {
    expect(() => loadRules(ruleDir({ 'other-name.yaml': VALID_RULE }))).toThrow(/must match the file name/);
  });
});

describe('evaluation', () => {
  const privileged = rule('privileged-container');
  const containers = [
    { name: 'a', label: "Container 'a'", securityContext: { privileged: true } },
    { name: 'b', label: "Container 'b'", securityContext: { privileged: false } },
    { name: 'c', label: "Init container 'c'", securityContext: { privileged: true } },
  ];

  it('reports each offending value at its own location, with the item in the message', () => {
    const findings = evaluate(privileged, [
      resource('k8s.workload', { containers }, { '/containers/0/securityContext/privileged': range(7, 9), '/containers/2': range(20, 7) }),
    ]);
    expect(findings.map((f) => [f.range.line, f.range.column, f.message])).toEqual([
      [7, 9, "Container 'a' of k8s.workload test runs privileged"],
      [20, 7, "Init container 'c' of k8s.workload test runs privileged"],
    ]);
  });

  it('takes {item.<field>} from the nearest enclosing item that has the field', () => {
    const hostPort = rule('container-host-port');
    const withPorts = [{ name: 'web', label: "Container 'web'", ports: [{ name: 'http', containerPort: 8080, hostPort: 80 }] }];
    const [finding] = evaluate(hostPort, [resource('k8s.workload', { namespace: null, containers: withPorts })]);
    expect(finding?.message).toBe("Container 'web' of k8s.workload test binds port 80 of the node (hostPort)");
    expect(finding?.pointer).toBe('/containers/0/ports/0/hostPort');
  });

  it('names the missing required fields in {missing}', () => {
    const limits = rule('container-resource-limits-missing');
    const container = (l: Record<string, string>) => ({ label: "Container 'web'", containerType: 'container', effectiveResources: { limits: l, requests: {} } });
    const messages = (l: Record<string, string>) => evaluate(limits, [resource('k8s.workload', { containers: [container(l)] })]).map((f) => f.message);
    expect(messages({})).toEqual(["Container 'web' of k8s.workload test has no memory and cpu limit"]);
    expect(messages({ memory: '1Gi' })).toEqual(["Container 'web' of k8s.workload test has no cpu limit"]);
    expect(messages({ memory: '1Gi', cpu: '1' })).toEqual([]);
  });

  it('falls back to the resource header when nothing nearer is located', () => {
    const [finding] = evaluate(privileged, [resource('k8s.workload', { containers })]);
    expect(finding?.range).toEqual(range(1));
  });

  it('never fires on an unknown value', () => {
    const audit = rule('eks-audit-logging-disabled');
    expect(evaluate(audit, [resource('eks.cluster', { logging: { enabledTypes: unknown('var.types') } })])).toEqual([]);
    expect(evaluate(audit, [resource('eks.cluster', { logging: { enabledTypes: ['api', unknown('var.extra')] } })])).toEqual([]);
    expect(evaluate(audit, [resource('eks.cluster', { logging: { enabledTypes: ['api'] } })])).toHaveLength(1);
  });

  it('does not treat an unknown trigger as true', () => {
    const endpoint = rule('eks-public-endpoint-unrestricted');
    const cidrs = ['0.0.0.0/0'];
    expect(evaluate(endpoint, [resource('eks.cluster', { endpoint: { publicAccess: unknown('var.public'), publicAccessCidrs: cidrs } })])).toEqual([]);
    expect(evaluate(endpoint, [resource('eks.cluster', { endpoint: { publicAccess: false, publicAccessCidrs: cidrs } })])).toEqual([]);
    const [finding] = evaluate(endpoint, [resource('eks.cluster', { endpoint: { publicAccess: true, publicAccessCidrs: cidrs } })]);
    expect(finding?.message).toBe('eks.cluster test exposes its Kubernetes API endpoint publicly to 0.0.0.0/0');
  });

  it('only runs a rule on its target kind', () => {
    expect(evaluate(privileged, [resource('eks.cluster', { containers })])).toEqual([]);
  });

  it('skips the EKS-managed system namespaces and renders resource fields in messages', () => {
    const namespaces = rule('namespace-without-network-policy');
    expect(evaluate(namespaces, [resource('k8s.namespace', { name: 'kube-system', hasNetworkPolicy: false })])).toEqual([]);
    const [finding] = evaluate(namespaces, [resource('k8s.namespace', { name: 'shop', hasNetworkPolicy: false })]);
    expect(finding?.message).toBe("Namespace 'shop' has no NetworkPolicy");
    expect(finding?.severity).toBe('warning');
  });
});
