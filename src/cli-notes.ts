/**
 * What the CLI says on standard error about a run, besides its findings: why it failed on
 * warnings, that it checked nothing, and which named files the configuration excluded. These go
 * to standard error so that they reach a person even with `--quiet` or a machine-read format.
 */
import { resolve } from 'node:path';
import type { Config } from './config/config.js';
import { isFile } from './context-root.js';
import type { Verdict } from './exit-code.js';
import type { LintReport } from './lint.js';
import { plural } from './report/severity.js';

/** `3 warnings exceed --max-warnings 0` (or `maxWarnings 0` when the limit is the configuration's). */
export function tooManyWarningsNote(verdict: Verdict, setting: '--max-warnings' | 'maxWarnings'): string | undefined {
  const excess = verdict.tooManyWarnings;
  return excess && `${plural(excess.count, 'warning')} ${excess.count === 1 ? 'exceeds' : 'exceed'} ${setting} ${excess.max}`;
}

/** A run that judged nothing says so: an empty folder, no file of a supported format, or no rule left. */
export function nothingCheckedNote(report: LintReport, paths: readonly string[]): string | undefined {
  const where = paths.length > 0 ? paths.join(' ') : '.';
  if (report.rules.length === 0) return 'no rule is selected (by --rule, --skip-rule or the configuration), so nothing was checked';
  if (report.files.length === 0) {
    return `no file to lint in ${where} (folders are searched for *.tf, *.tfvars, *.tf.json, *.yaml, *.yml, *.json and *.template)`;
  }
  if (report.recognized.length === 0) {
    return `none of the ${plural(report.files.length, 'file')} read is Terraform, CloudFormation, eksctl or Kubernetes, so nothing was checked`;
  }
  return undefined;
}

/**
 * Files named on the command line that the configuration's `exclude` kept out. The configuration
 * wins (pre-commit hands over every changed file, excluded ones included), and the user is told.
 */
export function excludedFileNotes(paths: readonly string[], cwd: string, report: LintReport, config: Config): string[] {
  const read = new Set(report.files);
  return paths
    .filter((path) => isFile(resolve(cwd, path)) && !read.has(resolve(cwd, path)))
    .map((path) => `note: ${path} is not linted: it matches 'exclude' in ${config.file ?? 'the configuration'}`);
}
