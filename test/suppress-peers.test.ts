import { describe, expect, it } from 'vitest';
import { at, lineOf, scan, sorted } from './helpers/suppressions.js';

const PRIVILEGED = 'privileged-container';
const NAMESPACE = 'namespace-without-network-policy';
const AUDIT = 'eks-audit-logging-disabled';
const SECRETS = 'eks-secrets-not-encrypted';
const PUBLIC = 'eks-public-endpoint-unrestricted';

describe("peer tools' suppressions, for the rules that list the peer id as an alias", () => {
  it('honours #checkov:skip inside a Terraform block, not above it', async () => {
    const file = 'checkov/main.tf';
    const { reported, suppressed, report } = await scan(file);
    const skipped = lineOf(file, '"aws_eks_cluster" "skipped"');
    expect(suppressed).toEqual(
      sorted([
        at(AUDIT, skipped),
        // No reason: fine for a peer tool's syntax.
        at(SECRETS, skipped),
        // Comma-separated ids; the comment sits in a nested block but covers the resource.
        at(PUBLIC, lineOf(file, 'vpc_config {', 1)),
      ]),
    );
    // Unknown peer ids (CKV_AWS_999) are the peer's business: not reported.
    expect(reported).toEqual([at(AUDIT, lineOf(file, '"aws_eks_cluster" "outside"'))]);
    expect(report.suppressed.find((f) => f.ruleId === SECRETS)?.suppressions?.[0]).not.toHaveProperty('justification');
  });

  it('honours checkov.io/skip<n> annotations, not Checkov comments in Kubernetes manifests', async () => {
    const file = 'checkov-k8s/pods.yaml';
    const { reported, suppressed, report } = await scan(file);
    expect(suppressed).toEqual([at(PRIVILEGED, lineOf(file, 'privileged: true', 1))]);
    expect(report.suppressed[0]?.suppressions?.[0]?.justification).toBe('the CNI agent needs host networking privileges');
    expect(reported).toEqual([at(PRIVILEGED, lineOf(file, 'privileged: true', 2))]);
  });

  it('honours #trivy:ignore and #tfsec:ignore on or above a block or attribute', async () => {
    const file = 'tfsec-trivy/main.tf';
    const line = (needle: string, occurrence = 1) => lineOf(file, needle, occurrence);
    const { reported, suppressed } = await scan(file);
    const stacked = line('"aws_eks_cluster" "stacked"');
    const sameLine = line('"aws_eks_cluster" "same_line"');
    const expiry = line('"aws_eks_cluster" "expiry"');
    const wildcard = line('"aws_eks_cluster" "wildcard"');
    expect(suppressed).toEqual(
      sorted([
        // Two comments stacked above the block.
        at(SECRETS, stacked),
        at(AUDIT, stacked),
        // On the block's own line, with a `*` pattern: every aws-eks-* check.
        at(AUDIT, sameLine),
        at(SECRETS, sameLine),
        at(PUBLIC, line('vpc_config {', 2)),
        // Ids are case-insensitive; an expiry date still ahead.
        at(SECRETS, expiry),
        // `*` alone: every rule Trivy also has.
        at(AUDIT, wildcard),
        at(SECRETS, wildcard),
        at(PUBLIC, line('vpc_config {', 4)),
      ]),
    );
    expect(reported).toEqual(
      sorted([
        // An expiry date in the past.
        at(AUDIT, expiry),
        // Limited to some instances (`[attr=value]`), or to another workspace: not honoured.
        at(PUBLIC, line('endpoint_public_access = true')),
        at(SECRETS, line('encryption_config {')),
      ]),
    );
  });

  it('honours kube-linter annotations', async () => {
    const file = 'kube-linter/pods.yaml';
    const { reported, suppressed, report } = await scan(file);
    expect(suppressed).toEqual(
      sorted([
        // non-isolated-pod is an alias of the namespace rule.
        at(NAMESPACE, lineOf(file, 'name: cni')),
        at(PRIVILEGED, lineOf(file, 'privileged: true', 1)),
        // kube-linter.io/ignore-all: every rule kube-linter also has.
        at(PRIVILEGED, lineOf(file, 'privileged: true', 2)),
      ]),
    );
    expect(reported).toEqual([at(PRIVILEGED, lineOf(file, 'privileged: true', 3))]);
    expect(report.suppressed.map((f) => f.suppressions?.[0]?.justification)).toEqual([
      'host-network agents only',
      "programs the node's network",
      'legacy pod, scheduled for removal',
    ]);
  });

  it('honours kics-scan comments: disable= for the file, ignore-block, ignore-line, ignore', async () => {
    const file = 'kics/main.tf';
    const { reported, suppressed } = await scan(file);
    expect(suppressed).toEqual(
      sorted([
        // disable=<Terraform query id of "EKS Cluster Encryption Disabled">: the whole file.
        at(SECRETS, lineOf(file, '"aws_eks_cluster" "block"')),
        at(SECRETS, lineOf(file, '"aws_eks_cluster" "line"')),
        // ignore-block: the block below the comment, for every rule KICS also has.
        at(PUBLIC, lineOf(file, 'endpoint_public_access = true', 1)),
      ]),
    );
    expect(reported).toEqual(
      sorted([
        at(AUDIT, lineOf(file, '"aws_eks_cluster" "line"')),
        // ignore-line covers the next line only, not the one after it.
        at(PUBLIC, lineOf(file, 'public_access_cidrs')),
      ]),
    );
    const yaml = await scan('kics/pods.yaml');
    expect(yaml.suppressed).toEqual([at(PRIVILEGED, lineOf('kics/pods.yaml', 'privileged: true'))]);
    expect(yaml.reported).toEqual([]);
  });

  it('honours Polaris exemption annotations set to "true"', async () => {
    const file = 'polaris/pods.yaml';
    const { reported, suppressed } = await scan(file);
    expect(suppressed).toEqual(
      sorted([
        at(NAMESPACE, lineOf(file, 'name: agents')),
        // <check>-exempt for the check that is an alias of the rule.
        at(PRIVILEGED, lineOf(file, 'privileged: true', 1)),
        // exempt: every rule Polaris also has.
        at(PRIVILEGED, lineOf(file, 'privileged: true', 2)),
      ]),
    );
    expect(reported).toEqual([at(PRIVILEGED, lineOf(file, 'privileged: true', 3))]);
  });
});
