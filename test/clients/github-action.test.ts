/**
 * The GitHub Action's script (bin/github-action.sh) run as the runner runs it: inputs in INPUT_*
 * variables, GITHUB_STEP_SUMMARY and GITHUB_OUTPUT files. It needs only bash, which every
 * machine that runs these tests has.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
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

  it('on a run that cannot finish, still writes a valid SARIF file with the error, and a summary that says so', () => {
    const { result, dir, summary, outputs } = runAction({ INPUT_PATHS: 'fixtures/demo', INPUT_CONFIG: 'no-such-config.yaml' });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/cannot read configuration .*no-such-config\.yaml: no such file/);
    expect(result.stdout).toMatch(/^::error title=eks-lint could not run::eks-lint: cannot read configuration .*no-such-config\.yaml/m);
    const sarifFile = join(dir, 'out.sarif');
    expect(outputs).toContain(`sarif-file=${sarifFile}`);
    expect(outputs).toContain('exit-code=2');
    const sarif = JSON.parse(readFileSync(sarifFile, 'utf8')) as {
      runs: { results: unknown[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string } }[] }[] }[];
    };
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
    expect(validate(sarif), ajv.errorsText(validate.errors)).toBe(true);
    expect(sarif.runs[0]?.results).toEqual([]);
    expect(sarif.runs[0]?.invocations[0]?.executionSuccessful).toBe(false);
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications[0]?.message.text).toMatch(/no-such-config\.yaml: no such file/);
    expect(summary.startsWith('# Earlier step\n')).toBe(true);
    expect(summary).toMatch(/\n## eks-lint could not run\n\nNothing was checked: eks-lint exited with code 2\.\n\n> eks-lint\\: cannot read configuration/);
  });

  it('does not pass off an earlier run\'s SARIF file as this one\'s', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-action-stale-'));
    const stale = join(dir, 'stale.sarif');
    writeFileSync(stale, '{"stale": true}');
    const { result } = runAction({ INPUT_PATHS: 'fixtures/demo', INPUT_SARIF_FILE: stale, INPUT_FAIL_ON: 'critical' });
    expect(result.status).toBe(2);
    expect(readFileSync(stale, 'utf8')).not.toContain('"stale"');
  });

  it('honours the severity threshold', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-action-input-'));
    writeFileSync(join(dir, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n');
    expect(runAction({ INPUT_PATHS: dir, INPUT_FAIL_ON: 'error' }).result.status).toBe(0);
    expect(runAction({ INPUT_PATHS: dir, INPUT_FAIL_ON: 'warning' }).result.status).toBe(1);
  });
});
