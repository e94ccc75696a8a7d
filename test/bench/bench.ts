/**
 * End-to-end benchmark: lints ../shared/corpus (about 900 real files) in-process, several times,
 * and prints wall time and files per second. Run with `npm run bench`. Numbers, not assertions:
 * performance is tracked in notes and compared by hand, never enforced by a timed unit test.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRules } from '../../src/engine/load-rules.js';
import { lint } from '../../src/lint.js';

const corpus = process.argv[2] ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
if (!existsSync(corpus)) {
  console.log(`corpus not found at ${corpus}; pass a folder to benchmark`);
  process.exit(0);
}

const rules = loadRules();
const runs = Number(process.env.BENCH_RUNS ?? 5);
const times: number[] = [];
let files = 0;
let findings = 0;
for (let i = 0; i < runs; i++) {
  const start = performance.now();
  const report = await lint([corpus], { rules });
  times.push(performance.now() - start);
  files = report.files.length;
  findings = report.findings.length;
}
const sorted = [...times].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
console.log(`corpus: ${corpus}`);
console.log(`files: ${files}, findings: ${findings}`);
console.log(`first run (cold, includes WebAssembly start): ${(times[0] ?? 0).toFixed(0)} ms`);
console.log(`median of ${runs}: ${median.toFixed(0)} ms, ${((files / median) * 1000).toFixed(0)} files/s`);
console.log(`peak RSS: ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
