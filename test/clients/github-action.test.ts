/**
 * The GitHub Action's script (bin/github-action.sh) run as the runner runs it: inputs in INPUT_*
 * variables, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files. It needs only bash, which every
 * machine that runs these tests has.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROOT } from '../helpers/run-cli.js';

describe('GitHub Action', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as {
    inputs: Record<string, unknown>;
    runs: { steps: { env?: Record<string, string> }[] };
  };

  it('passes every input to the script through the environment, never into the script text', () => {
    const env = Object.assign({}, ...action.runs.steps.map((s) => s.env ?? {})) as Record<string, string>;
    for (const input of Object.keys(action.inputs)) {
      expect(env[`INPUT_${input.toUpperCase().replace(/-/g, '_')}`]).toBe(`\${{ inputs.${input} }}`);
    }
  });

  function runAction(inputs: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-action-'));
    const summary = join(dir, 'summary.md');
    const outputs = join(dir, 'outputs');
    writeFileSync(summary, '# Earlier step\n');
    const result = spawnSync('bash', [join(ROOT, 'bin/github-action.sh')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, GITHUB_ACTION_PATH: ROOT, GITHUB_STEP_SUMMARY: summary, GITHUB_OUTPUT: outputs, INPUT_SARIF_FILE: join(dir, 'out.sarif'), ...inputs },
    });
    return { result, dir, summary: readFileSync(summary, 'utf8'), outputs: readFileSync(outputs, 'utf8') };
  }

  it('prints annotations, writes SARIF, appends the summary and fails on errors', () => {
    const { result, dir, summary, outputs } = runAction({ INPUT_PATHS: 'fixtures/demo' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/^::error file=fixtures\/demo\/terraform\/main\.tf,line=\d+/m);
    const sarif = JSON.parse(readFileSync(join(dir, 'out.sarif'), 'utf8')) as { runs: { results: unknown[] }[] };
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(5);
    expect(summary.startsWith('# Earlier step\n')).toBe(true);
    expect(summary).toMatch(/privileged-container/);
    expect(outputs).toContain('exit-code=1');
  });

  it('honours the severity threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-action-input-'));
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    expect(runAction({ INPUT_PATHS: dir, INPUT_FAIL_ON: 'error' }).result.status).toBe(0);
    expect(runAction({ INPUT_PATHS: dir, INPUT_FAIL_ON: 'warning' }).result.status).toBe(1);
  });
});
