/**
 * Inert by design: eks-lint reads the files it is given and nothing they point to, opens no socket,
 * starts no process, and evaluates nothing from them. Proven on the built CLI, run in a child
 * process with preloads that forbid (test/helpers/forbid-network.mjs) or record
 * (test/helpers/record-fs.mjs) what it may not do.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import { BIN, ROOT } from './helpers/run-cli.js';

const FORBID_NETWORK = pathToFileURL(join(import.meta.dirname, 'helpers', 'forbid-network.mjs')).href;
const RECORD_FS = pathToFileURL(join(import.meta.dirname, 'helpers', 'record-fs.mjs')).href;

function cli(args: string[], options: { preload?: string; env?: Record<string, string>; cwd?: string } = {}) {
  const run = spawnSync(process.execPath, [...(options.preload ? ['--import', options.preload] : []), BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('no network, no processes', () => {
  it('the preload really forbids sockets, name lookups, fetch and child processes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-inert-'));
    const log = join(dir, 'forbidden.log');
    const probe = [
      "import('node:net').then((net) => net.connect(443, 'example.com'))",
      "import('node:dns').then((dns) => dns.promises.lookup('example.com'))",
      "fetch('https://example.com')",
      "import('node:child_process').then((cp) => cp.execSync('true'))",
      "import('node:https').then((https) => https.get('https://example.com'))",
    ];
    for (const code of probe) {
      const run = spawnSync(process.execPath, ['--import', FORBID_NETWORK, '--input-type=module', '-e', `await ${code}`], {
        env: { ...process.env, EKS_LINT_FORBIDDEN_LOG: log },
        encoding: 'utf8',
      });
      expect(run.status, code).not.toBe(0);
      expect(run.stderr, code).toMatch(/eks-lint must not call/);
    }
    expect(readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(probe.length);
  });

  it('scanning every fixture, in every format, gives the same exit code and output with the network and processes forbidden', () => {
    const dir = mkdtempSync(join(tmpdir(), 'eks-lint-inert-'));
    const log = join(dir, 'forbidden.log');
    writeFileSync(log, '');
    // Every format, and hcl2json (a Terraform file with a syntax error is among the fixtures).
    const formats = ['json', 'sarif', 'github', 'markdown', 'compact', 'junit', 'checkstyle'];
    const args = (out: string) => ['fixtures', ...formats.flatMap((f) => ['-f', f, '-o', join(out, f)]), '-f', 'stylish'];
    const free = join(dir, 'free');
    const boxed = join(dir, 'boxed');
    mkdirSync(free);
    mkdirSync(boxed);
    const normal = cli(args(free));
    const forbidden = cli(args(boxed), { preload: FORBID_NETWORK, env: { EKS_LINT_FORBIDDEN_LOG: log } });
    expect(forbidden.stderr).toBe(normal.stderr);
    expect(normal.status).toBe(1);
    expect(forbidden.status).toBe(normal.status);
    expect(forbidden.stdout).toBe(normal.stdout);
    expect(normal.stdout).toMatch(/parse-error/);
    for (const f of formats) expect(readFileSync(join(boxed, f), 'utf8'), f).toBe(readFileSync(join(free, f), 'utf8'));
    expect(readFileSync(log, 'utf8')).toBe('');
  });
});

describe('Terraform module sources outside the scan and file() paths are never opened', () => {
  function layout() {
    const work = realpathSync(mkdtempSync(join(tmpdir(), 'eks-lint-modules-')));
    const outside = join(work, 'outside');
    const scan = join(work, 'stack', 'envs', 'prod');
    mkdirSync(outside, { recursive: true });
    mkdirSync(scan, { recursive: true });
    // What a module source would bring in, if eks-lint followed it: an insecure cluster.
    writeFileSync(join(outside, 'main.tf'), 'resource "aws_eks_cluster" "hidden" {\n  name = "hidden"\n  endpoint_public_access = true\n}\n');
    writeFileSync(join(outside, 'resources.json'), '["secrets"]');
    writeFileSync(
      join(scan, 'main.tf'),
      [
        'module "relative" {\n  source = "../../../outside"\n}',
        'module "git" {\n  source = "git::https://example.com/modules.git//eks?ref=v1"\n}',
        'module "registry" {\n  source  = "terraform-aws-modules/eks/aws"\n  version = "~> 20.0"\n}',
        `module "absolute" {\n  source = "${outside}"\n}`,
        'module "s3" {\n  source = "s3::https://s3.amazonaws.com/bucket/eks.zip"\n}',
        'resource "aws_eks_cluster" "main" {',
        '  name     = "main"',
        '  role_arn = "arn:aws:iam::123456789012:role/eks"',
        `  enabled_cluster_log_types = jsondecode(file("${join(outside, 'resources.json')}"))`,
        '  encryption_config {',
        '    resources = jsondecode(file("../../../outside/resources.json"))',
        '    provider { key_arn = templatefile("${path.module}/../../../outside/key.tpl", {}) }',
        '  }',
        '  vpc_config {',
        '    subnet_ids              = ["subnet-1"]',
        '    endpoint_public_access  = false',
        '    endpoint_private_access = true',
        '  }',
        '  access_config { authentication_mode = "API" }',
        '}',
        '',
      ].join('\n'),
    );
    return { work, outside, scan };
  }

  it('reads no path under a module source or a file() argument, and judges file() values as unknown', () => {
    const { work, outside, scan } = layout();
    const log = join(work, 'fs.log');
    writeFileSync(log, '');
    const run = cli([scan, '-f', 'json'], { preload: RECORD_FS, env: { EKS_LINT_FS_LOG: log }, cwd: scan });
    expect(run.stderr).toBe('');
    const touched = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    // The scanned file was read (so the log works), nothing of the outside folder was even stat'ed.
    expect(touched).toContain(join(scan, 'main.tf'));
    expect(touched.filter((p) => p.startsWith(outside) || p.includes('outside'))).toEqual([]);
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string }[] }[];
    expect(results.map((r) => relative(work, r.filePath))).toEqual([join('stack', 'envs', 'prod', 'main.tf')]);
    // Log types and encryption come from file(): unknown, so neither rule fires; nothing is hidden,
    // and the local, git and S3 sources that were not followed are named in notes. The registry module
    // is judged from its call alone: v20's default log types leave out controllerManager and scheduler.
    expect(results[0]?.messages.map((m) => [m.ruleId, (m as { line?: number }).line])).toEqual([
      ['skipped-file', 2],
      ['skipped-file', 5],
      // Neither cluster installs a managed vpc-cni; the plain one has no OIDC provider either.
      ['eks-control-plane-logs-incomplete', 7],
      ['eks-vpc-cni-addon-missing', 7],
      ['skipped-file', 15],
      ['eks-pod-identity-missing', 17],
      ['eks-vpc-cni-addon-missing', 17],
    ]);
  });

  it('in-process too: lint() of the folder reports nothing from the module sources', async () => {
    const { scan, outside } = layout();
    const report = await lint([scan]);
    expect(report.files).toEqual([join(scan, 'main.tf')]);
    expect(report.findings.filter((f) => f.file.startsWith(outside))).toEqual([]);
  });
});

/** Source files of eks-lint itself, with their text. */
function sources(): [string, string][] {
  const dir = join(ROOT, 'src');
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [join('src', f), readFileSync(join(dir, f), 'utf8')]);
}

