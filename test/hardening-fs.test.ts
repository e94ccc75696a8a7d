/**
 * The file system as it is: symbolic link loops, files that cannot be read or vanish during the
 * scan, FIFOs, huge folders, names with spaces, Unicode or control characters, text that is not
 * UTF-8. Each is a clear finding (or a clear skip), and never the end of the scan or a hang.
 *
 * Tests run as root here, so a chmod 000 file is still readable: permission errors are simulated by
 * failing node:fs/promises calls for chosen paths (and tested for real when not root).
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as FsPromises from 'node:fs/promises';
import { describe, expect, it, vi } from 'vitest';
import { discover } from '../src/discover/discover.js';
import { lint } from '../src/lint.js';
import { PARSE_ERROR } from '../src/model/finding.js';
import type { LintResult } from '../src/report/eslint-results.js';
import { runCli } from './helpers/run-cli.js';
import { rulesOnly } from './helpers/rules.js';

// The rules these inputs exercise; the catalogue's others would add findings that say nothing here.
const THESE_RULES = rulesOnly('privileged-container', 'namespace-without-network-policy');

/** path → errno code that node:fs/promises stat/open fail with for it. */
const failures = vi.hoisted(() => new Map<string, string>());

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof FsPromises>();
  const fail = (path: unknown) => {
    const code = failures.get(String(path));
    if (code) throw Object.assign(new Error(`${code}: simulated`), { code });
  };
  return {
    ...actual,
    stat: (path: string, ...rest: []) => (fail(path), actual.stat(path, ...rest)),
    open: (path: string, ...rest: []) => (fail(path), actual.open(path, ...rest)),
  };
});

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: busybox, securityContext: {privileged: true}}]}\n';

function folder(): string {
  return realpathSync(mkdtempSync(join(tmpdir(), 'eks-lint-fs-')));
}

function messagesOf(report: Awaited<ReturnType<typeof lint>>, file: string): string[] {
  return report.findings.filter((f) => f.file === file).map((f) => `${f.ruleId}: ${f.message}`);
}

describe('files that cannot be read', () => {
  it('reports a permission error for the file and scans the others', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'secret.yaml'), POD);
    writeFileSync(join(dir, 'pod.yaml'), POD);
    failures.set(join(dir, 'secret.yaml'), 'EACCES');
    const report = await lint([dir], { rules: THESE_RULES });
    failures.clear();
    expect(messagesOf(report, join(dir, 'secret.yaml'))).toEqual([`${PARSE_ERROR}: Cannot read file: permission denied (EACCES)`]);
    expect(messagesOf(report, join(dir, 'pod.yaml'))).toEqual([expect.stringMatching(/^privileged-container/)]);
  });

  it.skipIf(process.getuid?.() === 0)('reports a chmod 000 file as unreadable (not as root)', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'secret.yaml'), POD);
    chmodSync(join(dir, 'secret.yaml'), 0o000);
    const report = await lint([dir], { rules: THESE_RULES });
    expect(messagesOf(report, join(dir, 'secret.yaml'))).toEqual([`${PARSE_ERROR}: Cannot read file: permission denied (EACCES)`]);
  });

  it('reports a file that vanished between discovery and reading', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'gone.yaml'), POD);
    writeFileSync(join(dir, 'pod.yaml'), POD);
    failures.set(join(dir, 'gone.yaml'), 'ENOENT');
    const report = await lint([dir], { rules: THESE_RULES });
    failures.clear();
    expect(report.files).toContain(join(dir, 'gone.yaml'));
    expect(messagesOf(report, join(dir, 'gone.yaml'))).toEqual([`${PARSE_ERROR}: Cannot read file: it no longer exists (deleted while eks-lint ran?) (ENOENT)`]);
    expect(messagesOf(report, join(dir, 'pod.yaml'))).toHaveLength(1);
  });

  it('does not open a FIFO (it would wait for a writer forever), even when named explicitly', async () => {
    const dir = folder();
    const fifo = join(dir, 'pipe.yaml');
    const made = spawnSync('mkfifo', [fifo]);
    if (made.error || made.status !== 0) return; // no mkfifo here
    expect((await discover([dir])).files).toEqual([]);
    const report = await lint([fifo], { rules: THESE_RULES });
    expect(messagesOf(report, fifo)).toEqual([`${PARSE_ERROR}: Cannot read file: not a regular file (a FIFO, socket or device)`]);
  });
});

describe('symbolic links', () => {
  function links() {
    const dir = folder();
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'pod.yaml'), POD);
    symlinkSync('.', join(dir, 'loop'));
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    symlinkSync('sub/pod.yaml', join(dir, 'link.yaml'));
    symlinkSync('/nonexistent/eks-lint', join(dir, 'dangling.yaml'));
    return dir;
  }

  it('are not followed inside a scanned folder: loops end, every real file is read once', async () => {
    const dir = links();
    expect((await discover([dir])).files).toEqual([join(dir, 'sub', 'pod.yaml')]);
    const report = await lint([dir], { rules: THESE_RULES });
    expect(report.findings.map((f) => f.ruleId)).toEqual(['privileged-container']);
  });

  it('named on the command line, are followed; a loop or a broken link is a finding that says so', async () => {
    const dir = links();
    const report = await lint([join(dir, 'link.yaml'), join(dir, 'a.yaml'), join(dir, 'dangling.yaml'), join(dir, 'loop')], { rules: THESE_RULES });
    expect(report.missing).toEqual([]);
    expect(messagesOf(report, join(dir, 'link.yaml'))).toEqual([expect.stringMatching(/^privileged-container/)]);
    expect(messagesOf(report, join(dir, 'a.yaml'))).toEqual([`${PARSE_ERROR}: Cannot read file: too many levels of symbolic links (ELOOP)`]);
    expect(messagesOf(report, join(dir, 'dangling.yaml'))).toEqual([`${PARSE_ERROR}: Cannot read file: it is a broken symbolic link (ENOENT)`]);
    // A folder link named explicitly is scanned through, without following the loop inside it.
    expect(messagesOf(report, join(dir, 'loop', 'sub', 'pod.yaml'))).toHaveLength(1);
  });
});

