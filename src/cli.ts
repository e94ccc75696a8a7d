import { writeFile } from 'node:fs/promises';
import { HELP, type OutputRequest, UsageError, parseCliArgs } from './cli-args.js';
import { RuleLoadError } from './engine/load-rules.js';
import { lint } from './lint.js';
import type { ReportContext } from './report/context.js';
import { FORMATTERS } from './report/formatters.js';
import { packageVersion } from './version.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FAILURE = 2;

interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Colour follows --color/--no-color, then NO_COLOR; chalk reads FORCE_COLOR when it loads. */
function applyColorChoice(color: boolean | undefined): void {
  const noColorEnv = (process.env.NO_COLOR ?? '') !== '';
  if (color === false || (color === undefined && noColorEnv)) process.env.FORCE_COLOR = '0';
  else if (color === true) process.env.FORCE_COLOR = '1';
}

async function writeOutput(request: OutputRequest, context: ReportContext, io: Io): Promise<void> {
  const formatter = FORMATTERS[request.format];
  if (!formatter) throw new UsageError(`Unknown format '${request.format}'. Formats: ${Object.keys(FORMATTERS).join(', ')}`);
  const text = await formatter(context);
  if (request.file) await writeFile(request.file, text);
  else io.stdout(text);
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      io.stdout(HELP + '\n');
      return EXIT_OK;
    }
    if (options.version) {
      io.stdout(packageVersion() + '\n');
      return EXIT_OK;
    }
    const unknownFormat = options.outputs.find((o) => !FORMATTERS[o.format]);
    if (unknownFormat) throw new UsageError(`Unknown format '${unknownFormat.format}'. Formats: ${Object.keys(FORMATTERS).join(', ')}`);
    applyColorChoice(options.color);

    const cwd = process.cwd();
    const report = await lint(options.paths, { cwd });
    if (report.missing.length > 0) throw new UsageError(`No such file or folder: ${report.missing.join(', ')}`);

    const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
    const context: ReportContext = { findings, files: report.files, rules: report.rules, cwd, version: packageVersion() };
    for (const request of options.outputs) await writeOutput(request, context, io);
    return findings.some((f) => f.severity === 'error') ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) io.stderr(`eks-lint: ${error.message}\nRun eks-lint --help for usage.\n`);
    else if (error instanceof RuleLoadError) io.stderr(`eks-lint: invalid rule: ${error.message}\n`);
    else io.stderr(`eks-lint: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_FAILURE;
  }
}
