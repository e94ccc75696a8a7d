/**
 * `npm run fuzz`: seeded, reproducible fuzzing of every syntax eks-lint reads.
 *
 *   npm run fuzz -- [--runs 10000] [--seed 20261126] [--syntax hcl,yaml,json,cfn-yaml]
 *                   [--cli-batches 4] [--cli-batch-size 100] [--no-save] [--hang-ms 30000]
 *
 * Each syntax's in-process campaign runs in a child process (two at a time) that reports every case
 * before running it: a child that goes quiet for --hang-ms is killed and its last case saved as a
 * hang. The first failing case of a campaign is shrunk by fast-check and saved under
 * fixtures/fuzz-regressions/ (test/fuzz.test.ts runs every file there). Then batches of mutated
 * files go through the built CLI. Exit code 1 when anything failed.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type CampaignResult, percentile, runCampaign, saveRegression } from './campaign.js';
import { checkCliBatch, sampleCases } from './cli-batch.js';
import { type FuzzSyntax, SYNTAXES } from './seeds.js';

const DEFAULT_SEED = 20261126;

interface ChildMessage {
  type: 'case' | 'done';
  fileName?: string;
  bytes?: Uint8Array;
  index?: number;
  result?: CampaignResult;
}

async function child(syntax: FuzzSyntax, runs: number, seed: number, save: boolean): Promise<void> {
  const send = (message: ChildMessage) => new Promise<void>((resolve) => process.send!(message, () => resolve()));
  const result = await runCampaign({
    syntax,
    runs,
    seed,
    save,
    onCase: (fileName, bytes, index) => process.send!({ type: 'case', fileName, bytes, index } satisfies ChildMessage),
  });
  await send({ type: 'done', result });
  process.exit(0);
}

interface Outcome {
  syntax: FuzzSyntax;
  result?: CampaignResult;
  hang?: { index: number; saved?: string; ms: number };
  crash?: string;
}

function supervise(syntax: FuzzSyntax, runs: number, seed: number, save: boolean, hangMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const proc: ChildProcess = fork(fileURLToPath(import.meta.url), ['--child', syntax, String(runs), String(seed), save ? 'save' : 'no-save'], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let last: ChildMessage | undefined;
    let lastAt = performance.now();
    let stderr = '';
    let settled = false;
    const finish = (outcome: Outcome) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      resolve(outcome);
    };
    proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('message', (message: ChildMessage) => {
      lastAt = performance.now();
      if (message.type === 'case') last = message;
      else finish({ syntax, result: message.result! });
    });
    proc.on('exit', (code, signal) => {
      if (!settled) finish({ syntax, crash: `child exited (code ${code}, signal ${signal}) during case ${last?.index}: ${stderr.slice(-2000)}` });
    });
    const watchdog = setInterval(() => {
      const quiet = performance.now() - lastAt;
      if (quiet < hangMs) return;
      proc.kill('SIGKILL');
      const saved = save && last?.bytes && last.fileName ? saveRegression(syntax, last.fileName, last.bytes) : undefined;
      finish({ syntax, hang: { index: last?.index ?? -1, ms: quiet, ...(saved ? { saved } : {}) } });
    }, 1000);
  });
}

async function pool<T, R>(items: readonly T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await run(items[index]!);
      }
    }),
  );
  return results;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '10000' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      syntax: { type: 'string', default: SYNTAXES.join(',') },
      'cli-batches': { type: 'string', default: '4' },
      'cli-batch-size': { type: 'string', default: '100' },
      'no-save': { type: 'boolean', default: false },
      'hang-ms': { type: 'string', default: '30000' },
      jobs: { type: 'string', default: '2' },
    },
  });
  const runs = Number(values.runs);
  const seed = Number(values.seed);
  const syntaxes = values.syntax.split(',') as FuzzSyntax[];
  const save = !values['no-save'];
  console.log(`eks-lint fuzz: ${runs} cases per syntax (${syntaxes.join(', ')}), seed ${seed}`);

  const started = performance.now();
  const outcomes = await pool(syntaxes, Number(values.jobs), (syntax) => supervise(syntax, runs, seed, save, Number(values['hang-ms'])));
  let failed = false;
  let total = 0;
  console.log('\nin-process (lint() with every formatter and invariant):');
  console.log('syntax     cases   time     p50 ms  p99 ms  max ms  parse-error  other findings');
  for (const o of outcomes) {
    const r = o.result;
    if (r) {
      total += r.runs;
      const row = [
        o.syntax.padEnd(9),
        String(r.runs).padStart(6),
        `${(r.ms / 1000).toFixed(1)} s`.padStart(8),
        percentile(r.times, 50).toFixed(1).padStart(7),
        percentile(r.times, 99).toFixed(1).padStart(7),
        Math.max(0, ...r.times).toFixed(0).padStart(7),
        `${((100 * r.parseErrors) / Math.max(1, r.runs)).toFixed(0)}%`.padStart(12),
        `${((100 * r.withFindings) / Math.max(1, r.runs)).toFixed(0)}%`.padStart(15),
      ];
      console.log(row.join(' '));
    }
    if (r && process.env.FUZZ_SLOWEST) {
      for (const slow of r.slowest) console.log(`    slow: ${slow.ms.toFixed(0)} ms, ${slow.bytes} bytes: ${slow.description}`);
    }
    if (r?.failure) {
      failed = true;
      console.log(`  FAILED: ${r.failure.description}${r.failure.saved ? ` → fixtures/fuzz-regressions/${r.failure.saved}` : ''}`);
      for (const line of r.failure.broken) console.log(`    - ${line}`);
    }
    if (o.hang) {
      failed = true;
      console.log(`  HANG: ${o.syntax} case ${o.hang.index} silent for ${(o.hang.ms / 1000).toFixed(0)} s${o.hang.saved ? ` → fixtures/fuzz-regressions/${o.hang.saved}` : ''}`);
    }
    if (o.crash) {
      failed = true;
      console.log(`  CRASH: ${o.syntax}: ${o.crash}`);
    }
  }
  console.log(`total: ${total} cases in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const batches = Number(values['cli-batches']);
  const size = Number(values['cli-batch-size']);
  if (batches > 0) {
    console.log(`\nbuilt CLI (${batches} runs of ${size} files per syntax, 8 formats each):`);
    for (const syntax of syntaxes) {
      const statuses: Record<string, number> = {};
      let ms = 0;
      for (let b = 0; b < batches; b++) {
        const batchSeed = seed + 1000 * (b + 1);
        const outcome = await checkCliBatch(sampleCases(syntax, size, batchSeed));
        ms += outcome.ms;
        statuses[String(outcome.status)] = (statuses[String(outcome.status)] ?? 0) + 1;
        if (outcome.broken.length > 0) {
          failed = true;
          console.log(`  FAILED: ${syntax} batch seed ${batchSeed}:`);
          for (const line of outcome.broken.slice(0, 10)) console.log(`    - ${line}`);
        }
      }
      const codes = Object.entries(statuses).map(([code, n]) => `exit ${code} ×${n}`).join(', ');
      console.log(`${syntax.padEnd(9)} ${batches * size} files, ${(ms / 1000).toFixed(1)} s, ${codes}`);
    }
  }
  console.log(failed ? '\nFAILED' : '\nno invariant broken');
  return failed ? 1 : 0;
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') {
  await child(argv[1] as FuzzSyntax, Number(argv[2]), Number(argv[3]), argv[4] === 'save');
} else {
  process.exitCode = await main();
}