describe('symbolic links to folders, in every shape, are not followed by any walk', () => {
  // Each shape made the `.gitignore` search (a second walk beside the file walk) loop or leave the tree.
  const shapes: Record<string, (dir: string) => void> = {
    'to itself': (dir) => symlinkSync('.', join(dir, 'self')),
    'to its parent': (dir) => symlinkSync('..', join(dir, 'sub', 'up')),
    'to the file system root': (dir) => symlinkSync('/', join(dir, 'root')),
    'two links to the same folder': (dir) => {
      symlinkSync('.', join(dir, 'a'));
      symlinkSync('.', join(dir, 'b'));
      symlinkSync('..', join(dir, 'sub', 'c'));
      symlinkSync('..', join(dir, 'sub', 'd'));
    },
  };

  for (const [shape, make] of Object.entries(shapes)) {
    it(`a link ${shape}: the scan ends and reads each real file once`, async () => {
      const dir = folder();
      mkdirSync(join(dir, 'sub'));
      writeFileSync(join(dir, 'sub', 'pod.yaml'), POD);
      writeFileSync(join(dir, '.gitignore'), 'ignored/\n');
      make(dir);
      expect((await discover([dir])).files).toEqual([join(dir, 'sub', 'pod.yaml')]);
      const report = await lint([dir], { rules: THESE_RULES });
      expect(report.findings.map((f) => `${f.file}:${f.range.line} ${f.ruleId}`)).toEqual([`${join(dir, 'sub', 'pod.yaml')}:4 privileged-container`]);
      rmSync(dir, { recursive: true, force: true });
    });
  }

  it('a .gitignore that is a link is not read (git does not follow it either)', async () => {
    const dir = folder();
    mkdirSync(join(dir, 'outside'));
    mkdirSync(join(dir, 'repo'));
    writeFileSync(join(dir, 'outside', 'rules'), 'pod.yaml\n');
    writeFileSync(join(dir, 'repo', 'pod.yaml'), POD);
    symlinkSync('../outside/rules', join(dir, 'repo', '.gitignore'));
    expect((await discover([join(dir, 'repo')])).files).toEqual([join(dir, 'repo', 'pod.yaml')]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('large folders and unusual names', () => {
  // 100,000 entries are measured by `npm run bench:hardening` (2.1 s, 165 MB); 20,000 keep this test quick.
  it('scans a folder of 20,000 entries', async () => {
    const dir = folder();
    for (let i = 0; i < 20_000; i++) writeFileSync(join(dir, i % 200 === 0 ? `pod-${i}.yaml` : `notes-${i}.txt`), i % 200 === 0 ? POD : '');
    const report = await lint([dir], { rules: THESE_RULES });
    expect(report.files).toHaveLength(100);
    expect(report.findings.filter((f) => f.ruleId === 'privileged-container')).toHaveLength(100);
    rmSync(dir, { recursive: true, force: true });
  });

  it('handles spaces, Unicode and control characters in paths, in every format', () => {
    const root = folder();
    const dir = join(root, 'my stacks', 'プロダクション ünï');
    mkdirSync(dir, { recursive: true });
    const name = 'pod (copy) \u001b[31mred\u202e.yaml';
    writeFileSync(join(dir, name), POD);
    const json = runCli([root, '-f', 'json']);
    expect(json.status).toBe(1);
    expect((JSON.parse(json.stdout) as LintResult[]).map((r) => r.filePath)).toEqual([join(dir, name)]);
    const sarif = JSON.parse(runCli(['.', '-f', 'sarif'], { cwd: root }).stdout) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
    const uri = sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    expect(decodeURIComponent(uri)).toBe(join('my stacks', 'プロダクション ünï', name));
    expect(uri).not.toMatch(/[\s\u001b]/);
    for (const format of ['stylish', 'compact', 'github', 'markdown']) {
      const out = runCli([root, '-f', format]).stdout;
      expect(out, format).toMatch(/プロダクション/);
      expect(out, format).not.toMatch(/[\u001b\u202e]/);
      expect(out, format).toMatch(/\\x1b\[31mred\\u202e/);
    }
  });
});

describe('text that is not UTF-8', () => {
  it('names the encoding problem and where it is', async () => {
    const dir = folder();
    writeFileSync(join(dir, 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod\n', 'utf16le')]));
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.concat([Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: caf'), Buffer.from([0xe9]), Buffer.from('}\n')]));
    const report = await lint([dir], { rules: THESE_RULES });
    expect(messagesOf(report, join(dir, 'utf16.yaml'))).toEqual([`${PARSE_ERROR}: File is UTF-16 (or UTF-32) text; eks-lint reads UTF-8 only: save it as UTF-8`]);
    const latin1 = report.findings.find((f) => f.file === join(dir, 'latin1.yaml'));
    expect(latin1).toMatchObject({ message: 'File is not valid UTF-8 text', range: { line: 3, column: 21 } });
    expect(readFileSync(join(dir, 'latin1.yaml'), 'latin1').split('\n')[2]?.indexOf('é')).toBe(20);
  });
});
