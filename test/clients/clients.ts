/**
 * Shared by the client tests: each drives a real tool the way its users do. A test skips, with the
 * reason in its name, only where its client is missing on this machine; `.ci/run` installs every
 * client and sets EKS_LINT_CLIENTS=required, which turns a missing client into a failure instead.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, it } from 'vitest';

export { BIN, ROOT } from '../helpers/run-cli.js';

/** Whether `command` is on the PATH. */
export function onPath(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` for a suite that needs a client: runs it when `missing` is undefined, else skips it
 * with the reason in its name (or fails when EKS_LINT_CLIENTS=required, as in CI).
 */
export function describeWithClient(name: string, missing: string | undefined, suite: () => void): void {
  if (missing === undefined) {
    describe(name, suite);
  } else if (process.env.EKS_LINT_CLIENTS === 'required') {
    describe(name, () => {
      it('has its client installed', () => {
        throw new Error(`${missing} (EKS_LINT_CLIENTS=required)`);
      });
    });
  } else {
    describe.skip(`${name} — skipped: ${missing}`, suite);
  }
}

/** A temporary folder, removed after the test file. */
export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `eks-lint-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, input: options.input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/** Runs a command that must succeed, and returns its standard output. */
export function mustRun(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const result = run(command, args, options);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const require = createRequire(import.meta.url);

/**
 * The SARIF Multitool's native binary, from the devDependency @microsoft/sarif-multitool. Its
 * platform package marks the binary executable in a postinstall script, which npm does not run
 * unless approved, so this does the same chmod. Undefined when the package is not installed.
 */
export function sarifMultitool(): string | undefined {
  let binary: string;
  try {
    binary = join(dirname(require.resolve(`@microsoft/sarif-multitool-${process.platform}/package.json`)), process.platform === 'win32' ? 'Sarif.Multitool.exe' : 'Sarif.Multitool');
    accessSync(binary, constants.R_OK);
  } catch {
    return undefined;
  }
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    chmodSync(binary, 0o755);
  }
  return binary;
}

/** A Deployment in namespace shop, hardened enough to draw no error. */
export const SHOP_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

/** The default-deny NetworkPolicy of namespace shop. */
export const SHOP_NETWORK_POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;
