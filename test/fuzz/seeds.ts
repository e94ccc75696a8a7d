/**
 * Seed inputs for fuzzing: the project's own fixtures, by syntax. Saved regressions
 * (fixtures/fuzz-regressions/) are left out, so that a seed's cases stay the same when one is added.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const FIXTURES = join(ROOT, 'fixtures');
export const REGRESSIONS = join(FIXTURES, 'fuzz-regressions');

export const SYNTAXES = ['hcl', 'yaml', 'json', 'cfn-yaml'] as const;
export type FuzzSyntax = (typeof SYNTAXES)[number];

export interface Seed {
  /** Path relative to fixtures/, for reports. */
  name: string;
  /** The file name a case of this seed is written as: the extension decides how it is parsed. */
  fileName: string;
  bytes: Uint8Array;
}

export function syntaxOfSeed(name: string, text: string): FuzzSyntax | undefined {
  if (/\.(tf|tfvars)$/.test(name)) return 'hcl';
  if (/\.json$/.test(name)) return 'json';
  if (/\.(ya?ml|template)$/.test(name)) return /AWSTemplateFormatVersion|AWS::/.test(text) ? 'cfn-yaml' : 'yaml';
  return undefined;
}

let cache: Map<FuzzSyntax, Seed[]> | undefined;

export function seeds(syntax: FuzzSyntax): Seed[] {
  if (!cache) {
    cache = new Map(SYNTAXES.map((s) => [s, []]));
    const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).sort();
    for (const file of files) {
      const path = join(FIXTURES, file);
      if (path.startsWith(REGRESSIONS) || basename(file).startsWith('.')) continue;
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch {
        continue; // a folder
      }
      const kind = syntaxOfSeed(file, bytes.toString('utf8'));
      const name = basename(file);
      // `.tf.json` and `.tfvars` keep their double meaning; other names are shortened.
      const fileName = /\.tf\.json$/.test(name) ? 'case.tf.json' : `case${name.slice(name.indexOf('.'))}`;
      if (kind) cache.get(kind)!.push({ name: relative(FIXTURES, path), fileName, bytes });
    }
  }
  return cache.get(syntax)!;
}
