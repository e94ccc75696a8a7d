/**
 * Hostile inputs through the built CLI (`npm run build` first), one process each, with its wall
 * time and peak memory (max RSS, from /usr/bin/time -v when present, else from the process itself):
 * `npm run bench:hardening`. The numbers in SECURITY.md come from here. Inputs are generated in a
 * temporary folder, never committed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'eks-lint.js');
const TIME = '/usr/bin/time';
/** Fallback when /usr/bin/time is missing: the process reports its own peak RSS when it exits. */
const RSS_PRELOAD = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`\\nmaxrss_kb=${process.resourceUsage().maxRSS}\\n`))';

function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

function garbage(bytes: number, seed: number): string {
  const next = random(seed);
  const chars: string[] = [];
  for (let i = 0; i < bytes; i++) {
    const r = next();
    chars.push(r < 0.03 ? '\n' : String.fromCharCode(32 + Math.floor(next() * 95)));
  }
  return chars.join('');
}

const DEPTH = 100_000;
const MB = 1024 * 1024;

/** A Pod of `containers` privileged containers, under `directives` file-wide suppressions of that rule. */
function suppressionMatrix(directives: number, containers: number): string {
  const lines = Array.from({ length: directives }, (_, i) => `# eks-lint-disable privileged-container -- accepted ${i}`);
  lines.push('apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:');
  for (let i = 0; i < containers; i++) lines.push(`  - name: c${i}`, '    image: busybox', '    securityContext:', '      privileged: true');
  return lines.join('\n') + '\n';
}

/** A locals string of `levels` nested `"${"` (HashiCorp's parser accepts 64), beside a cluster. */
function nestedTemplates(levels: number): string {
  const deep = `"${'${"'.repeat(levels)}x${'"}'.repeat(levels)}"`;
  return `locals {\n  deep = ${deep}\n}\n\nresource "aws_eks_cluster" "c" {\n  name     = "c"\n  role_arn = "r"\n  vpc_config {\n    subnet_ids = ["a"]\n  }\n}\n`;
}

