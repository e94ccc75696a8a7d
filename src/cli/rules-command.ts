/**
 * `eks-lint rules`: the catalogue of the rules a run would know — built-in and the user's own
 * (`--rules-dir`, `rulesDir`) — as a table or as JSON.
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { UsageError } from '../cli-args.js';
import { resolveConfig } from '../config/resolve-config.js';
import { isBuiltinRule } from '../engine/load-rules.js';
import type { Rule } from '../engine/rule.js';
import { formatsOf } from '../engine/target-formats.js';
import { loadRuleCatalogue, rulesFolders } from '../engine/user-rules.js';
import { EXIT_OK } from '../exit-code.js';
import type { Format, ResourceKind } from '../model/resource.js';
import { ruleDocsUrl } from '../report/rule-docs.js';
import { inertJson, oneLine } from '../report/text.js';

export const RULES_COMMAND = 'rules';

export const RULES_HELP = `Usage: eks-lint rules [options]

Lists the rules: the built-in ones and your own (--rules-dir, rulesDir in the configuration),
with their severity, CIS Amazon EKS Benchmark ids, the formats they run on and their tags.

Options:
  -f, --format <name>       table (default) or json.
      --rules-dir <dir>     Also list the rules in this folder. Repeatable.
  -c, --config <path>       Configuration file (default: the nearest .eks-lint.yaml,
                            .eks-lint.yml or .eks-lint.json from the current folder up).
  -h, --help                Show this help.`;

/** One rule of the catalogue, as `--format json` prints it. */
export interface CatalogueEntry {
  id: string;
  title: string;
  severity: Rule['severity'];
  cis: string[];
  target: ResourceKind;
  formats: Format[];
  tags: string[];
  aliases: Record<string, string[]>;
  options: string[];
  /** `built-in`, or the rule file's path relative to the working folder. */
  source: string;
  /** The rule's documentation page, when it has one. */
  docs?: string;
}

export function catalogueEntry(rule: Rule, cwd: string): CatalogueEntry {
  const docs = ruleDocsUrl(rule);
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    cis: rule.cis,
    target: rule.target,
    formats: [...formatsOf(rule)],
    tags: rule.tags ?? [],
    aliases: rule.aliases ?? {},
    options: Object.keys(rule.options ?? {}),
    source: isBuiltinRule(rule) ? 'built-in' : relative(cwd, rule.file).split('\\').join('/'),
    ...(docs ? { docs } : {}),
  };
}

const COLUMNS = ['id', 'severity', 'CIS', 'formats', 'tags'] as const;

/** A plain table, one rule a line, columns padded to their widest cell. */
export function catalogueTable(entries: readonly CatalogueEntry[]): string {
  const rows = entries.map((e) => [e.id, e.severity, e.cis.join(', ') || '—', e.formats.join(', '), e.tags.join(', ')].map(oneLine));
  const widths = COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(COLUMNS), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + `\n\n${entries.length} rules\n`;
}

export async function rulesCommand(argv: readonly string[], io: { stdout: (text: string) => void }, cwd: string): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      allowNegative: true,
      options: {
        format: { type: 'string', short: 'f' },
        'rules-dir': { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        help: { type: 'boolean', short: 'h' },
        // Accepted so that a pipeline's usual flags work here too; the catalogue has no colour.
        color: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message} (eks-lint rules)`);
  }
  if (values.help) {
    io.stdout(RULES_HELP + '\n');
    return EXIT_OK;
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`Unknown format '${format}' for eks-lint rules. Formats: table, json`);
  const config = resolveConfig(values.config, cwd);
  const rules = await loadRuleCatalogue(rulesFolders(values['rules-dir'] ?? [], config, cwd), config.maxFileSize);
  const entries = rules.map((rule) => catalogueEntry(rule, cwd));
  io.stdout(format === 'json' ? inertJson(JSON.stringify(entries, null, 2)) + '\n' : catalogueTable(entries));
  return EXIT_OK;
}
