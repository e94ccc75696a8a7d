import type { Range } from './range.js';

/**
 * Suppressions: a person's decision, written in the scanned files, that a finding is accepted.
 * Plain data (they are produced by the per-file stage and cached with it); docs/suppressions.md is
 * the user-facing description of every syntax.
 */

/** Whose syntax a suppression is written in: eks-lint's own, or a peer tool's that eks-lint honours. */
export type SuppressionSource = 'eks-lint' | 'checkov' | 'trivy' | 'tfsec' | 'kics' | 'kube-linter' | 'polaris';

interface SuppressionBase {
  source: SuppressionSource;
  /** The syntax as a person writes it, for messages: `eks-lint-disable-next-line`, `checkov:skip`, `eks-lint.io/ignore`. */
  syntax: string;
  /**
   * The rules named, as written: eks-lint rule ids for eks-lint's syntax, the peer tool's check
   * ids otherwise (trivy and tfsec ids may hold `*` wildcards; `*` alone means every check, as KICS's
   * `ignore-line`, `ignore-block` and `ignore` are recorded).
   */
  rules: string[];
  /** The justification, when one is given. */
  reason?: string;
  /** Where the suppression is written; reports about the suppression itself point here. */
  range: Range;
  /** Last day (YYYY-MM-DD) the suppression applies: trivy's and tfsec's `:exp:` suffix. */
  expires?: string;
}

/**
 * Which findings of its file a comment covers, by the line a finding is reported on: all of
 * them, or those on the lines `from`..`to` (inclusive).
 */
export type SuppressionScope = { type: 'file' } | { type: 'lines'; from: number; to: number };

/** A suppression written as a comment; its scope is worked out from the file's structure. */
export interface CommentSuppression extends SuppressionBase {
  scope: SuppressionScope;
}

/**
 * A suppression written on a resource itself (a Kubernetes annotation, CloudFormation `Metadata`):
 * it covers that resource's findings, wherever they are located.
 */
export type ResourceIgnore = SuppressionBase;

/** What a suppressed finding records about each suppression that covers it. */
export interface FindingSuppression {
  /** SARIF's word for a suppression written in the analysed source. */
  kind: 'inSource';
  source: SuppressionSource;
  syntax: string;
  justification?: string;
  /** Where the suppression is written. */
  file: string;
  range: Range;
}
