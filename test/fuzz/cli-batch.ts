/**
 * Mutated files through the built CLI (bin/eks-lint.js, run `npm run build` first), a folder of them
 * per run: the exit code must follow the findings, every output format must stay valid, standard
 * error must stay empty, and the CLI must report what the API reports for the same folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { lint } from '../../src/lint.js';
import type { Finding } from '../../src/model/finding.js';
import type { LintResult } from '../../src/report/eslint-results.js';
import { checkFindings, checkOutputs, defaultRules, expectedExit } from './check.js';
import { type RenderedCase, caseArb, renderCase } from './mutate.js';
import type { FuzzSyntax } from './seeds.js';
import { ROOT } from './seeds.js';

export const BIN = join(ROOT, 'bin', 'eks-lint.js');

const FILE_FORMATS = ['json', 'sarif', 'checkstyle', 'junit', 'compact', 'github', 'markdown'];

export interface BatchOutcome {
  broken: string[];
  status: number | null;
  files: number;
  findings: number;
  ms: number;
}

export function sampleCases(syntax: FuzzSyntax, count: number, seed: number): RenderedCase[] {
  return fc.sample(caseArb(syntax), { seed, numRuns: count }).map(renderCase);
}

function findingsOf(results: readonly LintResult[]): Finding[] {
  return results.flatMap((r) =>
    r.messages.map((m) => ({
      ruleId: m.ruleId ?? '',
      severity: m.level,
      message: m.message,
      file: r.filePath,
      range: { line: m.line, column: m.column, endLine: m.endLine, endColumn: m.endColumn },
    })),
  );
}

function keys(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.file}:${f.range.line}:${f.range.column} ${f.ruleId} ${f.message}`).sort();
}

export async function checkCliBatch(cases: readonly RenderedCase[], timeoutMs = 120_000): Promise<BatchOutcome> {
  const work = mkdtempSync(join(tmpdir(), 'eks-lint-fuzz-cli-'));
  const dir = join(work, 'scan');
  const out = join(work, 'out');
  mkdirSync(dir);
  mkdirSync(out);
  try {
    const lines = new Map<string, number>();
    cases.forEach((c, i) => {
      const file = join(dir, `case-${String(i).padStart(4, '0')}${c.seed.fileName.slice('case'.length)}`);
      writeFileSync(file, c.bytes);
      lines.set(file, c.bytes.reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1));
    });
    const args = [BIN, dir, ...FILE_FORMATS.flatMap((f) => ['-f', f, '-o', join(out, f)]), '-f', 'stylish'];
    const started = performance.now();
    const run = spawnSync(process.execPath, args, {
      cwd: out,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      encoding: 'utf8',
      timeout: timeoutMs,
      maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - started;
    const broken: string[] = [];
    if (run.error || run.signal) return { broken: [`CLI did not finish: ${run.error?.message ?? run.signal}`], status: run.status, files: cases.length, findings: 0, ms };
    if (run.stderr !== '') broken.push(`CLI wrote to standard error: ${run.stderr.slice(0, 500)}`);
    if (run.status !== 0 && run.status !== 1) broken.push(`CLI exit code ${run.status}`);
    const outputs = Object.fromEntries(FILE_FORMATS.map((f) => [f, readFileSync(join(out, f), 'utf8')]));
    outputs.stylish = run.stdout;
    let findings: Finding[] = [];
    try {
      findings = findingsOf(JSON.parse(outputs.json!) as LintResult[]);
    } catch {
      // checkOutputs reports it
    }
    broken.push(...checkOutputs(outputs, findings, [...lines.keys()]));
    broken.push(...checkFindings(findings, lines));
    if (run.status !== expectedExit(findings)) broken.push(`CLI exit code ${run.status}, but its findings call for ${expectedExit(findings)}`);
    const api = await lint([dir], { cwd: out, rules: defaultRules() });
    const [cli, inProcess] = [keys(findings), keys(api.findings)];
    if (cli.join('\n') !== inProcess.join('\n')) {
      const missing = inProcess.filter((k) => !cli.includes(k)).slice(0, 3);
      const extra = cli.filter((k) => !inProcess.includes(k)).slice(0, 3);
      broken.push(`CLI and API disagree: API only ${JSON.stringify(missing)}, CLI only ${JSON.stringify(extra)}`);
    }
    return { broken, status: run.status, files: cases.length, findings: findings.length, ms };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
