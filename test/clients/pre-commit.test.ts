/**
 * The pre-commit hook as pre-commit itself installs and runs it (.pre-commit-hooks.yaml, and the
 * .npmrc that keeps `npm pack`'s standard output to the tarball's name).
 *
 * Which eks-lint is installed: pre-commit installs a hook from a commit of a git repository, never
 * from a working tree. The hook repository here is a clone of this repository at HEAD, so in CI's
 * fresh clone the hook is exactly the commit under test. In a working copy with uncommitted
 * changes (tracked edits, deletions and new files that .gitignore does not exclude), the test
 * commits them in its clone, on top of HEAD, so the hook is the same code as the rest of the suite
 * tests; this repository itself is never written to. Everything pre-commit keeps (its clone of the
 * hook, the hook's node environment) lives under PRE_COMMIT_HOME in the test's temporary folder;
 * npm's download cache is the user's, as it is for every pre-commit user.
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { ROOT, SHOP_DEPLOYMENT, SHOP_NETWORK_POLICY, describeWithClient, mustRun, onPath, run, tempFolder } from './clients.js';

const PRIVILEGED = `${SHOP_DEPLOYMENT}          securityContext:
            privileged: true
`;

function whyNot(): string | undefined {
  if (!onPath('pre-commit')) return 'pre-commit is not installed (apt-get install pre-commit)';
  if (!onPath('git')) return 'git is not installed';
  if (run('git', ['rev-parse', 'HEAD'], { cwd: ROOT }).status !== 0) return 'this copy of eks-lint is not a git checkout, and pre-commit installs hooks from git';
  return undefined;
}

describeWithClient('pre-commit installs and runs the hook', whyNot(), () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  const git = (...args: string[]) => mustRun('git', args, { cwd: work, env });
  /** A commit through the installed git hook: pre-commit's whole transcript and git's status. */
  const commit = (message: string) => {
    const result = run('git', ['commit', '-m', message], { cwd: work, env });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  /** A clone of this repository at HEAD, plus the working tree's uncommitted changes as one commit. */
  function hookRepository(dir: string): string {
    const clone = join(dir, 'eks-lint');
    mustRun('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { cwd: dir, env });
    const changed = mustRun('git', ['ls-files', '--modified', '--others', '--exclude-standard', '-z'], { cwd: ROOT, env }).split('\0').filter(Boolean);
    const deleted = new Set(mustRun('git', ['ls-files', '--deleted', '-z'], { cwd: ROOT, env }).split('\0').filter(Boolean));
    for (const file of changed) {
      if (deleted.has(file)) continue;
      mkdirSync(dirname(join(clone, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(clone, file));
    }
    for (const file of deleted) rmSync(join(clone, file), { force: true });
    mustRun('git', ['add', '--all'], { cwd: clone, env });
    if (mustRun('git', ['status', '--porcelain'], { cwd: clone, env }).trim() !== '') {
      mustRun('git', ['commit', '--quiet', '--no-verify', '-m', 'Uncommitted changes of the working copy under test'], { cwd: clone, env });
    }
    return clone;
  }

  beforeAll(() => {
    const dir = tempFolder('pre-commit');
    env = {
      ...process.env,
      PRE_COMMIT_HOME: join(dir, 'pre-commit-home'),
      GIT_AUTHOR_NAME: 'Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      NO_COLOR: '1',
    };
    for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete env[name];
    const hooks = hookRepository(dir);
    const rev = mustRun('git', ['rev-parse', 'HEAD'], { cwd: hooks, env }).trim();

    work = join(dir, 'infra');
    mkdirSync(join(work, 'k8s'), { recursive: true });
    git('init', '--quiet');
    writeFileSync(join(work, 'k8s/app.yaml'), SHOP_DEPLOYMENT);
    writeFileSync(join(work, 'k8s/network-policy.yaml'), SHOP_NETWORK_POLICY);
    // verbose: show the hook's output on passing runs too, where the namespace warning would be.
    writeFileSync(join(work, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: eks-lint\n        verbose: true\n`);
    mustRun('pre-commit', ['install'], { cwd: work, env });
    const start = Date.now();
    mustRun('pre-commit', ['install-hooks'], { cwd: work, env });
    // A measurement for the record, not an assertion.
    console.info(`pre-commit install-hooks (npm install, npm pack with the build, npm install -g): ${((Date.now() - start) / 1000).toFixed(1)} s`);
    git('add', '--all');
    const first = commit('Deployment and its NetworkPolicy');
    expect(first.status, first.output).toBe(0);
  }, 600_000);

  it('refuses a commit that adds a privileged container, with the finding at its line', () => {
    const head = git('rev-parse', 'HEAD');
    writeFileSync(join(work, 'k8s/app.yaml'), PRIVILEGED);
    git('add', 'k8s/app.yaml');
    const refused = commit('Run the web container privileged');
    const lines = PRIVILEGED.split('\n');
    const line = lines.findIndex((l) => l.includes('privileged: true')) + 1;
    const column = lines[line - 1]!.indexOf('privileged') + 1;
    expect(refused.status, refused.output).not.toBe(0);
    expect(refused.output).toMatch(/eks-lint\.+Failed/);
    expect(refused.output).toMatch(/^ *k8s\/app\.yaml:\d+:\d+$/m);
    expect(refused.output).toMatch(new RegExp(`${line}:${column}\\s+Container 'web' of Deployment shop/web runs privileged\\s+privileged-container`));
    expect(refused.output).not.toMatch(/\x1b\[/);
    expect(git('rev-parse', 'HEAD')).toBe(head);
    git('reset', '--quiet', 'HEAD', '--', 'k8s/app.yaml');
    git('checkout', '--', 'k8s/app.yaml');
  });

  it('passes a clean commit, judging the Deployment with the NetworkPolicy of the untouched file', () => {
    writeFileSync(join(work, 'k8s/app.yaml'), SHOP_DEPLOYMENT.replace('nginx:1.27', 'nginx:1.27.3'));
    git('add', 'k8s/app.yaml');
    const clean = commit('Update nginx');
    expect(clean.status, clean.output).toBe(0);
    expect(clean.output).toMatch(/eks-lint\.+Passed/);
    expect(clean.output).not.toMatch(/namespace-without-network-policy/);
    expect(readFileSync(join(work, 'k8s/app.yaml'), 'utf8')).toContain('nginx:1.27.3');
    expect(git('show', '--name-only', '--format=', 'HEAD').trim()).toBe('k8s/app.yaml');

    // The control: without the NetworkPolicy in the work tree, the same file draws the warning.
    rmSync(join(work, 'k8s/network-policy.yaml'));
    const alone = run('pre-commit', ['run', 'eks-lint', '--files', 'k8s/app.yaml'], { cwd: work, env });
    expect(alone.stdout).toMatch(/namespace-without-network-policy/);
    git('checkout', '--', 'k8s/network-policy.yaml');
  });
});
