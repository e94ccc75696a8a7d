import { readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type FileAnalysis, analyzeFile } from './analyze.js';
import { discover } from './discover/discover.js';
import { evaluate } from './engine/evaluate.js';
import { loadRules } from './engine/load-rules.js';
import type { Rule } from './engine/rule.js';
import { buildGraph } from './graph/index.js';
import { type Finding, PARSE_ERROR } from './model/finding.js';
import { FILE_START } from './model/range.js';
import type { Resource } from './model/resource.js';
import { normalizeTerraformModule } from './normalize/terraform/module.js';

export interface LintOptions {
  cwd?: string;
  /** Rules to run; the built-in set by default. */
  rules?: Rule[];
}

export interface LintReport {
  /** Every file that was read, absolute, sorted. */
  files: string[];
  /** Command-line paths that name nothing on disk. */
  missing: string[];
  findings: Finding[];
  rules: Rule[];
}

async function analyzePath(file: string): Promise<FileAnalysis> {
  try {
    return await analyzeFile(file, await readFile(file));
  } catch (error) {
    // A file that vanished or cannot be read is a result for that file, not the end of the scan.
    const message = `Cannot read file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`;
    return { file, format: null, resources: [], problems: [{ ruleId: PARSE_ERROR, severity: 'error', message, range: FILE_START }] };
  }
}

/** Terraform resolves variables and locals per module, and a module is a directory. */
function terraformResources(analyses: readonly FileAnalysis[]): Resource[] {
  const modules = new Map<string, FileAnalysis[]>();
  for (const analysis of analyses) {
    if (!analysis.terraform) continue;
    const dir = dirname(analysis.file);
    modules.set(dir, [...(modules.get(dir) ?? []), analysis]);
  }
  return [...modules.values()].flatMap((files) => normalizeTerraformModule(files.map((f) => f.terraform!)));
}

function compareFindings(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.range.line - b.range.line || a.range.column - b.range.column || a.ruleId.localeCompare(b.ruleId);
}

export async function lint(paths: readonly string[], options: LintOptions = {}): Promise<LintReport> {
  const rules = options.rules ?? loadRules();
  const { files, missing } = await discover(paths, options.cwd);
  const analyses: FileAnalysis[] = [];
  for (const file of files) analyses.push(await analyzePath(file));

  const resources = buildGraph([...analyses.flatMap((a) => a.resources), ...terraformResources(analyses)]);
  const problems: Finding[] = analyses.flatMap((a) =>
    a.problems.map((p) => ({ ...p, file: a.file, ...(a.format ? { format: a.format } : {}) })),
  );
  const findings = [...problems, ...evaluate(rules, resources)].sort(compareFindings);
  return { files, missing, findings, rules };
}
