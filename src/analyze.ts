import { classifyDocuments, isHelmTemplate } from './discover/classify.js';
import { isTfvars, syntaxOf } from './discover/extensions.js';
import { type Problem, SKIPPED_FILE } from './model/finding.js';
import { FILE_START } from './model/range.js';
import type { Format, Resource } from './model/resource.js';
import type { CommentSuppression } from './model/suppression.js';
import type { PNode } from './model/tree.js';
import { normalizeCloudFormation } from './normalize/cloudformation.js';
import { normalizeEksctl } from './normalize/eksctl.js';
import { normalizeKubernetes } from './normalize/kubernetes.js';
import { extractTerraform } from './normalize/terraform/extract.js';
import type { TerraformFileFacts } from './normalize/terraform/facts.js';
import { parseHcl } from './parse/hcl.js';
import { terraformJsonToBody } from './parse/terraform-json.js';
import { isLimitProblem, parseYaml } from './parse/yaml.js';
import { decodeSource } from './read-source.js';
import { hclSuppressions, yamlSuppressions } from './suppress/extract.js';

/**
 * Everything one file contributes, computed from its path and content alone. Plain data, so that
 * it can be produced on a worker thread or taken from a cache keyed by content hash.
 */
export interface FileAnalysis {
  file: string;
  format: Format | null;
  resources: Resource[];
  problems: Problem[];
  /** Suppressions written in the file's comments, with the lines each covers (src/suppress/). */
  suppressions: CommentSuppression[];
  /** Terraform facts, resolved per module (directory) once every file of it is analysed. */
  terraform?: TerraformFileFacts;
}

function firstMap(documents: (PNode | null)[]) {
  return documents.find((d) => d?.type === 'map');
}

async function analyzeText(file: string, text: string): Promise<Omit<FileAnalysis, 'file'>> {
  switch (syntaxOf(file)) {
    case 'hcl': {
      const { body, problems, comments } = await parseHcl(text);
      const facts = extractTerraform(file, body, isTfvars(file) ? 'tfvars' : 'tf');
      // Error recovery can nest the blocks after a syntax error inside the broken one, so an
      // attribute may look absent (and defaulted) when it is not: judge no resource of such a file.
      const trusted = !problems.some((p) => p.severity === 'error');
      const suppressions = hclSuppressions(text, comments, body);
      return { format: 'terraform', resources: [], problems, suppressions, terraform: trusted ? facts : { ...facts, resources: [], modules: [] } };
    }
    case 'terraform-json': {
      const { documents, problems } = parseYaml(text);
      const root = firstMap(documents);
      const terraform = root ? extractTerraform(file, terraformJsonToBody(root), isTfvars(file) ? 'tfvars' : 'tf') : undefined;
      // JSON has no comments: nothing to suppress with.
      return { format: 'terraform', resources: [], problems, suppressions: [], ...(terraform ? { terraform } : {}) };
    }
    case 'yaml': {
      if (isHelmTemplate(file, text)) {
        const note: Problem = { ruleId: SKIPPED_FILE, severity: 'info', message: 'Helm template skipped: render it (helm template) and lint the output', range: FILE_START };
        return { format: null, resources: [], problems: [note], suppressions: [] };
      }
      const { documents, problems } = parseYaml(text);
      const format = classifyDocuments(documents);
      const root = firstMap(documents);
      // JSON (also read by the YAML parser) has no comments.
      const suppressions = () => (format && !/\.json$/i.test(file) ? yamlSuppressions(text, documents, format) : []);
      if (format === 'kubernetes') return { format, resources: normalizeKubernetes(file, documents), problems, suppressions: suppressions() };
      if (format === 'cloudformation' && root?.type === 'map') {
        return { format, resources: normalizeCloudFormation(file, root), problems, suppressions: suppressions() };
      }
      if (format === 'eksctl' && root?.type === 'map') return { format, resources: normalizeEksctl(file, root), problems, suppressions: suppressions() };
      // A file that is none of the supported formats is not ours to judge, unless it failed to parse
      // with an extension that says it should be YAML or JSON, or a limit left part of it unread.
      return { format: null, resources: [], problems: documents.some((d) => d !== null) ? problems.filter(isLimitProblem) : problems, suppressions: [] };
    }
    default:
      return { format: null, resources: [], problems: [], suppressions: [] };
  }
}

export async function analyzeFile(file: string, bytes: Uint8Array): Promise<FileAnalysis> {
  const decoded = decodeSource(bytes);
  if ('problem' in decoded) return { file, format: null, resources: [], problems: [decoded.problem], suppressions: [] };
  return { file, ...(await analyzeText(file, decoded.text)) };
}
