/**
 * The invariants every input must keep, whatever its bytes: checked on one case in-process, and on
 * the outputs of a CLI run. Each check returns the broken invariants as sentences (empty: all held).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { XMLValidator } from 'fast-xml-parser';
import { type Parser as TreeSitter } from 'web-tree-sitter';
import { parseAllDocuments } from 'yaml';
import { emptyConfig } from '../../src/config/config.js';
import { syntaxOf } from '../../src/discover/extensions.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { Rule } from '../../src/engine/rule.js';
import { selectRules } from '../../src/engine/select-rules.js';
import { exitCodeFor } from '../../src/exit-code.js';
import { INTERNAL_ERROR, type LintReport, lint } from '../../src/lint.js';
import { type Finding, PARSE_ERROR, SKIPPED_FILE } from '../../src/model/finding.js';
import { prescanHcl } from '../../src/parse/hcl-prescan.js';
import type { ReportContext } from '../../src/report/context.js';
import type { LintResult } from '../../src/report/eslint-results.js';
import { FORMATTERS } from '../../src/report/formatters.js';
import { ROOT } from './seeds.js';

/** Where in-process cases live: a virtual file (LintOptions.sources), never written to disk. */
export const VIRTUAL_DIR = '/eks-lint-fuzz';

/** Characters no terminal format may print raw: C0/C1 controls but tab and LF, DEL, bidi overrides. */
export const UNSAFE_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
export const TERMINAL_FORMATS = ['stylish', 'compact', 'github', 'markdown'];

let rulesCache: Rule[] | undefined;
/** The rules the CLI runs without a configuration file. */
export function defaultRules(): Rule[] {
  rulesCache ??= selectRules(loadRules(), emptyConfig(ROOT), { only: [], skip: [] });
  return rulesCache;
}

const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
ajv.addFormat('uri', (value: string) => URL.canParse(value));
ajv.addFormat('uri-reference', (value: string) => !/[\s<>"{}|\\^`]/.test(value) && URL.canParse(value, 'file:///base/'));
ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'test', 'schemas', 'sarif-schema-2.1.0.json'), 'utf8')) as object);

