/**
 * Text from scanned files (resource names, values, parser snippets, file names) reaches every
 * output. Terminal formats show control characters, ANSI escapes and bidi overrides as visible
 * escapes; JSON keeps the text exactly (its escaping makes it inert); SARIF and XML stay valid.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/lint.js';
import type { ReportContext } from '../src/report/context.js';
import type { LintResult } from '../src/report/eslint-results.js';
import { FORMATTERS } from '../src/report/formatters.js';

/** ESC [31m (red), a carriage return that would overwrite the line, a right-to-left override, a bell. */
const HOSTILE = 'evil\u001b[31mred\u001b[0m\rfake-ok\u202eesrever\u0007';
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function hostileReport(): Promise<ReportContext> {
  const dir = mkdtempSync(join(tmpdir(), 'eks-lint-terminal-'));
  const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${JSON.stringify(HOSTILE)}\nspec:\n  containers:\n    - name: ${JSON.stringify(HOSTILE)}\n      image: busybox\n      securityContext: {privileged: true}\n`;
  writeFileSync(join(dir, `pod-${'\u001b[2J'}.yaml`), pod);
  // A syntax error whose snippet is quoted from the file into the message.
  writeFileSync(join(dir, 'broken.tf'), `resource "x" "y" {\n  a = ${HOSTILE} ]\n`);
  const report = await lint([dir]);
  return { findings: report.findings, suppressed: report.suppressed, files: report.files, rules: report.rules, cwd: dir, version: '0.0.0' };
}

describe('text from scanned files cannot drive a terminal', () => {
  it('is escaped in stylish, compact, github and markdown output', async () => {
    process.env.FORCE_COLOR = '0';
    const context = await hostileReport();
    expect(context.findings.some((f) => f.message.includes('\u001b'))).toBe(true);
    for (const format of ['stylish', 'compact', 'github', 'markdown']) {
      const output = await FORMATTERS[format]!(context);
      expect(UNSAFE.exec(output)?.[0], format).toBeUndefined();
      // Markdown escapes the backslash and bracket of the visible escape once more.
      if (format !== 'markdown') expect(output, format).toMatch(/\\x1b\[31mred.*\\u202e/);
    }
    // The file name too.
    expect(await FORMATTERS.stylish!(context)).toMatch(/pod-\\x1b\[2J\.yaml/);
  });

  it('is kept exactly, and inert, in JSON; SARIF validates and XML is well-formed', async () => {
    const context = await hostileReport();
    const json = JSON.parse(await FORMATTERS.json!(context)) as LintResult[];
    expect(json.flatMap((r) => r.messages.map((m) => m.message)).some((m) => m.includes(HOSTILE))).toBe(true);
    expect(await FORMATTERS.json!(context)).not.toMatch(UNSAFE);

    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    ajv.addFormat('uri', (value: string) => URL.canParse(value));
    ajv.addFormat('uri-reference', (value: string) => !/[\s<>"{}|\\^`]/.test(value) && URL.canParse(value, 'file:///base/'));
    const validate = ajv.compile(JSON.parse(readFileSync(join(import.meta.dirname, 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object);
    expect(validate(JSON.parse(await FORMATTERS.sarif!(context)))).toBe(true);
    for (const format of ['junit', 'checkstyle']) {
      const xml = await FORMATTERS[format]!(context);
      expect(XMLValidator.validate(xml), format).toBe(true);
      expect(xml, format).not.toMatch(/\u001b/);
    }
  });
});
