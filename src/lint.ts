import { dirname, resolve } from 'node:path';
import { type FileAnalysis, type FileContext, analyzeFile } from './analyze.js';
import { gitWorkTree } from './context-root.js';
import { candidateChartFolders } from './discover/classify.js';
import { helmChartOf } from './discover/helm.js';
import { type Exclusions, discover } from './discover/discover.js';
import { applyBaseline } from './engine/baseline.js';
import { evaluate } from './engine/evaluate.js';
import { loadRules } from './engine/load-rules.js';
import type { Rule } from './engine/rule.js';
import { applySuppressions, builtinRuleIds } from './engine/suppress.js';
import type { ClusterPatterns } from './graph/clusters.js';
import { buildGraph } from './graph/index.js';
import { type Finding, PARSE_ERROR } from './model/finding.js';
import { FILE_START } from './model/range.js';
import { commandLineVariables, type VariableArgument, VariableArgumentError } from './normalize/terraform/command-line.js';
import type { TerraformFileFacts } from './normalize/terraform/facts.js';
import { dropRepeatedModuleFindings, terraformStage } from './normalize/terraform/modules/stage.js';
import type { VariableInputs } from './normalize/terraform/variables.js';
import { mapPlansToConfiguration } from './normalize/terraform/plan/map-to-config.js';
import { readAhead } from './read-ahead.js';
import { DEFAULT_MAX_FILE_SIZE, type SourceRead, readSource } from './read-source.js';

export interface LintOptions {
  cwd?: string;
  /** Rules to run; the built-in set by default. */
  rules?: Rule[];
  /** Paths never to scan (the configuration's `exclude`). */
  exclude?: Exclusions;
  /**
   * A folder (the repository) whose files are read for cross-file facts — the NetworkPolicy of a
   * namespace, the variables of a module — while findings are reported for `paths` only.
   */
  context?: string;
  /** Content for paths that is not (or not yet) on disk, such as an editor buffer on stdin. */
  sources?: Record<string, Uint8Array>;
  /**
   * Ids of rules that exist but are not in `rules` (deselected, or from another rules folder), so
   * that suppressions naming them are not reported as unknown. Built-in ids are always known.
   */
  knownRuleIds?: readonly string[];
  /** A baseline file (engine/baseline.ts): the findings it records are left out of the report. */
  baseline?: string;
  /** Files larger than this many bytes are not read, but reported with a `file-too-large` warning (default 5 MB). */
  maxFileSize?: number;
  /**
   * Which files belong to which cluster (the configuration's `clusters`), each with its own
   * namespace graph. The whole scan is one cluster by default.
   */
  clusters?: ClusterPatterns;
  /** CloudFormation parameter values (`--cfn-parameter Name=Value`), over the templates' defaults. */
  cfnParameters?: Readonly<Record<string, string>>;
  /** Terraform variables: `--var-file` and `--var` in command-line order. */
  terraformVariables?: readonly VariableArgument[];
  /** Environment whose `TF_VAR_` variables are read (`--env-vars`); none by default. */
  terraformEnvironment?: Readonly<Record<string, string | undefined>>;
}

export { VariableArgumentError };

export interface LintReport {
  /** Every file that was read, absolute, sorted. */
  files: string[];
  /** The files of `files` that are of a supported format (Terraform, CloudFormation, eksctl, Kubernetes). */
  recognized: string[];
  /** Command-line paths that name nothing on disk. */
  missing: string[];
  findings: Finding[];
  /**
   * Findings a suppression in the source covers, each with its `suppressions` marker: not
   * reported (nor counted for the exit code), but shown as suppressed by SARIF and JSON.
   */
  suppressed: Finding[];
  /** Findings the baseline absorbed (empty without `baseline`); a new baseline is findings + baselined. */
  baselined: Finding[];
  rules: Rule[];
}

/** The message of the finding for a file whose analysis threw: a bug, which fuzzing (test/fuzz/) hunts. */
export const INTERNAL_ERROR = 'Internal error while analysing this file (please report it)';

async function analyzeSource(file: string, source: SourceRead, context: FileContext): Promise<FileAnalysis> {
  // A file that vanished, cannot be read or is too large is a result for that file, not the end of the scan.
  if ('problem' in source) return { file, format: null, resources: [], problems: [source.problem], suppressions: [] };
  try {
    return await analyzeFile(file, source.bytes, context);
  } catch (error) {
    const message = `${INTERNAL_ERROR}: ${error instanceof Error ? error.message : String(error)}`;
    return { file, format: null, resources: [], problems: [{ ruleId: PARSE_ERROR, severity: 'error', message, range: FILE_START }], suppressions: [] };
  }
}

/** Reads a file the way scanned files are read (regular files only, size-bounded) and analyses it. */
async function terraformFacts(file: string, maxFileSize: number): Promise<TerraformFileFacts | undefined> {
  const source = await readSource(file, undefined, maxFileSize);
  return 'problem' in source ? undefined : (await analyzeSource(file, source, {})).terraform;
}

async function textOf(file: string, maxFileSize: number): Promise<string | undefined> {
  const source = await readSource(file, undefined, maxFileSize);
  return 'problem' in source ? undefined : Buffer.from(source.bytes).toString('utf8');
}

