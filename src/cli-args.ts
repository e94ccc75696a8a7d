import { parseArgs } from 'node:util';

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
  color: boolean | undefined;
  help: boolean;
  version: boolean;
}

export const HELP = `Usage: eks-lint [options] [paths...]

Lints Terraform, CloudFormation, eksctl and Kubernetes files for Amazon EKS security
(CIS Amazon EKS Benchmark, EKS Best Practices Guide). Paths default to the current folder.

Options:
  -f, --format <name>       Output format: stylish (default), json, sarif, github, markdown,
                            compact, junit, checkstyle. Repeat to write several; each
                            --output-file applies to the --format before it.
  -o, --output-file <path>  Write the output to a file instead of standard output.
      --quiet               Report errors only.
      --no-color            Disable colour (also: NO_COLOR=1). --color forces it.
  -h, --help                Show this help.
  -v, --version             Show the version.

Exit codes: 0 no error-severity finding, 1 at least one, 2 usage error, missing path,
invalid rule or internal failure.`;

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
        color: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // Pair each --output-file with the --format given before it, in command-line order.
  const outputs: OutputRequest[] = [];
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (token.name === 'format') outputs.push({ format: token.value });
    if (token.name === 'output-file') {
      const last = outputs.at(-1);
      if (last && last.file === undefined) last.file = token.value;
      else outputs.push({ format: 'stylish', file: token.value });
    }
  }
  if (outputs.length === 0) outputs.push({ format: 'stylish' });
  return {
    paths: parsed.positionals.length > 0 ? parsed.positionals : ['.'],
    outputs,
    quiet: parsed.values.quiet ?? false,
    color: parsed.values.color,
    help: parsed.values.help ?? false,
    version: parsed.values.version ?? false,
  };
}
