/**
 * The suppress stage: after the rules ran, findings covered by a suppression in the source are
 * set apart (kept, with a marker, for SARIF and JSON), and suppressions that are themselves wrong
 * — no reason, an unknown rule, nothing suppressed — are reported. Semantics: docs/suppressions.md.
 */
import { readdirSync } from 'node:fs';
import {
  type Finding,
  type Severity,
  SUPPRESSION_UNKNOWN_RULE,
  SUPPRESSION_WITHOUT_REASON,
  UNUSED_SUPPRESSION,
} from '../model/finding.js';
import type { Format, Resource } from '../model/resource.js';
import type { CommentSuppression, FindingSuppression, ResourceIgnore, SuppressionSource } from '../model/suppression.js';
import { globToRegExp } from '../suppress/directives.js';
import { BUILTIN_RULES_DIR } from './load-rules.js';
import { SuppressionIndex } from './suppression-index.js';
import type { Rule } from './rule.js';

/** The suppressions one file contributes through its comments (a `FileAnalysis` is one). */
export interface FileSuppressions {
  file: string;
  format: Format | null;
  suppressions: readonly CommentSuppression[];
  /**
   * Problems met reading the file. A file with an error may have lost resources, so its
   * suppressions are not reported as unused.
   */
  problems: readonly { severity: Severity }[];
}

export interface SuppressInput {
  /** Rule findings; only these can be suppressed. */
  findings: readonly Finding[];
  files: readonly FileSuppressions[];
  /** Resources, for the ignores written on them (annotations, CloudFormation Metadata). */
  resources: readonly Resource[];
  /** The rules that ran: their aliases map peer tools' ids, and only they can leave a suppression unused. */
  rules: readonly Rule[];
  /** Every rule id that exists, run or not; other ids in eks-lint's suppressions are unknown. */
  knownRuleIds: ReadonlySet<string>;
  /** Today as YYYY-MM-DD (UTC), for expiring ignores; the current date by default. */
  today?: string;
}

export interface SuppressResult {
  /** Findings no suppression covers. */
  findings: Finding[];
  /** Findings a suppression covers, each with its `suppressions` marker. */
  suppressed: Finding[];
  /** Warnings about the suppressions themselves. */
  problems: Finding[];
}

/** The ids of the built-in rules, from their file names (the loader enforces that they match). */
export function builtinRuleIds(): string[] {
  return readdirSync(BUILTIN_RULES_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .map((name) => name.replace(/\.ya?ml$/, ''));
}

type Scope = CommentSuppression['scope'] | { type: 'resource'; resource: string };

interface Active {
  file: string;
  format: Format | null;
  suppression: ResourceIgnore;
  scope: Scope;
  /** The eks-lint rules it covers. */
  targets: Set<string>;
  /** Whether an unused rule in it is worth reporting. */
  reportUnused: boolean;
}

/** Peer tool → its check ids (lower case) → the eks-lint rules that list them as aliases. */
type AliasIndex = Map<string, Map<string, string[]>>;

/** tfsec's ids live on in Trivy, so tfsec's comments are read against Trivy's aliases. */
const ALIAS_TOOL: Record<Exclude<SuppressionSource, 'eks-lint'>, string> = {
  checkov: 'checkov',
  trivy: 'trivy',
  tfsec: 'trivy',
  kics: 'kics',
  'kube-linter': 'kube-linter',
  polaris: 'polaris',
};

function aliasIndex(rules: readonly Rule[]): AliasIndex {
  const index: AliasIndex = new Map();
  for (const rule of rules) {
    for (const [tool, ids] of Object.entries(rule.aliases ?? {})) {
      const byId = index.get(tool) ?? new Map<string, string[]>();
      for (const id of ids) byId.set(id.toLowerCase(), [...(byId.get(id.toLowerCase()) ?? []), rule.id]);
      index.set(tool, byId);
    }
  }
  return index;
}

/** The eks-lint rules a peer tool's id stands for; `*` wildcards match any of that tool's ids. */
function peerTargets(source: Exclude<SuppressionSource, 'eks-lint'>, id: string, aliases: AliasIndex): string[] {
  const byId = aliases.get(ALIAS_TOOL[source]);
  if (!byId) return [];
  if (!id.includes('*')) return byId.get(id.toLowerCase()) ?? [];
  const pattern = globToRegExp(id);
  return [...byId].filter(([alias]) => pattern.test(alias)).flatMap(([, ruleIds]) => ruleIds);
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** An ignore with an expiry date applies before that date; an unreadable date never applies. */
function expired(suppression: ResourceIgnore, today: string): boolean {
  if (suppression.expires === undefined) return false;
  return !/^\d{4}-\d{2}-\d{2}$/.test(suppression.expires) || today >= suppression.expires;
}

function reasonHint(syntax: string): string {
  if (syntax.startsWith('eks-lint-disable')) return `add " -- <why the finding is accepted>" after the rule ids`;
  if (syntax === 'eks-lint.io/ignore') return 'add an eks-lint.io/ignore-reason annotation';
  return 'add a reason field';
}

function unusedWhere(scope: Scope): string {
  switch (scope.type) {
    case 'file':
      return 'in this file';
    case 'lines':
      return scope.from === scope.to ? 'on the line it covers' : 'in the lines it covers';
    case 'resource':
      return `on ${scope.resource}`;
  }
}

function warning(active: Active, ruleId: string, message: string): Finding {
  return {
    ruleId,
    severity: 'warning',
    message,
    file: active.file,
    range: active.suppression.range,
    ...(active.format ? { format: active.format } : {}),
  };
}

/** Every suppression of the scan, resource ignores once each (a Kubernetes object gives several resources). */
function collect(input: SuppressInput): { file: string; format: Format | null; suppression: ResourceIgnore; scope: Scope; complete: boolean }[] {
  const out: { file: string; format: Format | null; suppression: ResourceIgnore; scope: Scope; complete: boolean }[] = [];
  for (const f of input.files) {
    const complete = !f.problems.some((p) => p.severity === 'error');
    for (const s of f.suppressions) out.push({ file: f.file, format: f.format, suppression: s, scope: s.scope, complete });
  }
  const seen = new Set<string>();
  for (const resource of input.resources) {
    for (const ignore of resource.ignores ?? []) {
      const key = JSON.stringify([resource.file, resource.name, ignore.syntax, ignore.range, ignore.rules]);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ file: resource.file, format: resource.format, suppression: ignore, scope: { type: 'resource', resource: resource.name }, complete: true });
    }
  }
  return out;
}

