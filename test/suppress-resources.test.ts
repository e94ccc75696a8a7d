import { describe, expect, it } from 'vitest';
import { SUPPRESSION_UNKNOWN_RULE, SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION } from '../src/model/finding.js';
import { at, lineOf, scan, sorted } from './helpers/suppressions.js';

const PRIVILEGED = 'privileged-container';
const NAMESPACE = 'namespace-without-network-policy';
const AUDIT = 'eks-audit-logging-disabled';
const SECRETS = 'eks-secrets-not-encrypted';
const PUBLIC = 'eks-public-endpoint-unrestricted';

describe('Kubernetes annotations', () => {
  const file = 'kubernetes-annotations/workloads.yaml';
  const line = (needle: string, occurrence = 1, offset = 0) => lineOf(file, needle, occurrence, offset);

  it("suppress that object's findings, and only those", async () => {
    const { reported, suppressed } = await scan(file);
    expect(suppressed).toEqual(
      sorted([
        // On a Namespace manifest: the namespace's own finding.
        at(NAMESPACE, line('name: monitoring')),
        // On a DaemonSet and a Deployment: their containers' findings.
        at(PRIVILEGED, line('privileged: true', 1)),
        at(PRIVILEGED, line('privileged: true', 2)),
        // Without a reason: suppressed, and reported below.
        at(PRIVILEGED, line('privileged: true', 4)),
      ]),
    );
    expect(reported).toEqual(
      sorted([
        // The namespace `payments` is implied by the Deployment, but it is another resource:
        // the Deployment's annotation does not cover it, and is unused for that rule.
        at(NAMESPACE, line('namespace: payments')),
        at(UNUSED_SUPPRESSION, line('eks-lint.io/ignore: privileged-container, namespace-without-network-policy')),
        // Pod template annotations belong to the pods, not to the workload.
        at(PRIVILEGED, line('privileged: true', 3)),
        at(SUPPRESSION_WITHOUT_REASON, line('eks-lint.io/ignore: privileged-container', 4)),
        at(SUPPRESSION_UNKNOWN_RULE, line('the id is wrong', 1, -1)),
        at(PRIVILEGED, line('privileged: true', 5)),
      ]),
    );
  });

  it('takes the justification from eks-lint.io/ignore-reason', async () => {
    const { report } = await scan(file);
    const daemonSet = report.suppressed.find((f) => f.resource === 'DaemonSet monitoring/node-exporter');
    expect(daemonSet?.suppressions).toMatchObject([
      { kind: 'inSource', source: 'eks-lint', syntax: 'eks-lint.io/ignore', justification: 'reads host metrics through /proc and /sys' },
    ]);
    expect(report.findings.find((f) => f.ruleId === UNUSED_SUPPRESSION)?.message).toBe(
      'Unused eks-lint.io/ignore: there is no namespace-without-network-policy finding on Deployment payments/gateway',
    );
  });
});

describe('CloudFormation Metadata', () => {
  const file = 'cloudformation-metadata/template.yaml';
  const line = (needle: string, occurrence = 1, offset = 0) => lineOf(file, needle, occurrence, offset);

  it('reads eks-lint and Checkov entries, and Checkov and Trivy comments', async () => {
    const { reported, suppressed } = await scan(file);
    const cluster = line('  Cluster:');
    const commented = line('  Commented:');
    const mistakes = line('  Mistakes:');
    expect(suppressed).toEqual(
      sorted([
        // Metadata.eks-lint.ignore, with and without a reason.
        at(AUDIT, cluster),
        at(SECRETS, cluster),
        // Metadata.checkov.skip: CKV_AWS_39 is an alias of the public endpoint rule.
        at(PUBLIC, line('ResourcesVpcConfig:', 1)),
        // `#checkov:skip=` inside the resource, `# trivy:ignore:` on the line above it.
        at(AUDIT, commented),
        at(SECRETS, commented),
      ]),
    );
    expect(reported).toEqual(
      sorted([
        at(SUPPRESSION_WITHOUT_REASON, line('- rule: eks-secrets-not-encrypted')),
        at(AUDIT, mistakes),
        at(SECRETS, mistakes),
        at(UNUSED_SUPPRESSION, line('- rule: eks-public-endpoint-unrestricted')),
        at(SUPPRESSION_UNKNOWN_RULE, line('- rule: not-a-rule')),
      ]),
    );
  });

  it('gives each suppression its source and justification', async () => {
    const { report } = await scan(file);
    const marks = report.suppressed.map((f) => [f.ruleId, f.resource, f.suppressions?.map((s) => [s.source, s.syntax, s.justification ?? null])]);
    expect(marks).toEqual([
      [AUDIT, 'Cluster', [['eks-lint', 'Metadata eks-lint ignore', 'control-plane logs are enabled by the account baseline stack']]],
      [SECRETS, 'Cluster', [['eks-lint', 'Metadata eks-lint ignore', null]]],
      [PUBLIC, 'Cluster', [['checkov', 'Metadata checkov skip', 'the public endpoint is needed by hosted CI runners']]],
      [AUDIT, 'Commented', [['checkov', 'checkov:skip', 'audit logs are shipped by Fluent Bit']]],
      [SECRETS, 'Commented', [['trivy', 'trivy:ignore', null]]],
    ]);
  });

  it('reads Metadata in JSON templates too', async () => {
    const { reported, suppressed } = await scan('cloudformation-metadata/template.json');
    const header = lineOf('cloudformation-metadata/template.json', '"Cluster": {');
    expect(suppressed).toEqual(sorted([at(AUDIT, header), at(SECRETS, header)]));
    expect(reported).toEqual([]);
  });
});
