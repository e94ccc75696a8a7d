import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfiguredFileError, readConfiguredFile } from '../src/config/configured-file.js';
import { writeTree } from './helpers/temp-tree.js';

const LIMIT = { maxBytes: 1000 };

function reasonOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfiguredFileError);
    return (error as ConfiguredFileError).reason;
  }
  throw new Error('expected the read to fail');
}

describe('reading a file named by untrusted configuration', () => {
  it('reads a regular file inside the repository, also through a link that stays inside', () => {
    const repo = writeTree({ 'conf/baseline.json': '{}' });
    symlinkSync(join(repo, 'conf/baseline.json'), join(repo, 'link.json'));
    expect(readConfiguredFile(join(repo, 'conf/baseline.json'), { ...LIMIT, root: repo })).toBe('{}');
    expect(readConfiguredFile(join(repo, 'link.json'), { ...LIMIT, root: repo })).toBe('{}');
  });

  it('refuses paths outside the repository, as written or through a link', () => {
    const outside = writeTree({ 'secret.txt': 'TOKEN=1' });
    const repo = writeTree({ 'a.txt': 'x' });
    symlinkSync(join(outside, 'secret.txt'), join(repo, 'innocent.json'));
    mkdirSync(join(repo, 'sub'));
    symlinkSync(outside, join(repo, 'sub', 'dir'));
    expect(reasonOf(() => readConfiguredFile(join(outside, 'secret.txt'), { ...LIMIT, root: repo }))).toMatch(/^is outside the repository/);
    expect(reasonOf(() => readConfiguredFile(join(repo, '..', 'x'), { ...LIMIT, root: repo }))).toMatch(/^is outside the repository/);
    expect(reasonOf(() => readConfiguredFile(join(repo, 'innocent.json'), { ...LIMIT, root: repo }))).toMatch(/^is a symbolic link to .*secret\.txt, outside the repository/);
    expect(reasonOf(() => readConfiguredFile(join(repo, 'sub/dir/secret.txt'), { ...LIMIT, root: repo }))).toMatch(/outside the repository/);
    expect(reasonOf(() => readConfiguredFile('/proc/self/environ', { ...LIMIT, root: repo }))).toMatch(/^is outside the repository/);
  });

  it('opens regular files only: folders, devices and FIFOs are refused without waiting', () => {
    const repo = writeTree({});
    expect(reasonOf(() => readConfiguredFile(repo, LIMIT))).toBe('is a folder, not a file');
    expect(reasonOf(() => readConfiguredFile('/dev/zero', LIMIT))).toBe('is not a regular file (a FIFO, socket or device)');
    expect(reasonOf(() => readConfiguredFile('/dev/stdin', LIMIT))).toMatch(/not a regular file|no such file|ENXIO|ENOENT/);
    const fifo = join(repo, 'fifo');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.error || made.status !== 0) return; // no mkfifo here
    expect(reasonOf(() => readConfiguredFile(fifo, LIMIT))).toBe('is not a regular file (a FIFO, socket or device)');
  });

  it('reads at most the limit, also from files that claim to be empty', () => {
    const repo = writeTree({ 'big.json': 'x'.repeat(1001), 'ok.json': 'x'.repeat(1000) });
    expect(reasonOf(() => readConfiguredFile(join(repo, 'big.json'), LIMIT))).toBe('is 1001 bytes, over the limit of 1000 bytes');
    expect(readConfiguredFile(join(repo, 'ok.json'), LIMIT)).toHaveLength(1000);
    // A sparse 3 GB file is refused by its size, without being read.
    const sparse = join(repo, 'sparse.json');
    writeFileSync(sparse, '');
    truncateSync(sparse, 3 * 1024 ** 3);
    expect(reasonOf(() => readConfiguredFile(sparse, LIMIT))).toMatch(/over the limit/);
    // /proc files report size 0: they are read up to the limit, then refused or decoded.
    expect(() => readConfiguredFile('/proc/self/status', { maxBytes: 10 })).toThrow(/over the limit of 10 bytes/);
  });

  it('says a missing file, binary content or invalid UTF-8, never the content', () => {
    const repo = writeTree({ 'bin.json': new Uint8Array([0x7b, 0, 0x7d]), 'latin1.json': new Uint8Array([0x22, 0xe9, 0x22]) });
    expect(reasonOf(() => readConfiguredFile(join(repo, 'nope.json'), LIMIT))).toBe('no such file (ENOENT)');
    expect(reasonOf(() => readConfiguredFile(join(repo, 'nope.json'), { ...LIMIT, root: repo }))).toBe('no such file (ENOENT)');
    expect(reasonOf(() => readConfiguredFile(join(repo, 'bin.json'), LIMIT))).toBe('is not text (it contains NUL bytes)');
    expect(reasonOf(() => readConfiguredFile(join(repo, 'latin1.json'), LIMIT))).toBe('is not UTF-8 text');
  });
});
