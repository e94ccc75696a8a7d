import { resolve } from 'node:path';
import { type Config, emptyConfig } from './config.js';
import { findConfigFile, loadConfig, repositoryOf } from './load-config.js';

/**
 * The configuration of a run: `--config`, else the nearest configuration file from `cwd` up, else
 * defaults. A file named on the command line may be anywhere; one that was found must not link out
 * of its repository.
 */
export function resolveConfig(configOption: string | undefined, cwd: string): Config {
  if (configOption !== undefined) return loadConfig(resolve(cwd, configOption));
  const found = findConfigFile(cwd);
  return found ? loadConfig(found, { root: repositoryOf(found) }) : emptyConfig(cwd);
}
