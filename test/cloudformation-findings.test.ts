import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze.js';
import { evaluate } from '../src/engine/evaluate.js';
import { loadRules } from '../src/engine/load-rules.js';
import { fixHints } from '../src/report/fix-hints.js';

const audit = loadRules().filter((r) => r.id === 'eks-audit-logging-disabled');

const YAML_TEMPLATE = 'Resources:\n  ControlPlane:\n    Type: AWS::EKS::Cluster\n    Properties:\n      Name: prod\n';
const JSON_TEMPLATE = '{\n  "Resources": {\n    "ControlPlane": {\n      "Type": "AWS::EKS::Cluster",\n      "Properties": { "Name": "prod" }\n    }\n  }\n}\n';

async function findings(file: string, text: string) {
  const analysis = await analyzeFile(file, new TextEncoder().encode(text));
  return evaluate(audit, analysis.resources);
}

describe('CloudFormation findings', () => {
  it('name the resource by its type and logical id', async () => {
    const [finding] = await findings('stack.yaml', YAML_TEMPLATE);
    expect(finding?.message).toBe('AWS::EKS::Cluster ControlPlane does not send control-plane audit logs to CloudWatch');
    // The resource address stays the logical id: suppressions and graph edges use it.
    expect(finding?.resource).toBe('ControlPlane');
  });

  it('give the fix in the template\'s own syntax', async () => {
    const [fromYaml] = await findings('stack.yaml', YAML_TEMPLATE);
    const [fromJson] = await findings('stack.json', JSON_TEMPLATE);
    expect(fromYaml?.fix).toContain('{Type: audit}');
    expect(fromJson?.fix).toContain('{"Type": "audit"}');
    // A .template file is judged by its content, not its name.
    const [fromTemplate] = await findings('stack.template', JSON_TEMPLATE);
    expect(fromTemplate?.fix).toContain('{"Type": "audit"}');
  });

  it('label each syntax\'s fix in rule help', () => {
    const labels = fixHints(audit[0]!).map(([label]) => label);
    expect(labels).toEqual(['Terraform', 'CloudFormation (JSON)', 'CloudFormation (YAML)', 'eksctl']);
  });
});
