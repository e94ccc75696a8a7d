/**
 * Bounds on what one input can cost: file size, YAML aliases, documents, nesting, and the input
 * shapes measured to make a parser superlinear (SECURITY.md). Each hostile input must end as a
 * positioned finding, quickly, with the rest of the scan unaffected.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../src/analyze.js';
import { exitCodeFor } from '../src/exit-code.js';
import { lint } from '../src/lint.js';
import { ANALYSIS_LIMIT, FILE_TOO_LARGE, PARSE_ERROR } from '../src/model/finding.js';
import type { PMap } from '../src/model/tree.js';
import { HCL_BASE_CALLS, HCL_CALLS_PER_KB, HCL_ERROR_CALLS, HclParseBudget, MAX_HCL_TREE_NODES, tooManyNodes } from '../src/parse/hcl-budget.js';
import { MAX_HCL_NESTING } from '../src/parse/hcl-prescan.js';
import { MAX_DIAGNOSTIC_CHARS, MAX_DIAGNOSTIC_LINES, hclDiagnostic } from '../src/parse/hcl-diagnostics.js';
import { terraformJsonToBody } from '../src/parse/terraform-json.js';
import { MAX_DOCUMENTS, MAX_ERRORS, parseYaml } from '../src/parse/yaml.js';
import { MAX_CLOSE_WORK, scanYamlShape } from '../src/parse/yaml-guard.js';
import { MAX_ALIAS_NODES, MAX_DEPTH } from '../src/parse/yaml-tree.js';
import { DEFAULT_MAX_FILE_SIZE } from '../src/read-source.js';
import { readAtMost } from '../src/read-stream.js';
import { runCli } from './helpers/run-cli.js';
import { rulesOnly } from './helpers/rules.js';

// The rules these inputs exercise; the catalogue's others would add findings that say nothing here.
const THESE_RULES = rulesOnly('privileged-container', 'namespace-without-network-policy');

const PRIVILEGED_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: busybox, securityContext: {privileged: true}}]}\n';

function folder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), 'eks-lint-bounds-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

async function analyze(name: string, text: string) {
  const started = performance.now();
  const result = await analyzeFile(name, new TextEncoder().encode(text));
  return { ...result, ms: performance.now() - started };
}

describe('file size limit', () => {
  it('skips a file over maxFileSize with a warning, and scans the others', async () => {
    const dir = folder({ 'big.yaml': PRIVILEGED_POD.repeat(10), 'pod.yaml': PRIVILEGED_POD });
    const report = await lint([dir], { rules: THESE_RULES, maxFileSize: 1000 });
    const big = report.findings.filter((f) => f.file === join(dir, 'big.yaml'));
    expect(big).toEqual([
      expect.objectContaining({ ruleId: FILE_TOO_LARGE, severity: 'warning', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }),
    ]);
    expect(big[0]?.message).toMatch(/it is 1\.3 KB \(1300 bytes\), over the 1\.0 KB \(1000 bytes\) limit; raise maxFileSize/);
    expect(report.findings.filter((f) => f.file === join(dir, 'pod.yaml')).map((f) => f.ruleId)).toEqual(['privileged-container']);
    // A warning: on its own it does not fail the run (unless --max-warnings or failOn say so).
    expect(exitCodeFor(big, { failOn: 'error' })).toBe(0);
    expect(exitCodeFor(big, { failOn: 'warning' })).toBe(1);
  });

  it('has a 5 MB default, and applies it to content given on stdin too', async () => {
    expect(DEFAULT_MAX_FILE_SIZE).toBe(5 * 1024 * 1024);
    const dir = folder({ 'huge.yaml': 'a: 1\n'.repeat(DEFAULT_MAX_FILE_SIZE / 5 + 1) });
    const report = await lint([dir], { rules: THESE_RULES });
    expect(report.findings.map((f) => f.ruleId)).toEqual([FILE_TOO_LARGE]);
    const stdin = join(dir, 'stdin.yaml');
    const fromStdin = await lint([stdin], { rules: THESE_RULES, sources: { [stdin]: new TextEncoder().encode(PRIVILEGED_POD) }, maxFileSize: 10 });
    expect(fromStdin.findings.map((f) => f.ruleId)).toEqual([FILE_TOO_LARGE]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('standard input', () => {
  it('is read only to one byte past the size limit, however much is piped', async () => {
    let pulled = 0;
    function* endless() {
      for (;;) {
        pulled++;
        yield new Uint8Array(64 * 1024).fill(0x61);
      }
    }
    const limit = 1024 * 1024;
    const bytes = await readAtMost(endless(), limit);
    expect(bytes.length).toBe(limit + 1);
    expect(pulled).toBe(17);
    const short = await readAtMost([Buffer.from('kind: '), 'Pod\n'], limit);
    expect(new TextDecoder().decode(short)).toBe('kind: Pod\n');
  });

  it('over the limit is a file-too-large warning, from the command line too', () => {
    const dir = folder({ '.eks-lint.yaml': 'maxFileSize: 1000\n' });
    const run = runCli(['--stdin', '--stdin-filename', 'pod.yaml', '-f', 'compact'], { cwd: dir, input: PRIVILEGED_POD.repeat(100) });
    expect(run.stdout).toMatch(/^pod\.yaml:1:1: warning File not analysed: it is larger than the 1\.0 KB \(1000 bytes\) limit/);
    expect(run.status).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('YAML bounds', () => {
  it('stops a billion-laughs alias expansion at the node budget, quickly', async () => {
    let text = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\ndata:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i <= 9; i++) text += `  a${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const { problems, ms } = await analyze('bomb.yaml', text);
    expect(problems).toEqual([expect.objectContaining({ ruleId: PARSE_ERROR, message: expect.stringContaining(`Alias expansion exceeds ${MAX_ALIAS_NODES}`) as string })]);
    expect(problems[0]?.range.line).toBeGreaterThan(5);
    expect(ms).toBeLessThan(5000);
  });

  it(`reads at most ${MAX_DOCUMENTS} documents of a file, and says where it stopped`, () => {
    const doc = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n---\n';
    const { documents, problems } = parseYaml(doc.repeat(MAX_DOCUMENTS + 5));
    expect(documents).toHaveLength(MAX_DOCUMENTS);
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining(`More than ${MAX_DOCUMENTS} documents`) as string })]);
    // The document begins at its `---` line.
    expect(problems[0]?.range.line).toBe(4 * MAX_DOCUMENTS);
  });

  it('reports a limit hit even in a file of no supported format: what was not read could have been one', async () => {
    const hidden = `${'name: filler\n---\n'.repeat(MAX_DOCUMENTS)}${PRIVILEGED_POD}`;
    const { problems } = await analyze('values.yaml', hidden);
    expect(problems.map((p) => p.message)).toEqual([expect.stringContaining(`More than ${MAX_DOCUMENTS} documents`) as string]);
    const bomb = `name: filler\n---\n${PRIVILEGED_POD}a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 6 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(', ')}]\n`).join('')}`;
    expect((await analyze('values.yaml', bomb)).problems.map((p) => p.message)).toEqual([expect.stringContaining('Alias expansion exceeds') as string]);
    // A plain syntax error in such a file stays unreported, as before.
    expect((await analyze('values.yaml', 'name: filler\n---\nkind: [\n')).problems).toEqual([]);
  });

  it('refuses nesting deeper than the limit in flow and block style, with the same message whatever the stack', () => {
    const deep = [
      '['.repeat(100_000) + ']'.repeat(100_000),
      '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000),
      '- '.repeat(100_000) + 'x\n',
      Array.from({ length: MAX_DEPTH + 10 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') + ' 1\n',
    ];
    for (const text of deep) {
      expect(parseYaml(text).problems).toEqual([expect.objectContaining({ message: `Nesting deeper than ${MAX_DEPTH} levels: this file is not analysed` })]);
    }
    // Just under the limit is read, without the parser running out of stack.
    const ok = parseYaml('['.repeat(MAX_DEPTH - 2) + '1' + ']'.repeat(MAX_DEPTH - 2));
    expect(ok.problems).toEqual([]);
  });

  it('refuses deep nesting closed after a long run of blank lines (yaml takes O(levels × lines) there)', () => {
    const text = Array.from({ length: 400 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n' + '\n'.repeat(100_000) + 'next: 1\n';
    expect(scanYamlShape(text).closeWork).toBeGreaterThan(MAX_CLOSE_WORK);
    const { problems } = parseYaml(text);
    expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining('long run of blank or comment lines') as string, range: expect.objectContaining({ line: 100_401 }) as object })]);
    // The same structure without the run of blank lines is read as usual.
    expect(parseYaml(text.replace(/\n{2,}/, '\n')).problems).toEqual([]);
  });

  it(`stops after ${MAX_ERRORS} syntax errors, from the parser and from the composer, keeping the first`, () => {
    // Stray `}` are the parser's error tokens; stray quotes are the composer's errors (its internal hook).
    for (const unit of ['}', '" ']) {
      const text = 'apiVersion: v1\nkind: Pod\nk: ' + unit.repeat(200_000) + '\n';
      const started = performance.now();
      const { documents, problems } = parseYaml(text);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(documents).toEqual([null]);
      expect(problems).toEqual([expect.objectContaining({ message: expect.stringContaining(`(and more than ${MAX_ERRORS} errors: the rest of the file is not analysed)`) as string })]);
      expect(problems[0]?.range.line).toBe(3);
    }
  });

  it('finds duplicate keys in linear time (yaml uniqueKeys compares each key with all earlier ones)', () => {
    const text = Array.from({ length: 60_000 }, (_, i) => `k${i}: ${i}`).join('\n') + '\nk7: again\n';
    const started = performance.now();
    const { documents, problems } = parseYaml(text);
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(problems).toEqual([expect.objectContaining({ message: 'Map keys must be unique', range: expect.objectContaining({ line: 60_001, column: 1 }) as object })]);
    expect((documents[0] as PMap).entries).toHaveLength(60_000);
  });
});

describe('JSON and Terraform JSON bounds', () => {
  it('refuses 100,000-deep JSON with a positioned parse error', async () => {
    for (const [name, text] of [
      ['deep.json', '['.repeat(100_000) + ']'.repeat(100_000)],
      ['deep.tf.json', '{"resource":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_001)],
    ] as const) {
      const { problems } = await analyze(name, text);
      expect(problems).toEqual([expect.objectContaining({ ruleId: PARSE_ERROR, message: expect.stringMatching(/Nesting deeper than/) as string })]);
    }
  });

  it('turns a resource map of 300,000 entries into blocks without overflowing the stack', () => {
    const range = { line: 1, column: 1, endLine: 1, endColumn: 1 };
    const names: PMap = {
      type: 'map',
      range,
      entries: Array.from({ length: 300_000 }, (_, i) => ({ key: `c${i}`, keyRange: range, value: { type: 'map' as const, entries: [], range } })),
    };
    const root: PMap = { type: 'map', range, entries: [{ key: 'resource', keyRange: range, value: { type: 'map', range, entries: [{ key: 'aws_eks_cluster', keyRange: range, value: names }] } }] };
    expect(terraformJsonToBody(root).entries).toHaveLength(300_000);
  });
});

describe('HCL bounds', () => {
  it('cuts 100,000-deep expressions and blocks at the nesting limit, whatever the machine load', async () => {
    for (const text of ['a = ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n', 'a {\n'.repeat(100_000) + '}\n'.repeat(100_000)]) {
      const { problems } = await analyze('deep.tf', text);
      // Cut before parsing (hcl-prescan.ts): the parser never sees the deep part, so no budget is involved.
      expect(problems).toEqual([
        expect.objectContaining({ ruleId: ANALYSIS_LIMIT, severity: 'warning', message: `Not analysed: nesting deeper than ${MAX_HCL_NESTING} levels; this value is unknown` }),
      ]);
    }
  });

  it('gives up on garbage after the error budget, at the first error, the same way every time', async () => {
    let seed = 7;
    const chars: string[] = [];
    for (let i = 0; i < 256 * 1024; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      chars.push(seed % 100 < 3 ? '\n' : String.fromCharCode(32 + (seed % 95)));
    }
    const garbage = chars.join('');
    const first = await analyze('garbage.tf', garbage);
    expect(first.problems[0]).toMatchObject({ ruleId: PARSE_ERROR, severity: 'error' });
    expect(first.problems[0]?.range.line).toBeGreaterThanOrEqual(1);
    // The budget counts the parser's steps, not time: the same input gives the same findings.
    const second = await analyze('garbage.tf', garbage);
    expect(second.problems).toEqual(first.problems);
    // The parser is usable afterwards (a cancelled parse must not leak into the next one).
    expect((await analyze('ok.tf', 'resource "aws_eks_cluster" "x" {\n  name = "x"\n}\n')).problems).toEqual([]);
  });

  it('bounds the parse by steps, not time: the cut comes after the same number of steps, with the same message', () => {
    const budget = new HclParseBudget(10 * 1024);
    expect(budget.limit).toBe(HCL_BASE_CALLS + 10 * HCL_CALLS_PER_KB);
    const progress = (state: { currentOffset: number; hasError: boolean }) => budget.exceeded(state);
    const valid = { currentOffset: 0, hasError: false };
    for (let call = 1; call <= budget.limit; call++) expect(progress(valid)).toBe(false);
    expect(progress(valid)).toBe(true);
    expect(budget.problem('a = 1\n'.repeat(1000))).toMatchObject({
      ruleId: PARSE_ERROR,
      message: `Not analysed: the HCL parser needed more than ${budget.limit * 100} steps for 6 KB of text (real Terraform needs about 1,300 per KB)`,
      range: { line: 1, column: 1 },
    });
    // After a syntax error, recovery has its own, smaller budget; the error's position is kept.
    const broken = new HclParseBudget(100 * 1024);
    const recovering = (state: { currentOffset: number; hasError: boolean }) => broken.exceeded(state);
    expect(recovering({ currentOffset: 2 * 8, hasError: true })).toBe(false);
    let calls = 1;
    while (!recovering({ currentOffset: 4000, hasError: true })) calls++;
    expect(calls).toBe(HCL_ERROR_CALLS + 1);
    expect(broken.problem('a = 1\nb = ]\n').range).toMatchObject({ line: 2, column: 3 });
  });

  it('refuses a valid tree too large to convert, by its node count', () => {
    expect(tooManyNodes(MAX_HCL_TREE_NODES + 1)).toMatchObject({ ruleId: PARSE_ERROR, severity: 'error', message: expect.stringContaining(`over the limit of ${MAX_HCL_TREE_NODES}`) as string });
  });

  it('reads valid HCL of the densest shape measured to the end: its work is within the budget', async () => {
    const dense = 'a = [' + Array.from({ length: 100_000 }, () => '1').join(',') + ']\n';
    expect((await analyze('dense.tf', dense)).problems).toEqual([]);
  });

  it("does not hand HashiCorp's parser input it is quadratic on (it would take minutes, or crash the process)", async () => {
    const heredoc = 'a = <<EOT\n' + '\n'.repeat(200_000) + 'EOT\nb = [\n';
    expect(await hclDiagnostic(heredoc)).toBeUndefined();
    expect(await hclDiagnostic('b = [\n' + '#\n'.repeat(MAX_DIAGNOSTIC_LINES))).toBeUndefined();
    expect(await hclDiagnostic('b = [\n' + '#'.repeat(MAX_DIAGNOSTIC_CHARS))).toBeUndefined();
    // Within the limits, its wording is used.
    expect(await hclDiagnostic('b = [\n')).toMatchObject({ message: expect.any(String) as string });
    const { problems, ms } = await analyze('heredoc.tf', heredoc);
    expect(problems[0]).toMatchObject({ ruleId: PARSE_ERROR, range: expect.objectContaining({ line: 200_003 }) as object });
    expect(ms).toBeLessThan(5000);
  });
});
