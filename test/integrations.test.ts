import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from './helpers/run-cli.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  exclude: string;
  pass_filenames: boolean;
}

describe('pre-commit hook definition', () => {
  const hooks = parse(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
  const hook = hooks.find((h) => h.id === 'eks-lint')!;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

  it('runs the package binary as a node hook on the changed files', () => {
    expect(hook.language).toBe('node');
    expect(Object.keys(pkg.bin)).toContain(hook.entry);
    expect(hook.pass_filenames).toBe(true);
    // pre-commit installs the hook repository with npm and packs it: dist/ must be built then.
    expect(pkg.scripts.prepare).toMatch(/build/);
  });

  it('selects the file patterns of every supported format, and nothing else', () => {
    const files = new RegExp(hook.files);
    const exclude = new RegExp(hook.exclude);
    for (const name of ['main.tf', 'prod.tfvars', 'main.tf.json', 'a.tfvars.json', 'k8s/app.yaml', 'c.yml', 'stack.json', 'stack.template']) {
      expect(files.test(name) && !exclude.test(name), name).toBe(true);
    }
    for (const name of ['README.md', 'main.go', 'mod/.terraform/modules/x/main.tf', 'node_modules/a/b.json']) {
      expect(files.test(name) && !exclude.test(name), name).toBe(false);
    }
  });
});
