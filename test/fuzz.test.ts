/**
 * The quick subset of `npm run fuzz` (test/fuzz/): a few hundred mutated fixtures through the whole
 * pipeline, one batch through the built CLI, and every saved regression. The invariants themselves
 * are checked first on inputs known to break them, so that a check that cannot fail is noticed.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PARSE_ERROR, type Finding } from '../src/model/finding.js';
import { runCampaign } from './fuzz/campaign.js';
import { checkCase, checkFindings, checkOutputs, checkParseOutcome } from './fuzz/check.js';
import { checkCliBatch, sampleCases } from './fuzz/cli-batch.js';
import { REGRESSIONS, SYNTAXES, syntaxOfSeed } from './fuzz/seeds.js';

/** Fixed, so that `npm test` always runs the same cases; `npm run fuzz` explores further. */
const SEED = 4242;
const RUNS = 100;

const finding = (over: Partial<Finding> = {}): Finding => ({
  ruleId: PARSE_ERROR,
  severity: 'error',
  message: 'Broken',
  file: '/x/a.yaml',
  range: { line: 1, column: 1, endLine: 1, endColumn: 2 },
  ...over,
});

describe('fuzzing invariants catch what they are meant to', () => {
  it('flags malformed findings, internal errors and positions past the end of the file', () => {
    const files = new Map([['/x/a.yaml', 3]]);
    expect(checkFindings([finding()], files)).toEqual([]);
    expect(checkFindings([finding({ range: { line: 0, column: 1, endLine: 1, endColumn: 1 } })], files)).toHaveLength(1);
    expect(checkFindings([finding({ range: { line: 9, column: 1, endLine: 9, endColumn: 1 } })], files)).toHaveLength(1);
    expect(checkFindings([finding({ message: 'Internal error while analysing this file (please report it): boom' })], files)).toHaveLength(1);
    expect(checkFindings([finding({ file: '/x/other.yaml' })], files)).toHaveLength(1);
  });

  it('flags a broken file without a parse-error, and bytes that are not text', async () => {
    expect(await checkParseOutcome('/x/a.yaml', new TextEncoder().encode('a: [\n'), [])).toHaveLength(1);
    expect(await checkParseOutcome('/x/a.tf', new TextEncoder().encode('resource "x" {\n'), [])).toHaveLength(1);
    expect(await checkParseOutcome('/x/a.yaml', Uint8Array.of(0x61, 0xff), [])).toHaveLength(1);
    expect(await checkParseOutcome('/x/a.yaml', new TextEncoder().encode('a: [\n'), [finding()])).toEqual([]);
    expect(await checkParseOutcome('/x/a.yaml', new TextEncoder().encode('a: 1\n'), [])).toEqual([]);
  });

  it('flags invalid JSON, SARIF and XML, and raw escapes in terminal formats', () => {
    expect(checkOutputs({ json: '[' }, [], [])).toHaveLength(1);
    expect(checkOutputs({ sarif: '{"version": "2.1.0"}' }, [], [])).toHaveLength(1);
    expect(checkOutputs({ junit: '<a><b></a>' }, [], [])).toHaveLength(1);
    expect(checkOutputs({ stylish: 'ok\u001b[31mred' }, [], [])).toHaveLength(1);
    expect(checkOutputs({ compact: 'a \u202e b' }, [], [])).toHaveLength(1);
    expect(checkOutputs({ compact: 'a:1:1: error fine [x]\n' }, [], [])).toEqual([]);
  });
});

describe('fuzzing (quick subset of npm run fuzz)', () => {
  for (const syntax of SYNTAXES) {
    it(`${syntax}: ${RUNS} mutated fixtures keep every invariant in-process`, async () => {
      const result = await runCampaign({ syntax, runs: RUNS, seed: SEED });
      expect(result.failure ? [result.failure.description, ...result.failure.broken] : []).toEqual([]);
      expect(result.runs).toBe(RUNS);
    });
  }

  it('the built CLI agrees with the API on a folder of mutated files of every syntax, exit code included', async () => {
    const cases = SYNTAXES.flatMap((syntax) => sampleCases(syntax, 12, SEED));
    const outcome = await checkCliBatch(cases);
    expect(outcome.broken).toEqual([]);
    expect(outcome.status).toBe(1);
  });
});

describe('saved fuzzing regressions (fixtures/fuzz-regressions/)', () => {
  const files = readdirSync(REGRESSIONS).filter((name) => !name.endsWith('.md'));

  it('holds inputs of the syntaxes eks-lint reads, named after the syntax and a content hash', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(name).toMatch(/^(hcl|yaml|json|cfn-yaml)-[0-9a-f]{12}\./);
  });

  for (const name of files) {
    it(`${name} keeps every invariant`, async () => {
      const bytes = readFileSync(join(REGRESSIONS, name));
      expect(syntaxOfSeed(name, '')).toBeDefined();
      const outcome = await checkCase(`case${name.slice(name.indexOf('.'))}`, bytes);
      expect(outcome.broken).toEqual([]);
    });
  }
});