describe('nothing from a scanned file can reach a shell, eval, new Function, require or import()', () => {
  /** Every dynamic import and require in src/, each with a fixed string: nothing computed. */
  const ALLOWED_DYNAMIC = [
    "src/parse/hcl.ts: import('web-tree-sitter')",
    "src/parse/hcl.ts: createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')",
    "src/parse/hcl-diagnostics.ts: createRequire(import.meta.url)('@cdktf/hcl2json')",
    "src/parse/cfn-tags.ts: createRequire(import.meta.url)('cloudformation-js-yaml-schema/tags.json')",
  ];

  it('src/ has no eval, Function constructor, vm, child_process, network module or timer with code', () => {
    const forbidden = [
      /\beval\s*\(/,
      /\bnew\s+Function\b/,
      /(?<![.\w])Function\s*\(/,
      /['"](?:node:)?(?:vm|child_process|net|tls|http|https|http2|dns|dgram|worker_threads|cluster|inspector)['"]/,
      /\bset(?:Timeout|Interval|Immediate)\s*\(\s*['"`]/,
      /\bprocess\.binding\b|\bprocess\.dlopen\b/,
      /\bfetch\s*\(/,
    ];
    const hits = sources().flatMap(([file, text]) => forbidden.filter((re) => re.test(text)).map((re) => `${file}: ${String(re)}`));
    expect(hits).toEqual([]);
  });

  it('every dynamic import and require loads a fixed, allow-listed module', () => {
    const found = sources().flatMap(([file, text]) =>
      [...text.matchAll(/\bimport\s*\([^)]*\)|createRequire\([^)]*\)(?:\.resolve)?\([^)]*\)|(?<![.\w])require\s*\([^)]*\)/g)].map((m) => `${file}: ${m[0]}`),
    );
    // Lazy imports of eks-lint's own modules (formatters, parsers) name a literal relative path to
    // a source file that exists: fixed by construction. Everything else must be on the list.
    const isOwnModule = (entry: string) => {
      const match = /^(src\/\S+): import\('(\.\.?\/[\w/.-]+)\.js'\)$/.exec(entry);
      return match !== null && existsSync(join(ROOT, dirname(match[1]!), `${match[2]}.ts`));
    };
    expect(found.filter(isOwnModule).length).toBeGreaterThan(0);
    expect(found.filter((entry) => !isOwnModule(entry)).sort()).toEqual([...ALLOWED_DYNAMIC].sort());
  });

  it("@cdktf/hcl2json's JavaScript glue has no eval or Function constructor either (its Go runtime gets require and fs)", () => {
    const dir = join(ROOT, 'node_modules', '@cdktf', 'hcl2json');
    const files = [...readdirSync(join(dir, 'lib')).map((f) => join('lib', f)), ...readdirSync(join(dir, 'wasm')).map((f) => join('wasm', f))].filter((f) =>
      f.endsWith('.js'),
    );
    expect(files.length).toBeGreaterThan(3);
    const hits = files.filter((f) => /\beval\s*\(|\bnew\s+Function\b|(?<![.\w])Function\s*\(/.test(readFileSync(join(dir, f), 'utf8')));
    expect(hits).toEqual([]);
    // Documented in SECURITY.md: the Go wasm glue exposes `require` and `fs` on globalThis for the Go runtime.
    expect(readFileSync(join(dir, 'wasm', 'bridge_wasm_exec.js'), 'utf8')).toMatch(/globalThis\.require = require/);
  });
});
