import { join } from 'node:path';
import type { Resource } from '../../src/model/resource.js';
import { normalizeCloudFormation } from '../../src/normalize/cloudformation.js';
import { normalizeEksctl } from '../../src/normalize/eksctl.js';
import { normalizeKubernetes } from '../../src/normalize/kubernetes.js';
import { extractTerraform } from '../../src/normalize/terraform/extract.js';
import { evaluateTerraformModule } from '../../src/normalize/terraform/module.js';
import { templateReader } from '../../src/normalize/terraform/modules/templates.js';
import { parseHcl } from '../../src/parse/hcl.js';
import { parseYaml } from '../../src/parse/yaml.js';
import { writeTree } from './temp-tree.js';

/** The `node.kubelet` resources of one file of the given format, read as the pipeline reads it. */
export async function kubelets(format: 'terraform' | 'cloudformation' | 'eksctl' | 'kubernetes', text: string, others: Record<string, string> = {}): Promise<Resource[]> {
  return (await normalized(format, text, others)).filter((r) => r.kind === 'node.kubelet');
}

async function normalized(format: string, text: string, others: Record<string, string>): Promise<Resource[]> {
  if (format === 'terraform') {
    const dir = writeTree({ 'main.tf': text, ...others });
    const file = join(dir, 'main.tf');
    const { body } = await parseHcl(text);
    const facts = extractTerraform(file, body, 'tf');
    return evaluateTerraformModule([facts], { dir, readTemplate: templateReader([dir], 1_000_000) }).resources;
  }
  const { documents } = parseYaml(text);
  const root = documents.find((d) => d?.type === 'map');
  if (format === 'kubernetes') return normalizeKubernetes('/t/kubelet.yaml', documents, text);
  if (root?.type !== 'map') return [];
  if (format === 'eksctl') return normalizeEksctl('/t/cluster.yaml', root, text);
  return normalizeCloudFormation('/t/template.yaml', root, { text });
}