/** name → [file name, content] */
const INPUTS: Record<string, () => [string, string]> = {
  'YAML billion laughs (9 levels × 9 aliases)': () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i <= 9; i++) text += `  a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
    return ['bomb.yaml', text];
  },
  'YAML 100k-deep flow nesting': () => ['deep-flow.yaml', '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
  'YAML 100k-deep block nesting (compact "- - -")': () => ['deep-block.yaml', '- '.repeat(DEPTH) + 'x\n'],
  'YAML 10k-deep block map, then 1M blank lines': () => ['deep-blank.yaml', '- '.repeat(10_000) + 'x\n' + '\n'.repeat(1_000_000)],
  'YAML 200,000 keys in one map': () => ['keys.yaml', Array.from({ length: 200_000 }, (_, i) => `k${i}: ${i}`).join('\n')],
  'YAML 1,000,000 documents': () => ['docs.yaml', '---\na: 1\n'.repeat(1_000_000).slice(0, 5 * MB - 1)],
  'JSON 100k-deep arrays': () => ['deep.json', '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
  'JSON 100k-deep objects': () => ['deep-object.json', '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)],
  'Terraform JSON 100k-deep': () => ['deep.tf.json', '{"resource":' + '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH + 1)],
  'HCL 100k-deep tuple': () => ['deep.tf', 'a = ' + '['.repeat(DEPTH) + ']'.repeat(DEPTH) + '\n'],
  'HCL 100k-deep blocks': () => ['deep-blocks.tf', 'a {\n'.repeat(DEPTH) + '}\n'.repeat(DEPTH)],
  'HCL 64 levels of "${" in a locals string, beside a cluster': () => ['templates.tf', nestedTemplates(64)],
  'HCL 10,000 levels of "${" in a locals string, beside a cluster': () => ['templates-10k.tf', nestedTemplates(10_000)],
  'HCL densest valid shape (a list of one-digit numbers), 4.9 MB': () => ['dense.tf', 'a = [' + Array.from({ length: Math.floor((5 * MB - 8) / 2) }, () => '1').join(',') + ']\n'],
  'suppressions 2,000 × 2,000 (directives × privileged containers)': () => ['s2k.yaml', suppressionMatrix(2_000, 2_000)],
  'suppressions 5,000 × 5,000': () => ['s5k.yaml', suppressionMatrix(5_000, 5_000)],
  'suppressions 50,000 × 20,000': () => ['s50k.yaml', suppressionMatrix(50_000, 20_000)],
  'suppressions: 10,000 next-line directives in a row, 2,000 containers': () => {
    const run = Array.from({ length: 10_000 }, (_, i) => `# eks-lint-disable-next-line privileged-container -- accepted, with a long enough reason ${i}`);
    return ['n10k.yaml', `${run.join('\n')}\n${suppressionMatrix(0, 2_000)}`];
  },
  'HCL heredoc of 200,000 lines + syntax error': () => ['heredoc.tf', 'a = <<EOT\n' + '\n'.repeat(200_000) + 'EOT\nb = [\n'],
  'HCL 1 MB random printable text': () => ['garbage-1mb.tf', garbage(MB, 1)],
  'HCL 5 MB random printable text': () => ['garbage-5mb.tf', garbage(5 * MB - 1, 2)],
  'YAML 5 MB random printable text': () => ['garbage-5mb.yaml', garbage(5 * MB - 1, 3)],
  'JSON 5 MB random printable text': () => ['garbage-5mb.json', garbage(5 * MB - 1, 4)],
  'valid Terraform, 4.9 MB (the demo stack repeated)': () => {
    const tf = readFileSync(join(ROOT, 'fixtures', 'demo', 'terraform', 'main.tf'), 'utf8');
    return ['big.tf', tf.repeat(Math.floor((5 * MB - 1) / tf.length))];
  },
  'valid Kubernetes YAML, 4.9 MB (a Deployment repeated)': () => {
    const doc = readFileSync(join(ROOT, 'fixtures', 'privileged-container', 'kubernetes', 'fail-deployment.yaml'), 'utf8');
    return ['big.yaml', `${doc}\n---\n`.repeat(Math.floor((5 * MB - 1) / (doc.length + 5)))];
  },
  'file over the 5 MB limit (6 MB)': () => ['big.yaml', 'a: 1\n'.repeat((6 * MB) / 5)],
};

interface Measure {
  status: number | null;
  seconds: number;
  rssMb: number;
  first: string;
}

/** Runs the CLI with `args` in `cwd`; `pipe` is a shell command whose output is piped into it. */
function measure(args: string[], cwd: string, pipe?: string): Measure {
  const useTime = existsSync(TIME);
  const command = useTime ? TIME : process.execPath;
  const full = useTime ? ['-v', process.execPath, BIN, ...args] : ['--import', RSS_PRELOAD, BIN, ...args];
  const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;
  const [program, programArgs] = pipe === undefined ? [command, full] : ['sh', ['-c', `${pipe} | ${[command, ...full].map(quote).join(' ')}`]];
  const started = performance.now();
  const run = spawnSync(program, programArgs, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 512 * MB });
  const seconds = (performance.now() - started) / 1000;
  const kb = useTime ? /Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1] : /maxrss_kb=(\d+)/.exec(run.stderr)?.[1];
  const exit = useTime ? Number(/Exit status: (\d+)/.exec(run.stderr)?.[1] ?? run.status) : run.status;
  let first = '';
  try {
    const results = JSON.parse(run.stdout) as { messages: { ruleId: string; message: string; line: number }[] }[];
    const message = results.flatMap((r) => r.messages)[0];
    first = message ? `${message.ruleId} line ${message.line}: ${message.message}` : '(no finding)';
  } catch {
    first = `(no JSON: ${run.stdout.slice(0, 80)} ${run.stderr.slice(0, 200)})`;
  }
  return { status: exit, seconds, rssMb: Number(kb ?? 0) / 1024, first };
}

