/**
 * The package as npm publishes it, installed the way the README's `npx eks-lint ./infra` reaches
 * users: `npm pack`, then the tarball installed into an empty project (its dependencies come from
 * the registry or npm's cache), then `npx eks-lint` there.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { ROOT, describeWithClient, mustRun, onPath, run, tempFolder } from './clients.js';

describeWithClient('the published package', onPath('npm') && onPath('npx') ? undefined : 'npm is not on the PATH', () => {
  it('installs from its tarball and finds the demo findings with npx eks-lint ./infra', () => {
    const dir = tempFolder('package');
    const packs = join(dir, 'packs');
    const project = join(dir, 'project');
    mkdirSync(packs);
    mkdirSync(project);
    // dist/ is already built (npm test's pretest); --ignore-scripts keeps npm pack from rebuilding
    // it while other tests run the CLI from it. pre-commit's test packs with the build.
    const [packed] = JSON.parse(mustRun('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packs], { cwd: ROOT })) as { filename: string; files: { path: string }[] }[];
    expect(packed!.files.map((f) => f.path)).toEqual(expect.arrayContaining(['bin/eks-lint.js', 'dist/cli.js', 'dist/cli-fast-path.js', 'rules/privileged-container.yaml']));
    expect(packed!.files.some((f) => f.path.startsWith('test/') || f.path.startsWith('src/report/') && f.path.endsWith('.ts'))).toBe(false);

    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'infra-repo', version: '1.0.0', private: true }));
    mustRun('npm', ['install', '--no-audit', '--no-fund', join(packs, packed!.filename)], { cwd: project });
    cpSync(join(ROOT, 'fixtures/demo'), join(project, 'infra'), { recursive: true });

    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' };
    const stylish = run('npx', ['--no', 'eks-lint', './infra'], { cwd: project, env });
    expect(stylish.stderr).not.toMatch(/error/i);
    expect(stylish.status).toBe(1);
    expect(stylish.stdout).toMatch(/infra\/k8s\/.*\.yaml:\d+:\d+/);
    expect(stylish.stdout).toMatch(/privileged-container/);
    // The installed package finds exactly what this checkout finds in the same folder.
    const installed = run('npx', ['--no', 'eks-lint', './infra', '--format', 'compact'], { cwd: project, env });
    const checkout = runCli(['./infra', '--format', 'compact'], { cwd: project });
    expect(installed.status).toBe(1);
    expect(installed.stdout).toBe(checkout.stdout);
    expect(installed.stdout.trim().split('\n').length).toBeGreaterThan(5);
    expect(mustRun('npx', ['--no', '--', 'eks-lint', '--version'], { cwd: project, env }).trim()).toBe(runCli(['--version']).stdout.trim());
  }, 300_000);
});
