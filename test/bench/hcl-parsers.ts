/**
 * Tree-sitter (our parseHcl) against HashiCorp's HCL (@cdktf/hcl2json) on the real-world corpus:
 *   node --import tsx test/bench/hcl-parsers.ts [corpus-dir] [passes]
 * Files are read before timing; each parser's one-off start-up (wasm load) is timed apart from the
 * passes, and the fastest pass is reported, so that the numbers compare parsing, not disk or JIT.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as Hcl2Json from '@cdktf/hcl2json';
import { parseHcl } from '../../src/parse/hcl.js';

const root = resolve(process.argv[2] ?? join(import.meta.dirname, '../../../shared/corpus'));
const passes = Number(process.argv[3] ?? 5);

interface Result {
  startupMs: number;
  bestPassMs: number;
  /** Files with at least one syntax problem. */
  errorFiles: string[];
}

/** `load` returns the parse function (true when the text parsed cleanly); its cost is the start-up. */
async function measure(load: () => Promise<(text: string) => Promise<boolean>>, sources: { file: string; text: string }[]): Promise<Result> {
  let start = performance.now();
  const parse = await load();
  await parse('');
  const startupMs = performance.now() - start;
  let bestPassMs = Infinity;
  let errorFiles: string[] = [];
  for (let pass = 0; pass < passes; pass++) {
    const failed: string[] = [];
    start = performance.now();
    for (const { file, text } of sources) if (!(await parse(text))) failed.push(file);
    bestPassMs = Math.min(bestPassMs, performance.now() - start);
    errorFiles = failed;
  }
  return { startupMs, bestPassMs, errorFiles };
}

async function main(): Promise<void> {
  if (!existsSync(root)) {
    console.log(`No corpus at ${root}; nothing to benchmark.`);
    return;
  }
  const sources = readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(tf|tfvars)$/.test(f) && statSync(join(root, f)).isFile())
    .sort()
    .map((f) => ({ file: f, text: readFileSync(join(root, f), 'utf8') }));
  const bytes = sources.reduce((n, s) => n + Buffer.byteLength(s.text), 0);

  // Both load their wasm lazily: parseHcl on first call, hcl2json when required.
  const treeSitter = await measure(() => Promise.resolve(async (text) => (await parseHcl(text)).problems.length === 0), sources);
  const hashicorp = await measure(() => {
    const { parse } = createRequire(import.meta.url)('@cdktf/hcl2json') as typeof Hcl2Json;
    return Promise.resolve((text: string) =>
      parse('input.tf', text).then(
        () => true,
        () => false,
      ),
    );
  }, sources);

  console.log(`corpus: ${root}`);
  console.log(`files: ${sources.length}, bytes: ${bytes.toLocaleString('en')}, passes: ${passes} (fastest shown)`);
  const row = (name: string, r: Result) =>
    `${name.padEnd(28)} start-up ${r.startupMs.toFixed(0).padStart(5)} ms   pass ${r.bestPassMs.toFixed(0).padStart(5)} ms   ` +
    `${((bytes / 1024 / 1024 / r.bestPassMs) * 1000).toFixed(1).padStart(6)} MB/s   files with errors ${r.errorFiles.length}`;
  console.log(row('tree-sitter (parseHcl)', treeSitter));
  console.log(row('@cdktf/hcl2json (parse)', hashicorp));
  for (const [name, r] of [
    ['tree-sitter', treeSitter],
    ['hcl2json', hashicorp],
  ] as const) {
    for (const file of r.errorFiles) console.log(`  ${name} error: ${file}`);
  }
}

await main();
