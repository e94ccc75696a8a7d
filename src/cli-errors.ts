/**
 * What the CLI prints when it cannot do its job (exit code 2): one line naming the file or option
 * and what is wrong. Only a bug gets a stack trace.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './cli-args.js';
import { VariableArgumentError } from './normalize/terraform/command-line.js';
import { ConfigError, ConfigReadError } from './config/load-config.js';
import { ConfiguredFileError, fileErrorReason } from './config/configured-file.js';
import { BaselineError } from './engine/baseline.js';
import { RuleLoadError } from './engine/load-rules.js';
import { RuleSelectionError } from './engine/select-rules.js';

/** A report or baseline that cannot be written where the command line asked. */
export class OutputError extends Error {
  constructor(file: string, reason: string) {
    super(`cannot write ${file}: ${reason}`);
    this.name = 'OutputError';
  }
}

/**
 * Checks, before the scan, that each output file can be created: its folder exists and it is not
 * itself a folder. A long scan should not end in an error that was known at the start.
 */
export function checkOutputFiles(files: readonly string[], cwd: string): void {
  for (const file of files) {
    const absolute = resolve(cwd, file);
    if (existsSync(absolute) && statSync(absolute).isDirectory()) throw new OutputError(file, 'it is a folder');
    const folder = dirname(absolute);
    if (!existsSync(folder)) throw new OutputError(file, `the folder ${dirname(file)} does not exist`);
    if (!statSync(folder).isDirectory()) throw new OutputError(file, `${dirname(file)} is not a folder`);
  }
}

/** Runs a write, turning a file-system failure into an OutputError that names the file. */
export async function writingTo<T>(file: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw new OutputError(file, fileErrorReason(error));
  }
}

export function describeFailure(error: unknown): string {
  if (error instanceof UsageError || error instanceof VariableArgumentError) return `${error.message}\nRun eks-lint --help for usage.`;
  if (error instanceof RuleLoadError) return `invalid rule: ${error.message}`;
  if (error instanceof ConfigReadError) return error.message;
  if (error instanceof ConfigError) return `invalid configuration: ${error.message}`;
  if (error instanceof RuleSelectionError) return error.message;
  if (error instanceof BaselineError) return `invalid baseline: ${error.message}`;
  if (error instanceof OutputError || error instanceof ConfiguredFileError) return error.message;
  return `internal error: ${(error as Error).stack ?? String(error)}`;
}