/** `--var-file`, `--var` and `TF_VAR_` values; a var file that cannot be read is a usage error. */
async function terraformVariables(options: LintOptions, cwd: string, maxFileSize: number): Promise<VariableInputs | undefined> {
  if (!options.terraformVariables?.length && !options.terraformEnvironment) return undefined;
  return commandLineVariables(
    options.terraformVariables ?? [],
    async (file) => {
      const facts = await terraformFacts(resolve(cwd, file), maxFileSize);
      if (!facts) throw new VariableArgumentError(`cannot read --var-file ${file}`);
      return facts.assignments.map((a) => ({ name: a.name, value: a.value }));
    },
    options.terraformEnvironment,
  );
}

/** Scanned folders: where local module sources may lead. */
function scanRoots(paths: readonly string[], files: readonly string[], cwd: string, context: string | undefined): string[] {
  const roots = paths.map((p) => resolve(cwd, p)).map((p) => (files.includes(p) ? dirname(p) : p));
  return context ? [...roots, resolve(cwd, context)] : roots;
}

/**
 * The files of `root` that can change a verdict on `targets`: every YAML/JSON file (Kubernetes
 * facts cross files freely) and every Terraform file (a module's variables live next to it, and
 * its `module` calls may lead anywhere in the repository, and their outputs back).
 */
async function contextFiles(root: string, targets: readonly string[], cwd: string, exclude?: Exclusions): Promise<string[]> {
  const targetSet = new Set(targets);
  const { files } = await discover([root], cwd, exclude);
  return files.filter((f) => !targetSet.has(f));
}

/**
 * What the per-file stage needs to know from the file system: whether a file is in a Helm chart,
 * looked for only within the folders the user pointed at (the scanned paths, the working folder,
 * their repository), and only for files under a `templates` folder.
 */
function fileContext(file: string, scanned: readonly string[], cwd: string): FileContext {
  if (candidateChartFolders(file).length === 0) return {};
  const repository = gitWorkTree(dirname(file));
  return { inHelmChart: helmChartOf(file, [...scanned, cwd, ...(repository ? [repository] : [])]) !== undefined };
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column || a.ruleId.localeCompare(b.ruleId);
}

export async function lint(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const rules = options.rules ?? loadRules();
  const cwd = options.cwd ?? process.cwd();
  const sources = new Map(Object.entries(options.sources ?? {}).map(([path, bytes]) => [resolve(cwd, path), bytes]));
  const discovered = await discover(paths, cwd, options.exclude);
  const files = [...new Set([...discovered.files, ...sources.keys()])].sort();
  const missing = discovered.missing.filter((path) => !sources.has(resolve(cwd, path)));
  const context = options.context ? await contextFiles(options.context, files, cwd, options.exclude) : [];

  const analyses: FileAnalysis[] = [];
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const analyzeOptions: FileContext = options.cfnParameters ? { cfnParameters: options.cfnParameters } : {};
  const readFile = async (file: string) => ({ file, source: await readSource(file, sources.get(file), maxFileSize) });
  const scanned = paths.map((p) => resolve(cwd, p));
  for await (const { file, source } of readAhead([...files, ...context], readFile)) {
    analyses.push(await analyzeSource(file, source, { ...fileContext(file, scanned, cwd), ...analyzeOptions }));
  }

  const variables = await terraformVariables(options, cwd, maxFileSize);
  const terraform = await terraformStage({
    facts: analyses.flatMap((a) => (a.terraform ? [a.terraform] : [])),
    roots: scanRoots(paths.length > 0 ? paths : ['.'], files, cwd, options.context),
    ...(variables ? { variables } : {}),
    readManifest: (file) => textOf(file, maxFileSize),
    readFile: (file) => terraformFacts(file, maxFileSize),
    maxFileSize,
  });
  const configured = [...analyses.flatMap((a) => a.resources), ...terraform.resources];
  // A plan's resources replace the static reading of the code that declares them (plan/map-to-config.ts).
  const plans = mapPlansToConfiguration(analyses.flatMap((a) => (a.plan ? [{ file: a.file, resources: a.plan }] : [])), configured);
  const resources = buildGraph([...configured.filter((r) => !plans.replaced.has(r)), ...plans.resources], options.clusters);
  const problems: Finding[] = [
    ...analyses.flatMap((a) => a.problems.map((p) => ({ ...p, file: a.file, ...(a.format ? { format: a.format } : {}) }))),
    ...terraform.notes.map((n): Finding => ({ ...n, format: 'terraform' })),
  ];
  const reported = new Set(files);
  const suppression = applySuppressions({
    findings: dropRepeatedModuleFindings(evaluate(rules, resources)).filter((f) => reported.has(f.file)),
    files: analyses.filter((a) => reported.has(a.file)),
    resources: resources.filter((r) => reported.has(r.file)),
    rules,
    knownRuleIds: new Set([...builtinRuleIds(), ...rules.map((r) => r.id), ...(options.knownRuleIds ?? [])]),
  });
  const all = [...problems.filter((f) => reported.has(f.file)), ...suppression.findings, ...suppression.problems].sort(compareFindings);
  const { findings, baselined } = options.baseline ? await applyBaseline(all, resolve(cwd, options.baseline), cwd) : { findings: all, baselined: [] };
  const recognized = analyses.filter((a) => a.format !== null && reported.has(a.file)).map((a) => a.file);
  return { files, recognized, missing, findings, suppressed: suppression.suppressed.sort(compareFindings), baselined, rules };
}
