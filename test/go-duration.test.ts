import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { addConditionKeywords, goDurationSeconds } from '../src/engine/keywords.js';

describe('goDurationSeconds', () => {
  it('reads durations as Go time.ParseDuration does', () => {
    expect(goDurationSeconds('0')).toBe(0);
    expect(goDurationSeconds('-0')).toBe(0);
    expect(goDurationSeconds('+0')).toBe(0);
    expect(goDurationSeconds('0s')).toBe(0);
    expect(goDurationSeconds('0m0s')).toBe(0);
    expect(goDurationSeconds('0h0m0s')).toBe(0);
    expect(goDurationSeconds('0.0s')).toBe(0);
    expect(goDurationSeconds('5m')).toBe(300);
    expect(goDurationSeconds('4h0m0s')).toBe(14400);
    expect(goDurationSeconds('1h30m')).toBe(5400);
    expect(goDurationSeconds('-1.5h')).toBe(-5400);
    expect(goDurationSeconds('.5s')).toBe(0.5);
    expect(goDurationSeconds('1.s')).toBe(1);
    expect(goDurationSeconds('500ms')).toBe(0.5);
    expect(goDurationSeconds('2µs')).toBeCloseTo(2e-6);
    expect(goDurationSeconds('2μs')).toBeCloseTo(2e-6);
    expect(goDurationSeconds('1ns')).toBeCloseTo(1e-9);
  });

  it('rejects what Go rejects', () => {
    for (const text of ['', '1', '-', '.s', 's', '5 m', '5d', '1h ', ' 1h', '0x', '1e3s', '--1s', 'h1']) {
      expect(goDurationSeconds(text), JSON.stringify(text)).toBeUndefined();
    }
  });
});

describe('goDurationIn', () => {
  // The options the engine compiles conditions with (src/engine/load-rules.ts).
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, $data: true });
  addConditionKeywords(ajv);
  const zero = ajv.compile({ type: 'string', goDurationIn: { minimum: 0, maximum: 0 } });
  const atLeastAMinute = ajv.compile({ goDurationIn: { minimum: 60 } });

  it('holds for a duration within the bounds, in seconds', () => {
    expect(['0', '0s', '0m0s', '-0'].map((t) => zero(t))).toEqual([true, true, true, true]);
    expect(['1ns', '5m', 'later', ''].map((t) => zero(t))).toEqual([false, false, false, false]);
    expect(['1m', '4h', '59s', 'x'].map((t) => atLeastAMinute(t))).toEqual([true, true, false, false]);
  });

  it('leaves values that are not strings to the rest of the schema', () => {
    expect(atLeastAMinute(0)).toBe(true);
    expect(zero(0)).toBe(false);
  });

  it('needs at least one bound', () => {
    expect(() => ajv.compile({ goDurationIn: {} })).toThrow();
  });
});
