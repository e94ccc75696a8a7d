/**
 * A fuzzing campaign for one syntax: fast-check generates mutated fixtures from a seed, every case
 * goes through the whole pipeline in-process (checkCase), and the first failing case is shrunk to
 * a small one. Same seed, same cases: a run is reproducible with `npm run fuzz -- --seed N`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { checkCase } from './check.js';
import { type FuzzCase, caseArb, describeCase, renderCase } from './mutate.js';
import { type FuzzSyntax, REGRESSIONS } from './seeds.js';

// Stylish output without colour, so that any escape character in it came from the input.
process.env.FORCE_COLOR = '0';

export interface CampaignOptions {
  syntax: FuzzSyntax;
  runs: number;
  seed: number;
  /** Called before each case runs (the supervisor keeps it, to save a case that hangs). */
  onCase?: (fileName: string, bytes: Uint8Array, index: number) => void;
  /** Save the shrunk failing case under fixtures/fuzz-regressions/. */
  save?: boolean;
}

export interface Failure {
  description: string;
  broken: string[];
  fileName: string;
  bytes: Uint8Array;
  saved?: string;
}

export interface CampaignResult {
  syntax: FuzzSyntax;
  seed: number;
  runs: number;
  ms: number;
  /** Per-case lint time, for the slowest cases and percentiles. */
  times: number[];
  parseErrors: number;
  withFindings: number;
  /** The slowest cases, slowest first. */
  slowest: { ms: number; description: string; bytes: number }[];
  failure?: Failure;
}

const SLOWEST_KEPT = 5;

/** Saves a failing input as a regression fixture, named by syntax and content hash. */
export function saveRegression(syntax: string, fileName: string, bytes: Uint8Array): string {
  mkdirSync(REGRESSIONS, { recursive: true });
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  const name = `${syntax}-${hash}${fileName.slice(fileName.indexOf('.'))}`;
  writeFileSync(join(REGRESSIONS, name), bytes);
  return name;
}

export async function runCampaign(options: CampaignOptions): Promise<CampaignResult> {
  const { syntax, runs, seed } = options;
  const result: CampaignResult = { syntax, seed, runs: 0, ms: 0, times: [], parseErrors: 0, withFindings: 0, slowest: [] };
  const started = performance.now();
  let shrinking = false;
  const property = fc.asyncProperty(caseArb(syntax), async (c: FuzzCase) => {
    const { seed: from, bytes } = renderCase(c);
    options.onCase?.(from.fileName, bytes, result.runs);
    const outcome = await checkCase(from.fileName, bytes);
    if (!shrinking) {
      result.runs++;
      result.times.push(outcome.ms);
      if (result.slowest.length < SLOWEST_KEPT || outcome.ms > result.slowest[SLOWEST_KEPT - 1]!.ms) {
        result.slowest.push({ ms: outcome.ms, description: describeCase(c), bytes: bytes.length });
        result.slowest.sort((a, b) => b.ms - a.ms).splice(SLOWEST_KEPT);
      }
      if (outcome.report?.findings.some((f) => f.ruleId === 'parse-error')) result.parseErrors++;
      if (outcome.report?.findings.some((f) => f.ruleId !== 'parse-error')) result.withFindings++;
    }
    if (outcome.broken.length > 0) shrinking = true;
    return outcome.broken.length === 0;
  });
  const details = await fc.check(property, { seed, numRuns: runs, endOnFailure: false });
  result.ms = performance.now() - started;
  const counterexample = details.counterexample?.[0];
  if (details.failed && counterexample) {
    const { seed: from, bytes } = renderCase(counterexample);
    const outcome = await checkCase(from.fileName, bytes);
    const failure: Failure = {
      description: `${describeCase(counterexample)} (fast-check seed ${details.seed}, path ${details.counterexamplePath ?? '?'})`,
      broken: outcome.broken.length > 0 ? outcome.broken : [describeError(details.errorInstance)],
      fileName: from.fileName,
      bytes,
    };
    if (options.save) failure.saved = saveRegression(syntax, from.fileName, bytes);
    result.failure = failure;
  } else if (details.failed) {
    const error = describeError(details.errorInstance);
    result.failure = { description: error, broken: [error], fileName: '', bytes: new Uint8Array() };
  }
  return result;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return error === undefined || error === null ? 'failed only before shrinking' : JSON.stringify(error);
}

export function percentile(times: readonly number[], p: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}
