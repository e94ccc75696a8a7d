/**
 * Start-up cost of the commands that print a string, against a bare Node start: 7 paired rounds
 * (each round runs every command once, in turn, so load on the machine hits all of them alike),
 * then the median of each. Run with `npm run bench:startup` after `npm run build`.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/eks-lint.js');
const ROUNDS = 7;
const COMMANDS: Record<string, string[]> = {
  'node -e 0': ['-e', '0'],
  'eks-lint --version': [BIN, '--version'],
  'eks-lint --help': [BIN, '--help'],
  'eks-lint fixtures/demo': [BIN, join(ROOT, 'fixtures/demo')],
};

function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  spawnSync(process.execPath, args, { stdio: 'ignore' });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const samples: Record<string, number[]> = Object.fromEntries(Object.keys(COMMANDS).map((name) => [name, []]));
for (const args of Object.values(COMMANDS)) timeOnce(args); // warm the file cache
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, args] of Object.entries(COMMANDS)) samples[name]!.push(timeOnce(args));
}
const bare = median(samples['node -e 0']!);
for (const [name, values] of Object.entries(samples)) {
  const m = median(values);
  console.log(`${name.padEnd(24)} median ${m.toFixed(1).padStart(7)} ms  ${(m / bare).toFixed(2)}x bare node`);
}
