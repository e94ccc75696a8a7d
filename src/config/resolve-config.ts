import { resolve } from 'node:path';
import { type Config, emptyConfig } from './config.js';
import { findConfigFile, loadConfig } from './load-config.js';

/** The configuration of a run: `--config`, else the nearest configuration file from `cwd` up, else defaults. */
export function resolveConfig(configOption: string | undefined, cwd: string): Config {
  if (configOption !== undefined) return loadConfig(resolve(cwd, configOption));
  const found = findConfigFile(cwd);
  return found ? loadConfig(found) : emptyConfig(cwd);
}