let treeSitter: Promise<TreeSitter> | undefined;
/** tree-sitter on its own, as an oracle for "this HCL has a syntax error". */
function hclOracle(): Promise<TreeSitter> {
  treeSitter ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const parser = new Parser();
    parser.setLanguage(await Language.load(createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm')));
    return parser;
  })();
  return treeSitter;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The text eks-lint reads, or undefined when it must refuse the bytes (binary, not UTF-8, UTF-16). */
function decodable(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return undefined;
  if (bytes.subarray(0, 8000).includes(0)) return undefined;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function lineCount(bytes: Uint8Array): number {
  let lines = 1;
  for (const b of bytes) if (b === 0x0a) lines++;
  return lines;
}

/** Well-formed findings: known severity, a message, a range inside the file (or just after it). */
export function checkFindings(findings: readonly Finding[], files: ReadonlyMap<string, number>): string[] {
  const broken: string[] = [];
  for (const f of findings) {
    const where = `${f.ruleId} at ${f.file}:${f.range?.line}:${f.range?.column}`;
    const lines = files.get(f.file);
    if (lines === undefined) broken.push(`finding for a file that was not scanned: ${where}`);
    if (typeof f.ruleId !== 'string' || f.ruleId === '') broken.push(`finding without a rule id: ${where}`);
    if (!['error', 'warning', 'info'].includes(f.severity)) broken.push(`unknown severity ${String(f.severity)}: ${where}`);
    if (typeof f.message !== 'string' || f.message.trim() === '') broken.push(`finding without a message: ${where}`);
    if (f.message?.startsWith(INTERNAL_ERROR)) broken.push(`internal error (a crash caught by lint): ${f.message}`);
    const { line = NaN, column = NaN, endLine = NaN, endColumn = NaN } = f.range ?? {};
    const ints = [line, column, endLine, endColumn].every((n) => Number.isInteger(n));
    if (!ints || line < 1 || column < 1 || endLine < line || (endLine === line && endColumn < column)) {
      broken.push(`malformed range ${JSON.stringify(f.range)}: ${where}`);
    } else if (lines !== undefined && endLine > lines + 1) {
      broken.push(`range beyond the end of the file (${lines} lines): ${where}`);
    }
  }
  return broken;
}

/** Did the file fail to parse, in the eyes of a parser other than eks-lint's own wrapper? */
async function oracleSaysBroken(file: string, text: string): Promise<boolean> {
  if (syntaxOf(file) === 'hcl') {
    const parser = await hclOracle();
    // Values nested deeper than tree-sitter's scanner can follow (and HashiCorp's parser accepts)
    // are cut to unknown values, with an analysis-limit warning, before eks-lint parses: judge the
    // rest of the file as eks-lint sees it.
    const tree = parser.parse(prescanHcl(text).text);
    const broken = tree?.rootNode.hasError ?? false;
    tree?.delete();
    return broken;
  }
  // parseYaml ignores a leading byte-order mark (a second one, after the encoding's), as editors do.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const documents = parseAllDocuments(source, { schema: 'yaml-1.1', uniqueKeys: false, logLevel: 'silent', prettyErrors: false });
  return Array.isArray(documents) && documents.length > 0 && documents.every((d) => d.errors.length > 0);
}

/**
 * "Every file yields findings or a parse-error with a line": bytes that cannot be text, and text
 * that does not parse, must give a parse-error finding. (More parse errors than the oracle's are
 * fine: eks-lint also enforces limits the oracles do not have.)
 */
export async function checkParseOutcome(file: string, bytes: Uint8Array, findings: readonly Finding[]): Promise<string[]> {
  const own = findings.filter((f) => f.file === file);
  if (own.some((f) => f.ruleId === SKIPPED_FILE)) return [];
  const parseErrors = own.filter((f) => f.ruleId === PARSE_ERROR);
  const text = decodable(bytes);
  if (text === undefined) {
    return parseErrors.some((f) => f.severity === 'error') ? [] : [`${file}: bytes that are not UTF-8 text gave no parse-error`];
  }
  if (parseErrors.length > 0) return [];
  return (await oracleSaysBroken(file, text)) ? [`${file}: the parser oracle rejects it, but eks-lint reports no parse-error`] : [];
}

/** Exit status the CLI must have for these findings (no configuration: fail on errors). */
export function expectedExit(findings: readonly Finding[]): number {
  return exitCodeFor(findings, { failOn: 'error' });
}

/** Machine formats stay valid, terminal formats stay inert. `outputs` maps a format to its text. */
export function checkOutputs(outputs: Record<string, string>, findings: readonly Finding[], files: readonly string[]): string[] {
  const broken: string[] = [];
  for (const [format, text] of Object.entries(outputs)) {
    switch (format) {
      case 'json': {
        let results: LintResult[] = [];
        try {
          results = JSON.parse(text) as LintResult[];
        } catch (error) {
          broken.push(`json output does not parse: ${(error as Error).message}`);
          break;
        }
        const messages = results.reduce((n, r) => n + r.messages.length, 0);
        if (messages !== findings.length) broken.push(`json output has ${messages} messages for ${findings.length} findings`);
        if (UNSAFE_TERMINAL.test(text)) broken.push('json output prints a raw control character');
        if (results.length !== new Set([...files, ...findings.map((f) => f.file)]).size) broken.push(`json output has ${results.length} results`);
        break;
      }
      case 'sarif': {
        let log: unknown;
        try {
          log = JSON.parse(text);
        } catch (error) {
          broken.push(`sarif output does not parse: ${(error as Error).message}`);
          break;
        }
        if (!validateSarif(log)) broken.push(`sarif output breaks the schema: ${ajv.errorsText(validateSarif.errors).slice(0, 500)}`);
        if (UNSAFE_TERMINAL.test(text)) broken.push('sarif output prints a raw control character');
        break;
      }
      case 'checkstyle':
      case 'junit': {
        const valid = XMLValidator.validate(text);
        if (valid !== true) broken.push(`${format} output is not well-formed XML: ${JSON.stringify(valid.err)}`);
        break;
      }
      default: {
        const unsafe = UNSAFE_TERMINAL.exec(text);
        if (unsafe) broken.push(`${format} output prints a raw control character U+${unsafe[0].charCodeAt(0).toString(16).padStart(4, '0')}`);
      }
    }
  }
  return broken;
}

export async function formatAll(context: ReportContext): Promise<Record<string, string>> {
  const outputs: Record<string, string> = {};
  for (const [name, formatter] of Object.entries(FORMATTERS)) outputs[name] = await formatter(context);
  return outputs;
}

export interface CaseOutcome {
  broken: string[];
  ms: number;
  report?: LintReport;
}

/** Longest a single small case may take before it counts as a hang (the HCL parse budget is 3 s). */
export const CASE_TIME_LIMIT_MS = 5000;

/** One case, in-process: lint (the whole pipeline, rules and suppressions too), then every formatter. */
export async function checkCase(fileName: string, bytes: Uint8Array): Promise<CaseOutcome> {
  const file = `${VIRTUAL_DIR}/${fileName}`;
  const started = performance.now();
  let report: LintReport;
  try {
    report = await lint([file], { cwd: VIRTUAL_DIR, rules: defaultRules(), sources: { [file]: bytes } });
  } catch (error) {
    return { broken: [`lint threw: ${(error as Error).stack ?? String(error)}`], ms: performance.now() - started };
  }
  const ms = performance.now() - started;
  const broken: string[] = [];
  if (ms > CASE_TIME_LIMIT_MS) broken.push(`took ${ms.toFixed(0)} ms (limit ${CASE_TIME_LIMIT_MS} ms)`);
  if (report.files.length !== 1 || report.files[0] !== file) broken.push(`scanned ${JSON.stringify(report.files)} instead of the one file`);
  broken.push(...checkFindings(report.findings, new Map([[file, lineCount(bytes)]])));
  broken.push(...(await checkParseOutcome(file, bytes, report.findings)));
  const exit = expectedExit(report.findings);
  const hasError = report.findings.some((f) => f.severity === 'error' && f.ruleId !== SKIPPED_FILE);
  if (exit !== (hasError ? 1 : 0)) broken.push(`exit code ${exit} does not follow the findings`);
  try {
    const outputs = await formatAll({ findings: report.findings, suppressed: report.suppressed, files: report.files, rules: report.rules, cwd: VIRTUAL_DIR, version: '0.0.0' });
    broken.push(...checkOutputs(outputs, report.findings, report.files));
  } catch (error) {
    broken.push(`a formatter threw: ${(error as Error).stack ?? String(error)}`);
  }
  return { broken, ms, report };
}
