import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type CliOptions, HELP, type OutputRequest, UsageError, parseCliArgs } from './cli-args.js';
import { baselineFile } from './cli-config.js';
import { RULES_COMMAND, rulesCommand } from './cli/rules-command.js';
import { resolveConfig } from './config/resolve-config.js';
import { checkOutputFiles, describeFailure, writingTo } from './cli-errors.js';
import { excludedFileNotes, nothingCheckedNote, tooManyWarningsNote } from './cli-notes.js';
import { writeBaseline } from './engine/baseline.js';
import { selectRules } from './engine/select-rules.js';
import { loadRuleCatalogue, rulesFolders } from './engine/user-rules.js';
import { EXIT_FAILURE, EXIT_OK, verdictFor } from './exit-code.js';
import { contextRoot } from './context-root.js';
import { lint } from './lint.js';
import { useColor } from './report/color.js';
import type { ReportContext } from './report/context.js';
import { FORMATTERS } from './report/formatters.js';
import { DEFAULT_MAX_FILE_SIZE } from './read-source.js';
import { readAtMost } from './read-stream.js';
import { packageVersion } from './version.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input, read up to `limit + 1` bytes (read-stream.ts). */
  readStdin: (limit: number) => Promise<Uint8Array>;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readStdin: (limit) => readAtMost(process.stdin, limit),
};

function checkFormats(outputs: readonly OutputRequest[]): void {
  const unknownFormat = outputs.find((o) => !FORMATTERS[o.format]);
  if (unknownFormat) throw new UsageError(`Unknown format '${unknownFormat.format}'. Formats: ${Object.keys(FORMATTERS).join(', ')}`);
}

/** Every file the run will write: report files and a new baseline. */
function outputFiles(options: CliOptions): string[] {
  return [...options.outputs.flatMap((o) => (o.file ? [o.file] : [])), ...(options.baselineWrite ? [options.baselineWrite] : [])];
}

async function writeOutput(request: OutputRequest, context: ReportContext, colorFlag: boolean | undefined, io: Io): Promise<void> {
  const color = useColor(colorFlag, { toFile: request.file !== undefined });
  const text = await FORMATTERS[request.format]!({ ...context, color });
  if (request.file) await writingTo(request.file, () => writeFile(request.file!, text));
  else io.stdout(text);
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    if (argv[0] === RULES_COMMAND) return await rulesCommand(argv.slice(1), io, process.cwd());
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
    const cwd = process.cwd();
    checkOutputFiles(outputFiles(options), cwd);

    const config = resolveConfig(options.config, cwd);
    const loaded = await loadRuleCatalogue(rulesFolders(options.rulesDirs, config, cwd), config.maxFileSize);
    const rules = selectRules(loaded, config, { only: options.rules, skip: options.skipRules });
    const baseline = baselineFile(options, config, cwd);
    const sources = options.stdinFilename !== undefined ? { [resolve(cwd, options.stdinFilename)]: await io.readStdin(config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE) } : {};
    const contextFolder = contextRoot(options.paths, cwd, config, Object.keys(sources));
    const report = await lint(options.paths, {
      cwd,
      rules,
      exclude: { patterns: config.exclude, base: config.dir },
      sources,
      // Suppressions may name rules this run deselected; those are not unknown.
      knownRuleIds: loaded.map((r) => r.id),
      cfnParameters: options.cfnParameters,
      ...(config.maxFileSize !== undefined ? { maxFileSize: config.maxFileSize } : {}),
      ...(config.clusters ? { clusters: { clusters: config.clusters, base: config.dir } } : {}),
      terraformVariables: options.terraformVariables,
      ...(options.envVars ? { terraformEnvironment: process.env } : {}),
      ...(contextFolder ? { context: contextFolder } : {}),
      ...(baseline && !options.baselineWrite ? { baseline } : {}),
    });
    if (report.missing.length > 0) throw new UsageError(`No such file or folder: ${report.missing.join(', ')}`);
    const note = (text: string | undefined) => {
      if (text !== undefined) io.stderr(`eks-lint: ${text}\n`);
    };
    excludedFileNotes(options.paths, cwd, report, config).forEach(note);
    note(nothingCheckedNote(report, options.paths));

    if (options.baselineWrite) {
      const target = options.baselineWrite;
      const written = await writingTo(target, () => writeBaseline(resolve(cwd, target), [...report.findings, ...report.baselined], cwd));
      io.stderr(`eks-lint: recorded ${written.findings.length} findings in ${target}\n`);
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
    for (const request of options.outputs) await writeOutput(request, context, options.color, io);
    const maxWarnings = options.maxWarnings ?? config.maxWarnings;
    const verdict = verdictFor(report.findings, { failOn: options.failOn ?? config.failOn ?? 'error', ...(maxWarnings !== undefined ? { maxWarnings } : {}) });
    note(tooManyWarningsNote(verdict, options.maxWarnings !== undefined ? '--max-warnings' : 'maxWarnings'));
    return verdict.code;
  } catch (error) {
    io.stderr(`eks-lint: ${describeFailure(error)}\n`);
    return EXIT_FAILURE;
  }
}