const work = mkdtempSync(join(tmpdir(), 'eks-lint-hardening-'));
try {
  if (!existsSync(join(ROOT, 'dist', 'cli.js'))) throw new Error('run `npm run build` first');
  console.log(`peak memory and time of one CLI run per input (${existsSync(TIME) ? '/usr/bin/time -v' : 'process.resourceUsage'}), node ${process.version}\n`);
  console.log('| input | size | exit | time | max RSS | first finding |');
  console.log('|---|---|---|---|---|---|');
  const only = process.argv[2];
  for (const [name, make] of Object.entries(INPUTS)) {
    if (only && !name.toLowerCase().includes(only.toLowerCase())) continue;
    const [file, content] = make();
    const dir = join(work, file.replace(/\W/g, '-'));
    mkdirSync(dir);
    writeFileSync(join(dir, file), content);
    const m = measure([join(dir, file), '-f', 'json'], dir);
    const size = content.length >= MB ? `${(content.length / MB).toFixed(1)} MB` : `${(content.length / 1024).toFixed(0)} KB`;
    console.log(`| ${name} | ${size} | ${m.status} | ${m.seconds.toFixed(1)} s | ${m.rssMb.toFixed(0)} MB | ${m.first.slice(0, 110).replace(/\|/g, '\\|')} |`);
    rmSync(dir, { recursive: true, force: true });
  }

  if (!only || 'symlinks'.includes(only)) {
    // Each shape of folder link; the two-links shape made the .gitignore search loop until killed.
    const pod = readFileSync(join(ROOT, 'fixtures', 'privileged-container', 'kubernetes', 'fail-deployment.yaml'));
    const shapes: Record<string, (dir: string) => void> = {
      'a link to its own folder': (dir) => symlinkSync('.', join(dir, 'self')),
      'a link to its parent': (dir) => symlinkSync('..', join(dir, 'sub', 'up')),
      'a link to /': (dir) => symlinkSync('/', join(dir, 'root')),
      'two links to the same folder (l4/a, l4/b -> .)': (dir) => {
        symlinkSync('.', join(dir, 'a'));
        symlinkSync('.', join(dir, 'b'));
      },
    };
    for (const [name, make] of Object.entries(shapes)) {
      const dir = join(work, `links-${name.replace(/\W/g, '-')}`);
      mkdirSync(join(dir, 'sub'), { recursive: true });
      writeFileSync(join(dir, 'sub', 'pod.yaml'), pod);
      make(dir);
      const m = measure([dir, '-f', 'json'], dir);
      console.log(`| symbolic links: ${name} | – | ${m.status} | ${m.seconds.toFixed(1)} s | ${m.rssMb.toFixed(0)} MB | ${m.first.slice(0, 110)} |`);
    }
  }

  if (!only || 'stdin'.includes(only)) {
    // 300 MB piped into --stdin: reading stops one byte past the 5 MB limit.
    const m = measure(['--stdin', '--stdin-filename', 'piped.yaml', '-f', 'json'], work, 'head -c 314572800 /dev/zero');
    console.log(`| 300 MB piped into --stdin | 300 MB | ${m.status} | ${m.seconds.toFixed(1)} s | ${m.rssMb.toFixed(0)} MB | ${m.first.slice(0, 110)} |`);
  }

  if (!only || 'folder'.includes(only)) {
    // A folder of 100,000 entries: 99,000 files of no scanned type and 1,000 small manifests.
    const dir = join(work, 'wide');
    mkdirSync(dir);
    const pod = readFileSync(join(ROOT, 'fixtures', 'privileged-container', 'kubernetes', 'fail-deployment.yaml'));
    for (let i = 0; i < 100_000; i++) writeFileSync(join(dir, i % 100 === 0 ? `pod-${i}.yaml` : `note-${i}.txt`), i % 100 === 0 ? pod : '');
    const m = measure([dir, '-f', 'json'], dir);
    console.log(`| folder of 100,000 entries (1,000 manifests) | – | ${m.status} | ${m.seconds.toFixed(1)} s | ${m.rssMb.toFixed(0)} MB | ${m.first.slice(0, 110)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
