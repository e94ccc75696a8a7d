/**
 * SARIF as GitHub code scanning ingests it: Microsoft's SARIF Multitool (the validator GitHub's
 * documentation points to) runs its GitHub ingestion rules and the SARIF rules over three real
 * outputs, and must report no error and no warning. Note-level suggestions are allowed: see
 * docs/integrations.md for the ones eks-lint leaves out on purpose.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { ROOT, SHOP_DEPLOYMENT, SHOP_NETWORK_POLICY, describeWithClient, run, sarifMultitool, tempFolder } from './clients.js';

interface SarifLog {
  runs: {
    results: { ruleId: string; level: string; message: { text: string }; suppressions?: unknown[] }[];
    invocations?: { toolExecutionNotifications: { descriptor: { id: string } }[] }[];
  }[];
}

const multitool = sarifMultitool();

const CLEAN = `${SHOP_DEPLOYMENT}---
${SHOP_NETWORK_POLICY}`;

/** The Multitool's error- and warning-level results for one SARIF file (notes left out). */
function validate(dir: string, sarifFile: string): string[] {
  const report = join(dir, `${sarifFile}.validation.sarif`);
  const result = run(multitool!, ['validate', '--rule-kind', 'Gh;Sarif', '--level', 'Error;Warning', '--log', 'ForceOverwrite', '--output', report, sarifFile], { cwd: dir });
  expect(result.status, result.stdout + result.stderr).toBe(0);
  const log = JSON.parse(readFileSync(report, 'utf8')) as SarifLog;
  return log.runs.flatMap((r) => r.results).map((r) => `${r.level} ${r.ruleId}: ${r.message.text}`);
}

function sarifOf(dir: string, paths: string[]): { file: string; log: SarifLog } {
  const file = 'eks-lint.sarif';
  runCli([...paths, '--format', 'sarif', '--output-file', file], { cwd: dir });
  return { file, log: JSON.parse(readFileSync(join(dir, file), 'utf8')) as SarifLog };
}

describeWithClient('SARIF Multitool: GitHub ingestion rules', multitool ? undefined : '@microsoft/sarif-multitool is not installed (npm ci installs it)', () => {
  it('accepts the demo run', () => {
    const dir = tempFolder('sarif-demo');
    const { file, log } = sarifOf(dir, [join(ROOT, 'fixtures/demo')]);
    expect(log.runs[0]!.results.length).toBeGreaterThan(5);
    expect(validate(dir, file)).toEqual([]);
  }, 120_000);

  it('accepts a run with parse errors and suppressions', () => {
    const dir = tempFolder('sarif-mixed');
    copyFileSync(join(ROOT, 'fixtures/suppressions/eks-lint-yaml/pods.yaml'), join(dir, 'pods.yaml'));
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: [unclosed\n');
    writeFileSync(join(dir, 'broken.tf'), 'resource "aws_eks_cluster" "x" {\n  name = \n');
    const { file, log } = sarifOf(dir, ['.']);
    // The run must really hold what this case is about.
    const notes = log.runs[0]!.invocations!.flatMap((i) => i.toolExecutionNotifications.map((n) => n.descriptor.id));
    expect(notes.filter((id) => id === 'parse-error').length).toBe(2);
    expect(log.runs[0]!.results.some((r) => r.suppressions?.length)).toBe(true);
    expect(validate(dir, file)).toEqual([]);
  }, 120_000);

  it('accepts a clean run', () => {
    const dir = tempFolder('sarif-clean');
    writeFileSync(join(dir, 'app.yaml'), CLEAN);
    // Clean for the rules this Deployment and its NetworkPolicy are about; the catalogue's
    // pod-security rules would judge the bare container.
    const { file, log } = sarifOf(dir, ['.', '--rule', 'privileged-container', '--rule', 'namespace-without-network-policy']);
    expect(log.runs[0]!.results).toEqual([]);
    expect(validate(dir, file)).toEqual([]);
  }, 120_000);
});
