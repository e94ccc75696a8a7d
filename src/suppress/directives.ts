/**
 * Reading suppression directives out of comment text: eks-lint's own
 * (`eks-lint-disable-next-line <rule>[,<rule>] -- <reason>`, `eks-lint-disable ...`), Checkov's
 * (`checkov:skip=<id>[:<reason>]`), Trivy's / tfsec's (`trivy:ignore:<id>[:exp:<date>]`) and KICS's
 * (`kics-scan ignore-line`, `ignore-block`, `ignore`, `disable=<query-id>[,<query-id>]`).
 * Where a directive applies is decided later, from the file's structure (scope.ts).
 */
import type { SuppressionSource } from '../model/suppression.js';

/**
 * How a directive finds the lines it covers:
 * - `same-or-next-line`: the code on the comment's own line (a comment after code, as ESLint's
 *   `eslint-disable-line` and Trivy's trailing ignores), or, for a comment alone on its line, the
 *   next line that is not only a comment; with the construct that starts on that line;
 * - `line-only`: the next line that is not only a comment, alone (KICS's `ignore-line`);
 * - `file`: the whole file;
 * - `enclosing-resource`: the top-level resource (HCL block, CloudFormation resource) around it.
 */
export type Placement = 'same-or-next-line' | 'line-only' | 'file' | 'enclosing-resource';

export interface Directive {
  source: SuppressionSource;
  syntax: string;
  rules: string[];
  reason?: string;
  expires?: string;
  placement: Placement;
}

/** The text of a comment without its markers: `# x`, `// x` and a block comment around ` x ` all give ` x `. */
export function commentBody(comment: string): string {
  if (comment.startsWith('/*')) return comment.slice(2, comment.endsWith('*/') && comment.length >= 4 ? -2 : undefined);
  if (comment.startsWith('//')) return comment.slice(2);
  if (comment.startsWith('#')) return comment.slice(1);
  return comment;
}

const EKS_LINT = /^\s*(eks-lint-disable-next-line|eks-lint-disable)(?=\s|$)([\s\S]*)$/;
/** ESLint's separator between a directive and its description: two or more dashes between blanks. */
const REASON_SEPARATOR = /(?:^|\s)-{2,}(?:\s|$)/;

/** `a, b -- why` → rules `[a, b]` and reason `why`; a reason is one line of collapsed whitespace. */
export function splitRulesAndReason(text: string): { rules: string[]; reason?: string } {
  const separator = REASON_SEPARATOR.exec(text);
  const rulesPart = separator ? text.slice(0, separator.index) : text;
  const reason = separator ? text.slice(separator.index + separator[0].length).replace(/\s+/g, ' ').trim() : '';
  const rules = rulesPart
    .split(',')
    .map((r) => r.replace(/\s+/g, ' ').trim())
    .filter((r) => r !== '');
  return reason === '' ? { rules } : { rules, reason };
}

function eksLintDirective(body: string): Directive | undefined {
  const match = EKS_LINT.exec(body);
  if (!match) return undefined;
  const syntax = match[1] ?? '';
  return {
    source: 'eks-lint',
    syntax,
    placement: syntax === 'eks-lint-disable' ? 'file' : 'same-or-next-line',
    ...splitRulesAndReason(match[2] ?? ''),
  };
}

/** Checkov's own pattern, extended (as Checkov optionally is) to comma-separated ids. */
const CHECKOV = /(?:checkov|bridgecrew):skip=\s*([A-Za-z_\d]+(?:,[A-Za-z_\d]+)*)(?::([^\n]*))?/g;

function checkovDirectives(body: string): Directive[] {
  return [...body.matchAll(CHECKOV)].map((m) => {
    const reason = (m[2] ?? '').trim();
    return {
      source: 'checkov' as const,
      syntax: 'checkov:skip',
      rules: (m[1] ?? '').split(','),
      placement: 'enclosing-resource' as const,
      ...(reason ? { reason } : {}),
    };
  });
}