export function applySuppressions(input: SuppressInput): SuppressResult {
  const today = input.today ?? todayUtc();
  const aliases = aliasIndex(input.rules);
  const ran = new Set(input.rules.map((r) => r.id));
  const problems: Finding[] = [];
  const actives: Active[] = [];

  for (const { file, format, suppression, scope, complete } of collect(input)) {
    if (expired(suppression, today)) continue;
    const active: Active = { file, format, suppression, scope, targets: new Set(), reportUnused: false };
    const { source, syntax } = suppression;
    if (source === 'eks-lint') {
      // eks-lint's own syntax is checked: it must name known rules and say why.
      if (suppression.rules.length === 0) problems.push(warning(active, SUPPRESSION_UNKNOWN_RULE, `${syntax} names no rule: list the ids of the rules it suppresses`));
      for (const id of suppression.rules) {
        if (input.knownRuleIds.has(id)) active.targets.add(id);
        else {
          const hint = /\s/.test(id) ? ' (separate the reason from the rule ids with " -- ")' : '';
          problems.push(warning(active, SUPPRESSION_UNKNOWN_RULE, `'${id}' in ${syntax} is not an eks-lint rule${hint}`));
        }
      }
      if (suppression.reason === undefined) problems.push(warning(active, SUPPRESSION_WITHOUT_REASON, `${syntax} gives no reason: ${reasonHint(syntax)}`));
      active.reportUnused = complete;
    } else {
      // A peer tool's suppression counts for the eks-lint rules that list its id; other ids are that tool's business.
      for (const id of suppression.rules) for (const target of peerTargets(source, id, aliases)) active.targets.add(target);
    }
    if (active.targets.size > 0) actives.push(active);
  }

  const index = new SuppressionIndex<Active>();
  for (const a of actives) index.add(a);
  const findings: Finding[] = [];
  const suppressed: Finding[] = [];
  index.match(input.findings).forEach((matching, i) => {
    const finding = input.findings[i]!;
    if (matching.length === 0) {
      findings.push(finding);
      return;
    }
    const marks: FindingSuppression[] = matching.map((a) => ({
      kind: 'inSource',
      source: a.suppression.source,
      syntax: a.suppression.syntax,
      ...(a.suppression.reason !== undefined ? { justification: a.suppression.reason } : {}),
      file: a.file,
      range: a.suppression.range,
    }));
    suppressed.push({ ...finding, suppressions: marks });
  });

  for (const a of actives) {
    if (!a.reportUnused) continue;
    // A rule that did not run (deselected) cannot show whether its suppression is still needed.
    for (const id of a.targets) {
      if (ran.has(id) && !index.usedRules(a).has(id)) {
        problems.push(warning(a, UNUSED_SUPPRESSION, `Unused ${a.suppression.syntax}: there is no ${id} finding ${unusedWhere(a.scope)}`));
      }
    }
  }
  return { findings, suppressed, problems };
}
