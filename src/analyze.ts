import { classifyDocuments, hasTemplateSyntax } from './discover/classify.js';
import { isTfvars, syntaxOf } from './discover/extensions.js';
import { type Problem, SKIPPED_FILE } from './model/finding.js';
import { FILE_START } from './model/range.js';
import type { Format, Resource } from './model/resource.js';
import type { CommentSuppression } from './model/suppression.js';
import { child, type PNode } from './model/tree.js';
import type { TerraformFileFacts } from './normalize/terraform/facts.js';
import type { PlanResource } from './normalize/terraform/plan/plan.js';
import { decodeSource } from './read-source.js';

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
  /** Resources of a Terraform plan (`terraform show -json`), located in their `.tf` code once every file is read. */
  plan?: PlanResource[];
}

/** What the later stages know of a file that its content does not say. */
export interface FileContext {
  /** The file lies in a Helm chart (discover/helm.ts): template syntax in it means it must be rendered first. */
  inHelmChart?: boolean;
  /** CloudFormation parameter values (`--cfn-parameter Name=Value`), over the templates' defaults. */
  cfnParameters?: Readonly<Record<string, string>>;
}

/** A Helm template cannot be checked before it is rendered; a warning, so that thresholds can see it. */
const HELM_TEMPLATE_SKIPPED = 'Helm template not analysed: render it (helm template) and lint the output, or exclude it';

function firstMap(documents: (PNode | null)[]) {
  return documents.find((d) => d?.type === 'map');
}

/*
 * Parsers, normalisers and comment readers are imported on the first file that needs them (the
 * module cache answers every later import), so a Kubernetes-only run never loads the HCL parser
 * and `eks-lint --format json` over YAML loads no Terraform code.
 */
const hclModules = () => Promise.all([import('./parse/hcl.js'), import('./normalize/terraform/extract.js'), import('./suppress/extract.js'), import('./normalize/terraform/manifests.js')]);
const terraformJsonModules = () => Promise.all([import('./parse/yaml.js'), import('./parse/terraform-json.js'), import('./normalize/terraform/extract.js')]);
const yamlModules = () => Promise.all([import('./parse/yaml.js'), import('./suppress/extract.js')]);
const normalizers = {
  kubernetes: async () => (await import('./normalize/kubernetes.js')).normalizeKubernetes,
  cloudformation: async () => (await import('./normalize/cloudformation.js')).normalizeCloudFormation,
  eksctl: async () => (await import('./normalize/eksctl.js')).normalizeEksctl,
};

async function analyzeText(file: string, text: string, context: FileContext): Promise<Omit<FileAnalysis, 'file'>> {
  switch (syntaxOf(file)) {
    case 'hcl': {
      const [{ parseHcl }, { extractTerraform }, { hclSuppressions }, { helmReleaseNote }] = await hclModules();
      const { body, problems, comments } = await parseHcl(text);
      const facts = extractTerraform(file, body, isTfvars(file) ? 'tfvars' : 'tf');
      // Error recovery can nest the blocks after a syntax error inside the broken one, so an
      // attribute may look absent (and defaulted) when it is not: judge no resource of such a file.
      const trusted = !problems.some((p) => p.severity === 'error');
      const suppressions = hclSuppressions(text, comments, body);
      const helmNote = helmReleaseNote(body);
      return { format: 'terraform', resources: [], problems: helmNote ? [...problems, helmNote] : problems, suppressions, terraform: trusted ? facts : { ...facts, resources: [], modules: [] } };
    }
    case 'terraform-json': {
      const [{ parseYaml }, { terraformJsonToBody }, { extractTerraform }] = await terraformJsonModules();
      const { documents, problems } = parseYaml(text);
      const root = firstMap(documents);
      const terraform = root ? extractTerraform(file, terraformJsonToBody(root, problems), isTfvars(file) ? 'tfvars' : 'tf') : undefined;
      // JSON has no comments: nothing to suppress with.
      return { format: 'terraform', resources: [], problems, suppressions: [], ...(terraform ? { terraform } : {}) };
    }
    case 'yaml': {
      if (context.inHelmChart && hasTemplateSyntax(text)) {
        const note: Problem = { ruleId: SKIPPED_FILE, severity: 'warning', message: HELM_TEMPLATE_SKIPPED, range: FILE_START };
        return { format: null, resources: [], problems: [note], suppressions: [] };
      }
      const [{ isLimitProblem, parseYaml }, { yamlSuppressions }] = await yamlModules();
      const { documents, problems } = parseYaml(text);
      const root = firstMap(documents);
      // Only a map with `format_version` can be a plan: other files never load the plan reader.
      if (root?.type === 'map' && child(root, 'format_version') !== undefined) {
        const { isTerraformPlan, normalizeTerraformPlan } = await import('./normalize/terraform/plan/plan.js');
        if (isTerraformPlan(root)) return { format: 'terraform', resources: [], problems, suppressions: [], plan: normalizeTerraformPlan(file, root) };
      }
      const format = classifyDocuments(documents);
      // JSON (also read by the YAML parser) has no comments.
      const suppressions = () => (format && !/\.json$/i.test(file) ? yamlSuppressions(text, documents, format) : []);
      if (format === 'kubernetes') return { format, resources: (await normalizers.kubernetes())(file, documents, text), problems, suppressions: suppressions() };
      if (format === 'cloudformation' && root?.type === 'map') {
        return { format, resources: (await normalizers.cloudformation())(file, root, { parameters: context.cfnParameters ?? {}, syntax: /^\s*[{[]/.test(text) ? 'json' : 'yaml', text }), problems, suppressions: suppressions() };
      }
      if (format === 'eksctl' && root?.type === 'map') return { format, resources: (await normalizers.eksctl())(file, root, text), problems, suppressions: suppressions() };
      // A file that is none of the supported formats is not ours to judge, unless it failed to parse
      // with an extension that says it should be YAML or JSON, or a limit left part of it unread.
      return { format: null, resources: [], problems: documents.some((d) => d !== null) ? problems.filter(isLimitProblem) : problems, suppressions: [] };
    }
    default:
      return { format: null, resources: [], problems: [], suppressions: [] };
  }
}

export async function analyzeFile(file: string, bytes: Uint8Array, context: FileContext = {}): Promise<FileAnalysis> {
  const decoded = decodeSource(bytes);
  if ('problem' in decoded) return { file, format: null, resources: [], problems: [decoded.problem], suppressions: [] };
  return { file, ...(await analyzeText(file, decoded.text, context)) };
}
