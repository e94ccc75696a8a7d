/**
 * Baselines: a file recording the findings a project has accepted for now, so that a scan reports
 * only new ones. Findings are matched by their line-independent fingerprint
 * (src/report/fingerprint.ts), with counts: a baseline entry absorbs one finding. Parse errors and
 * skipped-file notes are never baselined: a file that cannot be read must always show.
 */
import { writeFile } from 'node:fs/promises';
import { ConfiguredFileError, readConfiguredFile } from '../config/configured-file.js';
import type { Finding } from '../model/finding.js';
import { fingerprint } from '../report/fingerprint.js';
import { compareText } from '../report/order.js';
import { relativePath } from '../report/paths.js';
import { isInputNote } from '../report/rule-meta.js';

export const BASELINE_VERSION = 1;

/** A baseline entry is about 300 bytes: 32 MB holds some 100,000 findings. */
export const MAX_BASELINE_SIZE = 32 * 1024 * 1024;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Relative to the working folder, `/`-separated (absolute when outside it). */
  file: string;
  resource?: string;
  message: string;
}

export interface Baseline {
  version: typeof BASELINE_VERSION;
  tool: 'eks-lint';
  findings: BaselineEntry[];
}

/** A baseline file that cannot be read or is not a baseline: the CLI reports it and exits with 2. */
export class BaselineError extends Error {
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: ${detail}`);
    this.name = 'BaselineError';
  }
}

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return (
    compareText(a.file, b.file) ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.resource ?? '', b.resource ?? '') ||
    compareText(a.message, b.message) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/** The baseline of `findings` (input notes left out), sorted so that it diffs well under version control. */
export function createBaseline(findings: readonly Finding[], cwd: string): Baseline {
  const entries = findings
    .filter((f) => !isInputNote(f))
    .map(
      (f): BaselineEntry => ({
        fingerprint: fingerprint(f, cwd),
        ruleId: f.ruleId,
        file: relativePath(f.file, cwd) ?? f.file.replace(/\\/g, '/'),
        ...(f.resource !== undefined ? { resource: f.resource } : {}),
        message: f.message,
      }),
    )
    .sort(compareEntries);
  return { version: BASELINE_VERSION, tool: 'eks-lint', findings: entries };
}

export async function writeBaseline(file: string, findings: readonly Finding[], cwd: string): Promise<Baseline> {
  const baseline = createBaseline(findings, cwd);
  await writeFile(file, JSON.stringify(baseline, null, 2) + '\n');
  return baseline;
}

function isEntry(value: unknown): value is BaselineEntry {
  if (typeof value !== 'object' || value === null) return false;
  const e = value as Record<string, unknown>;
  return typeof e.fingerprint === 'string' && typeof e.ruleId === 'string' && typeof e.file === 'string';
}

/**
 * The kind and place of a JSON syntax error, from V8's message without the excerpt of the text
 * that some messages quote: the file may not be what it claims (a baseline setting pointing at a
 * file of secrets), and its content must not reach the log.
 */
export function jsonErrorKind(text: string, message: string): string {
  const positioned = /^(.*?) in JSON at position (\d+)/.exec(message);
  if (positioned) {
    const before = text.slice(0, Number(positioned[2]));
    const line = before.split('\n').length;
    const column = before.length - before.lastIndexOf('\n');
    return `${positioned[1]!.replace(/'[^']*'/g, (quoted) => (quoted.length <= 3 ? quoted : "'...'"))} at line ${line}, column ${column}`;
  }
  if (/^Unexpected end of JSON input/.test(message)) return 'unexpected end of input';
  return 'unexpected character';
}

/** Checks the shape of a parsed baseline file. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(file, `not valid JSON (${jsonErrorKind(text, (error as Error).message)})`);
  }
  const b = data as Partial<Baseline> | null;
  if (typeof b !== 'object' || b === null || b.tool !== 'eks-lint') throw new BaselineError(file, 'not an eks-lint baseline');
  if (b.version !== BASELINE_VERSION) throw new BaselineError(file, `unsupported baseline version ${JSON.stringify(b.version)} (expected ${BASELINE_VERSION})`);
  if (!Array.isArray(b.findings) || !b.findings.every(isEntry)) throw new BaselineError(file, "'findings' must be a list of entries with fingerprint, ruleId and file");
  return b as Baseline;
}

/**
 * Reads a baseline file: a regular file of at most MAX_BASELINE_SIZE bytes. `root`, for a path
 * that came from configuration, is the repository it must stay inside.
 */
export function readBaselineSync(file: string, root?: string): Baseline {
  let text: string;
  try {
    text = readConfiguredFile(file, { maxBytes: MAX_BASELINE_SIZE, ...(root !== undefined ? { root } : {}) });
  } catch (error) {
    if (error instanceof ConfiguredFileError) throw new BaselineError(file, `cannot read baseline: ${error.reason}`);
    throw error;
  }
  return parseBaseline(text, file);
}

/** readBaselineSync, as a promise (the API's shape). */
export async function readBaseline(file: string, root?: string): Promise<Baseline> {
  return await Promise.resolve().then(() => readBaselineSync(file, root));
}

export interface BaselineResult {
  /** Findings the baseline does not account for: what the scan reports. */
  findings: Finding[];
  /** Findings the baseline absorbed. */
  baselined: Finding[];
  /** Baseline entries no finding matched any more (fixed since the baseline was written). */
  unmatched: number;
}

/** Splits `findings` by a baseline: each entry absorbs one finding with its fingerprint. */
export function filterByBaseline(findings: readonly Finding[], baseline: Baseline, cwd: string): BaselineResult {
  const remaining = new Map<string, number>();
  for (const entry of baseline.findings) remaining.set(entry.fingerprint, (remaining.get(entry.fingerprint) ?? 0) + 1);
  const result: BaselineResult = { findings: [], baselined: [], unmatched: 0 };
  for (const finding of findings) {
    const key = isInputNote(finding) ? undefined : fingerprint(finding, cwd);
    const left = key === undefined ? 0 : (remaining.get(key) ?? 0);
    if (key !== undefined && left > 0) {
      remaining.set(key, left - 1);
      result.baselined.push(finding);
    } else {
      result.findings.push(finding);
    }
  }
  for (const left of remaining.values()) result.unmatched += left;
  return result;
}

export async function applyBaseline(findings: readonly Finding[], baselineFile: string, cwd: string): Promise<BaselineResult> {
  return filterByBaseline(findings, await readBaseline(baselineFile), cwd);
}
