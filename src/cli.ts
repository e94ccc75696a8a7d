import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CliOptions, HELP, type OutputRequest, UsageError, parseCliArgs } from './cli-args.js';
import { type Config, emptyConfig } from './config/config.js';
import { ConfigError, findConfigFile, loadConfig } from './config/load-config.js';
import { BaselineError, writeBaseline } from './engine/baseline.js';
import { RuleLoadError, loadRules } from './engine/load-rules.js';
import { RuleSelectionError, selectRules } from './engine/select-rules.js';
import { EXIT_FAILURE, EXIT_OK, exitCodeFor } from './exit-code.js';
import { contextRoot } from './context-root.js';
import { lint, VariableArgumentError } from './lint.js';
import type { ReportContext } from './report/context.js';
import { FORMATTERS } from './report/formatters.js';
import { packageVersion } from './version.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<Uint8Array>;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: () => readAll(process.stdin),
};

/** Colour follows --color/--no-color, then NO_COLOR; chalk reads FORCE_COLOR when it loads. */
function applyColorChoice(color: boolean | undefined): void {
  const noColorEnv = (process.env.NO_COLOR ?? '') !== '';
  if (color === false || (color === undefined && noColorEnv)) process.env.FORCE_COLOR = '0';
  else if (color === true) process.env.FORCE_COLOR = '1';
}

function checkFormats(outputs: readonly OutputRequest[]): void {
  const unknownFormat = outputs.find((o) => !FORMATTERS[o.format]);
  if (unknownFormat) throw new UsageError(`Unknown format '${unknownFormat.format}'. Formats: ${Object.keys(FORMATTERS).join(', ')}`);
}

/** `--config`, else the nearest configuration file from the working folder up, else defaults. */
function resolveConfig(options: CliOptions, cwd: string): Config {
  if (options.config !== undefined) return loadConfig(resolve(cwd, options.config));
  const found = findConfigFile(cwd);
  return found ? loadConfig(found) : emptyConfig(cwd);
}

async function writeOutput(request: OutputRequest, context: ReportContext, io: Io): Promise<void> {
  const text = await FORMATTERS[request.format]!(context);
  if (request.file) await writeFile(request.file, text);
  else io.stdout(text);
}

function describeFailure(error: unknown): string {
  if (error instanceof UsageError || error instanceof VariableArgumentError) return `${error.message}\nRun eks-lint --help for usage.`;
  if (error instanceof RuleLoadError) return `invalid rule: ${error.message}`;
  if (error instanceof ConfigError) return `invalid configuration: ${error.message}`;
  if (error instanceof RuleSelectionError) return error.message;
  if (error instanceof BaselineError) return `invalid baseline: ${error.message}`;
  return `internal error: ${(error as Error).stack ?? String(error)}`;
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
    checkFormats(options.outputs);
    applyColorChoice(options.color);

    const cwd = process.cwd();
    const config = resolveConfig(options, cwd);
    const loaded = loadRules();
    const rules = selectRules(loaded, config, { only: options.rules, skip: options.skipRules });
    const baseline = options.baseline ? resolve(cwd, options.baseline) : config.baseline ? resolve(config.dir, config.baseline) : undefined;
    const sources = options.stdinFilename !== undefined ? { [resolve(cwd, options.stdinFilename)]: await io.readStdin() } : {};
    const contextFolder = contextRoot(options.paths, cwd, config, Object.keys(sources));
    const report = await lint(options.paths, {
      cwd,
      rules,
      exclude: { patterns: config.exclude, base: config.dir },
      sources,
      // Suppressions may name rules this run deselected; those are not unknown.
      knownRuleIds: loaded.map((r) => r.id),
      ...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}),
      terraformVariables: options.terraformVariables,
      ...(options.envVars ? { terraformEnvironment: process.env } : {}),
      ...(contextFolder ? { context: contextFolder } : {}),
      ...(baseline && !options.baselineWrite ? { baseline } : {}),
    });
    if (report.missing.length > 0) throw new UsageError(`No such file or folder: ${report.missing.join(', ')}`);

    if (options.baselineWrite) {
      const written = await writeBaseline(resolve(cwd, options.baselineWrite), [...report.findings, ...report.baselined], cwd);
      io.stderr(`eks-lint: recorded ${written.findings.length} findings in ${options.baselineWrite}\n`);
      return EXIT_OK;
    }

    const findings = options.quiet ? report.findings.filter((f) => f.severity === 'error') : report.findings;
    const context: ReportContext = {
      findings,
      suppressed: report.suppressed,
      files: report.files,
      rules: report.rules,
      cwd,
      version: packageVersion(),
    };
    for (const request of options.outputs) await writeOutput(request, context, io);
    const maxWarnings = options.maxWarnings ?? config.maxWarnings;
    return exitCodeFor(report.findings, { failOn: options.failOn ?? config.failOn ?? 'error', ...(maxWarnings !== undefined ? { maxWarnings } : {}) });
  } catch (error) {
    io.stderr(`eks-lint: ${describeFailure(error)}\n`);
    return EXIT_FAILURE;
  }
}
