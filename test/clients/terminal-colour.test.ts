/**
 * Colour as terminals, pipes and files see it (docs/integrations.md#colour): piped output and
 * --output-file files are plain; --color and FORCE_COLOR colour a pipe; on a real terminal (a
 * pseudo-terminal from util-linux `script`) standard output is coloured while a file stays plain.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { BIN, ROOT, describeWithClient, onPath, run, tempFolder } from './clients.js';

// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b/;
const DEMO = join(ROOT, 'fixtures/demo');
/** Neither variable set: an empty value counts as unset. */
const NEUTRAL = { NO_COLOR: '', FORCE_COLOR: '' };

function piped(args: string[], env: Record<string, string> = {}): string {
  const result = runCli([DEMO, ...args], { env: { ...NEUTRAL, ...env } });
  expect(result.status).toBe(1);
  expect(result.stdout).toMatch(/privileged-container/);
  return result.stdout;
}

describe('colour through a pipe', () => {
  it('writes no escape sequence by default', () => {
    expect(piped([])).not.toMatch(ESCAPE);
    expect(piped([], { NO_COLOR: '1' })).not.toMatch(ESCAPE);
    expect(piped([], { FORCE_COLOR: '0' })).not.toMatch(ESCAPE);
  });

  it('colours with --color or a non-zero FORCE_COLOR, which wins over NO_COLOR', () => {
    expect(piped(['--color'])).toMatch(ESCAPE);
    expect(piped(['--color'], { NO_COLOR: '1', FORCE_COLOR: '0' })).toMatch(ESCAPE);
    expect(piped([], { FORCE_COLOR: '1' })).toMatch(ESCAPE);
    expect(piped([], { FORCE_COLOR: '1', NO_COLOR: '1' })).toMatch(ESCAPE);
    expect(piped(['--no-color'], { FORCE_COLOR: '1' })).not.toMatch(ESCAPE);
  });

  it('keeps --output-file files plain unless --color', () => {
    const dir = tempFolder('colour-file');
    const written = (args: string[], env: Record<string, string> = {}) => {
      const file = join(dir, 'report.txt');
      expect(runCli([DEMO, ...args, '-o', file], { env: { ...NEUTRAL, ...env } }).status).toBe(1);
      const text = readFileSync(file, 'utf8');
      expect(text).toMatch(/privileged-container/);
      return text;
    };
    expect(written([], { FORCE_COLOR: '1' })).not.toMatch(ESCAPE);
    expect(written(['--color'])).toMatch(ESCAPE);
  });
});

describeWithClient('colour on a terminal', onPath('script') ? undefined : 'util-linux `script` is not installed', () => {
  it('colours the terminal but not the file written in the same run', () => {
    const dir = tempFolder('colour-tty');
    const file = join(dir, 'report.txt');
    const command = `'${process.execPath}' '${BIN}' '${DEMO}' --format stylish --format stylish --output-file '${file}'`;
    const result = run('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...NEUTRAL, TERM: 'xterm' } });
    expect(result.stdout).toMatch(/privileged-container/);
    expect(result.stdout).toMatch(ESCAPE);
    expect(readFileSync(file, 'utf8')).toMatch(/privileged-container/);
    expect(readFileSync(file, 'utf8')).not.toMatch(ESCAPE);
  });

  it('honours NO_COLOR on a terminal', () => {
    const command = `'${process.execPath}' '${BIN}' '${DEMO}'`;
    const result = run('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, ...NEUTRAL, TERM: 'xterm', NO_COLOR: '1' } });
    expect(result.stdout).toMatch(/privileged-container/);
    expect(result.stdout).not.toMatch(ESCAPE);
  });
});
