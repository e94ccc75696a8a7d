import { parseArgs } from 'node:util';
import type { Severity } from './model/finding.js';
import type { VariableArgument } from './normalize/terraform/command-line.js';

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export class UsageError extends Error {
  override name = 'UsageError';
}

/** One requested output: a format, written to a file or (without one) to standard output. */
export interface OutputRequest {
  format: string;
  file?: string;
}

export interface CliOptions {
  paths: string[];
  outputs: OutputRequest[];
  quiet: boolean;
  config?: string;
  rules: string[];
  skipRules: string[];
  failOn?: Severity;
  maxWarnings?: number;
  /** Lint standard input as this path (`--stdin --stdin-filename`). */
  stdinFilename?: string;
  baseline?: string;
  baselineWrite?: string;
  /** Folders of the user's own rules (`--rules-dir`). */
  rulesDirs: string[];
  /** `--cfn-parameter Name=Value`, in command-line order (a later value wins). */
  cfnParameters: Record<string, string>;
  color: boolean | undefined;
  /** Terraform `--var-file` / `--var` values, in command-line order. */
  terraformVariables: VariableArgument[];
  /** Read `TF_VAR_` environment variables. */
  envVars: boolean;
  help: boolean;
  version: boolean;
}

export const HELP = `Usage: eks-lint [options] [paths...]
       eks-lint rules [--format json]   (the rule catalogue; eks-lint rules --help)

Lints Terraform, CloudFormation, eksctl and Kubernetes files for Amazon EKS security
(CIS Amazon EKS Benchmark, EKS Best Practices Guide). Paths default to the current folder.

Options:
  -f, --format <name>       Output format: stylish (default), json, sarif, github, markdown,
                            compact, junit, checkstyle. Repeat to write several; each
                            --output-file applies to the --format before it.
  -o, --output-file <path>  Write the output to a file instead of standard output.
      --quiet               Report errors only (warnings still count for --max-warnings).
  -c, --config <path>       Configuration file (default: the nearest .eks-lint.yaml,
                            .eks-lint.yml or .eks-lint.json from the current folder up).
      --rule <selector>     Run only these rules: a rule id, CIS id (5.4.1) or tag. Repeatable;
                            replaces the configuration's only.
      --skip-rule <selector>
                            Do not run these rules. Repeatable; replaces its skip.
      --rules-dir <dir>     Also run your own rules from this folder (docs/custom-rules.md).
                            Repeatable.
      --fail-on <severity>  Lowest severity that fails the run: error (default), warning, info.
      --max-warnings <n>    Also fail when there are more than n warnings.
      --baseline <file>     Report only findings that are not recorded in this baseline file.
      --baseline-write <file>
                            Record the current findings as the baseline (then exit 0).
      --stdin               Lint standard input; --stdin-filename names it (its extension says
      --stdin-filename <p>  which syntax it is, and the repository around it gives context).
      --cfn-parameter <Name=Value>
                            Give a CloudFormation template parameter a value (over its
                            Default), as a deployment would. Repeatable.
      --var-file <file>     Terraform variable values from a .tfvars file. Repeatable.
      --var <name=value>    A Terraform variable value. Repeatable; with --var-file, later wins,
                            above terraform.tfvars and *.auto.tfvars, as in Terraform.
      --env-vars            Also read Terraform variables from TF_VAR_<name> environment variables.
      --no-color            Disable colour (also: NO_COLOR=1). --color forces it.
  -h, --help                Show this help.
  -v, --version             Show the version.

Exit codes: 0 no error-severity finding, 1 at least one (or too many warnings), 2 usage
error, missing path, unusable configuration, baseline or rule file, unwritable output file,
or internal failure.`;

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      allowNegative: true,
      tokens: true,
      options: {
        format: { type: 'string', short: 'f', multiple: true },
        'output-file': { type: 'string', short: 'o', multiple: true },
        quiet: { type: 'boolean' },
        config: { type: 'string', short: 'c' },
        rule: { type: 'string', multiple: true },
        'skip-rule': { type: 'string', multiple: true },
        'rules-dir': { type: 'string', multiple: true },
        'fail-on': { type: 'string' },
        'max-warnings': { type: 'string' },
        stdin: { type: 'boolean' },
        baseline: { type: 'string' },
        'baseline-write': { type: 'string' },
        'stdin-filename': { type: 'string' },
        'cfn-parameter': { type: 'string', multiple: true },
        color: { type: 'boolean' },
        'var-file': { type: 'string', multiple: true },
        var: { type: 'string', multiple: true },
        'env-vars': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Pair each --output-file with the --format given before it, in command-line order.
  const outputs: OutputRequest[] = [];
  const terraformVariables: VariableArgument[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'var-file') terraformVariables.push({ file: token.value });
    if (token.name === 'var') terraformVariables.push({ assignment: token.value });
    if (token.name === 'format') outputs.push({ format: token.value });
    if (token.name === 'output-file') {
      const last = outputs.at(-1);
      if (last && last.file === undefined) last.file = token.value;
      else outputs.push({ format: 'stylish', file: token.value });
    }
  }
  if (outputs.length === 0) outputs.push({ format: 'stylish' });
  const { 'fail-on': failOn, 'max-warnings': maxWarnings } = parsed.values;
  if (failOn !== undefined && !SEVERITIES.includes(failOn as Severity)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}`);
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) throw new UsageError('--max-warnings must be a whole number');
  const { stdin, 'stdin-filename': stdinFilename } = parsed.values;
  if (stdin && stdinFilename === undefined) throw new UsageError('--stdin needs --stdin-filename, to know the syntax');
  if (!stdin && stdinFilename !== undefined) throw new UsageError('--stdin-filename needs --stdin');
  if (stdin && parsed.positionals.length > 0) throw new UsageError('--stdin takes no paths');
  return {
    cfnParameters: parseCfnParameters(parsed.values['cfn-parameter'] ?? []),
    ...(stdinFilename !== undefined ? { stdinFilename } : {}),
    ...(parsed.values.baseline !== undefined ? { baseline: parsed.values.baseline } : {}),
    ...(parsed.values['baseline-write'] !== undefined ? { baselineWrite: parsed.values['baseline-write'] } : {}),
    ...(parsed.values.config !== undefined ? { config: parsed.values.config } : {}),
    rules: parsed.values.rule ?? [],
    skipRules: parsed.values['skip-rule'] ?? [],
    rulesDirs: parsed.values['rules-dir'] ?? [],
    ...(failOn !== undefined ? { failOn: failOn as Severity } : {}),
    ...(maxWarnings !== undefined ? { maxWarnings: Number(maxWarnings) } : {}),
    paths: stdinFilename !== undefined ? [stdinFilename] : parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    outputs,
    quiet: parsed.values.quiet ?? false,
    color: parsed.values.color,
    terraformVariables,
    envVars: parsed.values['env-vars'] ?? false,
    help: parsed.values.help ?? false,
    version: parsed.values.version ?? false,
  };
}

/** `Name=Value` pairs; the value may itself hold `=` (a CIDR list never does, a URL may). */
function parseCfnParameters(pairs: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9]+)=(.*)$/s.exec(pair);
    if (!match?.[1]) throw new UsageError(`--cfn-parameter must be Name=Value (a parameter name is alphanumeric), got "${pair}"`);
    parameters[match[1]] = match[2] ?? '';
  }
  return parameters;
}
