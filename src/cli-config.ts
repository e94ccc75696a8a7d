/** The configuration a CLI run uses, and the files it names. */
import { resolve } from 'node:path';
import type { CliOptions } from './cli-args.js';
import { type Config, emptyConfig, settingLocation } from './config/config.js';
import { ConfiguredFileError, confineToRoot } from './config/configured-file.js';
import { ConfigError, findConfigFile, loadConfig, repositoryOf } from './config/load-config.js';

/**
 * `--config`, else the nearest configuration file from the working folder up, else defaults. A
 * file named on the command line may be anywhere; one that was found must not link out of its
 * repository.
 */
export function resolveConfig(options: CliOptions, cwd: string): Config {
  if (options.config !== undefined) return loadConfig(resolve(cwd, options.config));
  const found = findConfigFile(cwd);
  return found ? loadConfig(found, { root: repositoryOf(found) }) : emptyConfig(cwd);
}

/**
 * The baseline file: `--baseline` as given, else the configuration's `baseline`, which must lie
 * inside the configuration's repository (it is read with the same limits either way).
 */
export function baselineFile(options: CliOptions, config: Config, cwd: string): string | undefined {
  if (options.baseline !== undefined) return resolve(cwd, options.baseline);
  if (config.baseline === undefined) return undefined;
  const file = resolve(config.dir, config.baseline);
  try {
    confineToRoot(file, config.root ?? config.dir);
  } catch (error) {
    if (error instanceof ConfiguredFileError) throw new ConfigError(`${settingLocation(config, ['baseline'])}: 'baseline': ${error.message}`);
    throw error;
  }
  return file;
}
