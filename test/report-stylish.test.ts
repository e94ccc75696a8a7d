import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import type { Finding } from '../src/model/finding.js';
import type { ReportContext } from '../src/report/context.js';
import type { LintResult } from '../src/report/eslint-results.js';
import { formatJson } from '../src/report/json.js';
import { formatStylish } from '../src/report/stylish.js';

const CWD = '/work/project';

function finding(message: string, line: number): Finding {
  return {
    ruleId: 'privileged-container',
    severity: 'error',
    message,
    file: `${CWD}/k8s/pod.yaml`,
    range: { line, column: 9, endLine: line, endColumn: 25 },
  };
}

const MESSAGES = [
  "Container 'web' of Pod default/web runs privileged",
  'Init container `setup` runs privileged',
  // A private-use character from a scanned name must not come out as a quote.
  "Container 'a\uE000b' of Pod x runs privileged",
];

function context(): ReportContext {
  return { findings: MESSAGES.map((m, i) => finding(m, i + 1)), suppressed: [], files: [`${CWD}/k8s/pod.yaml`], rules: loadRules(), cwd: CWD, version: '0.0.0' };
}

describe('stylish output', () => {
  // Without colour the formatter's bold has nothing to show, so dropped quotes are plainly lost.
  it('shows messages with their quotes, as JSON does', async () => {
    const before = process.env.FORCE_COLOR;
    process.env.FORCE_COLOR = '0';
    try {
      const json = (JSON.parse(formatJson(context())) as LintResult[])[0]!.messages.map((m) => m.message);
      expect(json).toEqual(MESSAGES);
      // eslint-formatter-pretty would print `Container web of …`, dropping the quotes.
      const stylish = (await formatStylish(context())).replace(/\u001b\[[0-9;]*m/g, '');
      expect(stylish).toContain(json[0]);
      expect(stylish).toContain(json[1]);
      expect(stylish).toContain("Container 'a\\ue000b' of Pod x runs privileged");
      expect(stylish).not.toMatch(/[\uE000\uE001]/);
    } finally {
      if (before === undefined) delete process.env.FORCE_COLOR;
      else process.env.FORCE_COLOR = before;
    }
  });
});
