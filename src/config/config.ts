import type { Severity } from '../model/finding.js';

export type RuleSeveritySetting = Severity | 'off';

export interface RuleSetting {
  severity?: RuleSeveritySetting;
  options?: Record<string, unknown>;
}

/** The settings of `.eks-lint.yaml`, as `src/config/config.schema.json` describes them. */
export interface Config {
  /** The file the settings came from, when there is one. */
  file?: string;
  /** The folder relative paths in the settings are resolved against. */
  dir: string;
  /**
   * The repository the configuration belongs to (its git work tree, else its folder): files its
   * settings name must lie inside it (src/config/configured-file.ts). Defaults to `dir`.
   */
  root?: string;
  /**
   * `file:line:col` of a setting, by its path (`['rules', 'privileged-container', 'options']`,
   * `['only', 0]`); `key` points at the setting's name rather than its value. Errors about the
   * settings use it so that they say where to look.
   */
  locate?: (path: readonly (string | number)[], key?: boolean) => string;
  rules: Record<string, RuleSetting>;
  only: string[];
  skip: string[];
  exclude: string[];
  allowedRegistries?: string[];
  failOn?: Severity;
  maxWarnings?: number;
  maxFileSize?: number;
  baseline?: string;
  /** Folders of the user's own rule files, relative to `dir` (a string in the file is one folder). */
  rulesDir?: string[];
  /** Cluster names, each with gitignore-style path patterns (relative to `dir`) of its files. */
  clusters?: Record<string, string[]>;
}

export const CONFIG_FILE_NAMES = ['.eks-lint.yaml', '.eks-lint.yml', '.eks-lint.json'];

export function emptyConfig(dir: string): Config {
  return { dir, rules: {}, only: [], skip: [], exclude: [] };
}

/** Where a setting is written, for error messages: `file:line:col`, else the file, else `configuration`. */
export function settingLocation(config: Config, path: readonly (string | number)[], key = false): string {
  return config.locate?.(path, key) ?? config.file ?? 'configuration';
}
