/** The files a CLI run's configuration names. */
import { resolve } from 'node:path';
import type { CliOptions } from './cli-args.js';
import { type Config, settingLocation } from './config/config.js';
import { ConfiguredFileError, confineToRoot } from './config/configured-file.js';
import { ConfigError } from './config/load-config.js';

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
