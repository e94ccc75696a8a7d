import { describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../src/cli/rules-command.js';
import { loadRules } from '../src/engine/load-rules.js';
import { formatsOf } from '../src/engine/target-formats.js';
import { runCli } from './helpers/run-cli.js';

const rules = loadRules();

describe('eks-lint rules', () => {
  it('prints the catalogue as a table: id, severity, CIS, formats, tags', () => {
    const run = runCli(['rules']);
    expect(run.status).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^id +severity +CIS +formats +tags$/);
    for (const rule of rules) {
      const row = lines.find((l) => l.startsWith(`${rule.id} `));
      expect(row, rule.id).toBeDefined();
      const cells = row!.split(/ {2,}/);
      expect(cells).toEqual([rule.id, rule.severity, rule.cis.join(', ') || '—', formatsOf(rule).join(', '), (rule.tags ?? []).join(', ')]);
    }
    expect(run.stdout).toContain(`\n${rules.length} rules\n`);
  });

  it('prints it as JSON with --format json, formats derived from the target kind', () => {
    const run = runCli(['rules', '--format', 'json']);
    expect(run.status).toBe(0);
    const entries = JSON.parse(run.stdout) as CatalogueEntry[];
    expect(entries.map((e) => e.id)).toEqual(rules.map((r) => r.id));
    for (const [i, entry] of entries.entries()) {
      const rule = rules[i]!;
      expect(entry).toMatchObject({ severity: rule.severity, cis: rule.cis, target: rule.target, formats: formatsOf(rule), source: 'built-in' });
      expect(entry.aliases).toEqual(rule.aliases ?? {});
      expect(entry.docs).toMatch(new RegExp(`/docs/rules/${rule.id}\\.md$`));
    }
  });

  it('rejects an unknown format or option with exit code 2', () => {
    expect(runCli(['rules', '--format', 'sarif']).status).toBe(2);
    const run = runCli(['rules', '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("Unknown option '--quiet'");
  });

  it('has its own help', () => {
    const run = runCli(['rules', '--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Usage: eks-lint rules/);
  });
});
