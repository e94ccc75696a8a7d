import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/engine/load-rules.js';
import { FORMAT_NAMES, formatsOf } from '../src/engine/target-formats.js';
import { RULE_DOCS_DIR } from '../src/report/rule-docs.js';

/** The headings of docs/rules/<id>.md, in order (the template every rule page follows). */
const SECTIONS = ['What it checks', 'Why', 'How to fix', 'Options', 'Equivalent checks in other tools'];

/** The text of a `## heading` section, up to the next `## ` heading. */
function section(page: string, heading: string): string {
  const start = page.indexOf(`\n## ${heading}\n`);
  if (start === -1) return '';
  const rest = page.slice(start + heading.length + 5);
  const end = rest.search(/\n## /);
  return end === -1 ? rest : rest.slice(0, end);
}

describe.each(loadRules().map((rule) => [rule.id, rule] as const))('docs/rules/%s.md', (id, rule) => {
  const file = join(RULE_DOCS_DIR, `${id}.md`);

  it('exists', () => {
    expect(existsSync(file), `${file} is missing`).toBe(true);
  });

  const page = existsSync(file) ? readFileSync(file, 'utf8') : '';

  it("opens with the rule's id and title, then its metadata table", () => {
    const lines = page.split('\n');
    expect(lines[0]).toBe(`# ${id}: ${rule.title}`);
    expect(lines.slice(2, 4)).toEqual(['| severity | CIS | target | formats |', '|---|---|---|---|']);
    const [severity, cis, target, formats] = (lines[4] ?? '').split('|').slice(1, -1).map((cell) => cell.trim());
    expect(severity).toBe(rule.severity);
    if (rule.cis.length > 0) expect(cis).toBe(rule.cis.join(', '));
    else expect(['—', '-', 'none', '']).toContain(cis);
    expect(target).toBe(rule.target);
    for (const format of formatsOf(rule)) expect(formats).toContain(FORMAT_NAMES[format]);
  });

  it('has the template headings, in order, and no others', () => {
    expect(page.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3))).toEqual(SECTIONS);
  });

  it('says how to fix it in every format the rule runs on, with an example', () => {
    const fixes = section(page, 'How to fix');
    const subsections = fixes.split('\n### ').slice(1);
    const names = formatsOf(rule).map((f) => FORMAT_NAMES[f]);
    // One subsection per format, named after it (`### Terraform` or `### Terraform (kubernetes provider)`).
    expect(subsections.map((s) => names.find((name) => s.startsWith(name)))).toEqual(names);
    for (const [i, body] of subsections.entries()) expect(body, `${names[i]} example`).toMatch(/```\w+\n[\s\S]+?\n```/);
  });

  it('documents every option with its default, or says there are none', () => {
    const options = section(page, 'Options');
    const names = Object.keys(rule.options ?? {});
    if (names.length === 0) expect(options.trim()).toBe('None.');
    for (const name of names) expect(options).toMatch(new RegExp(`\\b${name}\\b`));
  });

  it("lists the rule's aliases as its peers' ids", () => {
    const peers = section(page, 'Equivalent checks in other tools');
    for (const ids of Object.values(rule.aliases ?? {})) {
      for (const alias of ids) expect(peers, alias).toMatch(new RegExp(`(?<![\\w-])${alias.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w-])`));
    }
  });

  it('names the CIS items it implements, or the best-practice section', () => {
    const why = section(page, 'Why');
    if (rule.cis.length > 0) for (const id of rule.cis) expect(why).toContain(id);
    else expect(why).toMatch(/Best Practices/);
  });
});
