import { describe, expect, it } from 'vitest';
import { stripTerminalCodes, useColor } from '../src/report/color.js';

describe('colour decision (ESLint and chalk conventions)', () => {
  const tty = { stdoutIsTTY: true, env: { TERM: 'xterm' } };
  const pipe = { stdoutIsTTY: false, env: {} };

  it('colours a terminal and nothing else by default', () => {
    expect(useColor(undefined, tty)).toBe(true);
    expect(useColor(undefined, pipe)).toBe(false);
    expect(useColor(undefined, { stdoutIsTTY: true, env: { TERM: 'dumb' } })).toBe(false);
  });

  it('lets --color and --no-color decide over the environment', () => {
    expect(useColor(true, { ...pipe, env: { NO_COLOR: '1', FORCE_COLOR: '0' } })).toBe(true);
    expect(useColor(false, { ...tty, env: { FORCE_COLOR: '1' } })).toBe(false);
  });

  it('reads FORCE_COLOR as chalk does, before NO_COLOR', () => {
    for (const value of ['1', '2', '3', 'true']) expect(useColor(undefined, { ...pipe, env: { FORCE_COLOR: value } }), value).toBe(true);
    for (const value of ['0', 'false']) expect(useColor(undefined, { ...tty, env: { FORCE_COLOR: value } }), value).toBe(false);
    expect(useColor(undefined, { ...pipe, env: { FORCE_COLOR: '1', NO_COLOR: '1' } })).toBe(true);
    // An empty value is unset (force-color.org), like an empty NO_COLOR.
    expect(useColor(undefined, { ...pipe, env: { FORCE_COLOR: '' } })).toBe(false);
    expect(useColor(undefined, { ...tty, env: { FORCE_COLOR: '', NO_COLOR: '1' } })).toBe(false);
  });

  it('turns colour off with any non-empty NO_COLOR', () => {
    expect(useColor(undefined, { ...tty, env: { NO_COLOR: '0' } })).toBe(false);
    expect(useColor(undefined, { ...tty, env: { NO_COLOR: '' } })).toBe(true);
  });

  it('keeps files plain unless --color asks', () => {
    expect(useColor(undefined, { ...tty, toFile: true })).toBe(false);
    expect(useColor(undefined, { ...pipe, env: { FORCE_COLOR: '1' }, toFile: true })).toBe(false);
    expect(useColor(true, { ...pipe, toFile: true })).toBe(true);
  });

  it('strips colour codes and hyperlinks but keeps their text', () => {
    expect(stripTerminalCodes('\x1b[33m⚠\x1b[39m \x1b]8;;https://example.com\x07rule-id\x1b]8;;\x07')).toBe('⚠ rule-id');
  });
});
