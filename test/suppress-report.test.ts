import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { describe, expect, it } from 'vitest';
import type { ReportContext } from '../src/report/context.js';
import type { LintResult } from '../src/report/eslint-results.js';
import { FORMATTERS } from '../src/report/formatters.js';
import { type SarifLog, formatSarif } from '../src/report/sarif.js';
import { SUPPRESSION_FIXTURES, lineOf, rules, scan } from './helpers/suppressions.js';

const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => !/[\s<>"{}|\\^`]/.test(value) && URL.canParse(value, 'file:///base/'));
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object);

const FILE = 'eks-lint-yaml/pods.yaml';

async function context(): Promise<ReportContext> {
  const { report } = await scan(FILE);
  return { findings: report.findings, suppressed: report.suppressed, files: report.files, rules, cwd: SUPPRESSION_FIXTURES, version: '1.0.0' };
}

describe('suppressed findings in reports', () => {
  it('are SARIF results with inSource suppressions pointing at the comment', async () => {
    const ctx = await context();
    const log = JSON.parse(formatSarif(ctx)) as SarifLog;
    expect(validateSarif(log) ? [] : validateSarif.errors).toEqual([]);
    const results = log.runs[0]!.results;
    const suppressed = results.filter((r) => r.suppressions);
    expect(suppressed).toHaveLength(ctx.suppressed!.length);
    expect(results).toHaveLength(ctx.findings.length + ctx.suppressed!.length);
    const first = suppressed.find((r) => r.locations[0]!.physicalLocation.region.startLine === lineOf(FILE, 'privileged: true'));
    expect(first?.suppressions).toEqual([
      {
        kind: 'inSource',
        justification: "the device plugin needs the host's devices",
        location: {
          physicalLocation: {
            artifactLocation: { uri: 'eks-lint-yaml/pods.yaml', uriBaseId: '%SRCROOT%' },
            region: expect.objectContaining({ startLine: 1, startColumn: 1 }) as unknown,
          },
        },
        properties: { source: 'eks-lint', syntax: 'eks-lint-disable-next-line' },
      },
    ]);
    // A suppression without a reason has no justification rather than an empty one.
    expect(suppressed.some((r) => r.suppressions?.[0] && !('justification' in r.suppressions[0]))).toBe(true);
    // Warnings about suppressions are results too, with a described rule.
    const unused = results.find((r) => r.ruleId === 'unused-suppression');
    expect(log.runs[0]!.tool.driver.rules[unused!.ruleIndex]?.shortDescription.text).toBe('Suppression suppresses nothing');
  });

  it("are ESLint's suppressedMessages in JSON, and are not counted", async () => {
    const ctx = await context();
    const [result] = JSON.parse(await FORMATTERS.json!(ctx)) as LintResult[];
    expect(result?.messages.map((m) => m.line)).toEqual(ctx.findings.map((f) => f.range.line));
    expect(result?.suppressedMessages.map((m) => [m.ruleId, m.line, m.suppressions])).toEqual(
      ctx.suppressed!.map((f) => [f.ruleId, f.range.line, [{ kind: 'directive', justification: f.suppressions?.[0]?.justification ?? '' }]]),
    );
    expect(result?.errorCount).toBe(ctx.findings.filter((f) => f.severity === 'error').length);
  });

  it('are left out by the other formats', async () => {
    const ctx = await context();
    const without = { ...ctx, suppressed: [] };
    for (const name of ['stylish', 'compact', 'github', 'markdown', 'junit', 'checkstyle']) {
      expect(await FORMATTERS[name]!(ctx), name).toBe(await FORMATTERS[name]!(without));
    }
  });
});