/**
 * `trivy:ignore:<id>` / `tfsec:ignore:<id>`, several per comment, each optionally followed by
 * `:exp:<yyyy-mm-dd>` and `:ws:<workspace>`. An ignore limited to some instances
 * (`<id>[from_port=22]`) cannot be honoured statically and is left out, as is one limited to a
 * workspace other than `default` (the only one a static scan sees).
 */
const TRIVY = /(?:^[#/*\s]*|\s)(trivy|tfsec):ignore:([^\s:[]+)(\[[^\]\s]*\])?((?::(?:exp|ws):[^\s:]+)*)/gi;

function trivyDirectives(body: string): Directive[] {
  const out: Directive[] = [];
  for (const m of body.matchAll(TRIVY)) {
    const tool = (m[1] ?? '').toLowerCase() === 'tfsec' ? 'tfsec' : 'trivy';
    // An instance filter (`[attr=value]`, written with or without blanks) cannot be judged statically.
    if (m[3] || body[m.index + m[0].length] === '[') continue;
    const suffixes = [...(m[4] ?? '').matchAll(/:(exp|ws):([^\s:]+)/g)].map((s) => [s[1], s[2] ?? ''] as const);
    const workspace = suffixes.find(([k]) => k === 'ws')?.[1];
    if (workspace !== undefined && !globToRegExp(workspace).test('default')) continue;
    const expires = suffixes.find(([k]) => k === 'exp')?.[1];
    out.push({
      source: tool,
      syntax: `${tool}:ignore`,
      rules: [m[2] ?? ''],
      placement: 'same-or-next-line',
      ...(expires !== undefined ? { expires } : {}),
    });
  }
  return out;
}

/**
 * KICS's `kics-scan` comments. `ignore-line` and `ignore-block` cover the next line or block for every
 * query, `ignore` the whole file; `disable=<ids>` turns queries off for the file. Query ids are
 * UUIDs. (`enable=<ids>`, which runs only those queries, says nothing about eks-lint's rules.)
 */
const KICS = /^\s*kics-scan\s+(ignore-line|ignore-block|ignore|disable\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*))(?=\s|$)/i;

function kicsDirective(body: string): Directive | undefined {
  const match = KICS.exec(body);
  if (!match) return undefined;
  const command = (match[1] ?? '').toLowerCase();
  if (command === 'ignore-line') return { source: 'kics', syntax: 'kics-scan ignore-line', rules: ['*'], placement: 'line-only' };
  if (command === 'ignore-block') return { source: 'kics', syntax: 'kics-scan ignore-block', rules: ['*'], placement: 'same-or-next-line' };
  if (command === 'ignore') return { source: 'kics', syntax: 'kics-scan ignore', rules: ['*'], placement: 'file' };
  const ids = (match[2] ?? '').split(',').map((id) => id.trim());
  return { source: 'kics', syntax: 'kics-scan disable', rules: ids, placement: 'file' };
}

/** A case-insensitive pattern where `*` stands for any run of characters. */
export function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}

/** Which syntaxes a file honours: eks-lint's everywhere, peers' where the peer tool reads comments. */
export interface CommentSyntaxes {
  checkov: boolean;
  trivy: boolean;
  tfsec: boolean;
  kics: boolean;
}

/** Every directive names one of these; a file without any needs no comment walk at all. */
const DIRECTIVE_MARKER = /eks-lint-disable|(?:checkov|bridgecrew):skip=|(?:trivy|tfsec):ignore:|kics-scan/i;

/** A cheap test, on the whole text, that a file may hold a directive. */
export function mayHoldDirective(text: string): boolean {
  return DIRECTIVE_MARKER.test(text);
}

/** The directives of one comment (usually none). */
export function directivesOf(comment: string, syntaxes: CommentSyntaxes): Directive[] {
  const body = commentBody(comment);
  const own = eksLintDirective(body);
  if (own) return [own];
  const kics = syntaxes.kics ? kicsDirective(body) : undefined;
  if (kics) return [kics];
  const out: Directive[] = [];
  if (syntaxes.checkov) out.push(...checkovDirectives(body));
  if (syntaxes.trivy || syntaxes.tfsec) {
    out.push(...trivyDirectives(body).filter((d) => (d.source === 'trivy' ? syntaxes.trivy : syntaxes.tfsec)));
  }
  return out;
}
