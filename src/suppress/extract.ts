/**
 * The per-file part of suppressions: comments found in real comment positions (tree-sitter's
 * comment nodes for HCL, the `yaml` package's concrete syntax tree for YAML — never a `#` inside a
 * string or a block scalar), read as directives and scoped by the file's structure.
 */
import { Parser } from 'yaml';
import { LineIndex, type Range } from '../model/range.js';
import type { Format } from '../model/resource.js';
import type { CommentSuppression } from '../model/suppression.js';
import { child, type PMap, type PNode } from '../model/tree.js';
import { type CommentSyntaxes, mayHoldDirective } from './directives.js';
import { addSpan, addTreeSpans, commentSuppressions, emptyStructure, type SourceComment } from './scope.js';

/** Whether anything but blanks stands before `column` (1-based) on `line`, or from `column` on. */
function codeAround(lines: readonly string[], range: Range): { codeBefore: boolean; codeAfter: boolean } {
  const first = lines[range.line - 1] ?? '';
  const last = lines[range.endLine - 1] ?? '';
  return { codeBefore: first.slice(0, range.column - 1).trim() !== '', codeAfter: last.slice(range.endColumn - 1).trim() !== '' };
}

function sourceComments(text: string, comments: readonly { text: string; range: Range }[]): SourceComment[] {
  const lines = text.split('\n');
  return comments.map((c) => ({ ...c, ...codeAround(lines, c.range) }));
}

/**
 * Suppressions of a Terraform (HCL) file. Peer tools' comments count here too: Checkov's inside a
 * top-level block, Trivy's and tfsec's on or above the line they cover, KICS's above it or for the file.
 */
export function hclSuppressions(text: string, comments: readonly { text: string; range: Range }[], body: PMap): CommentSuppression[] {
  if (comments.length === 0 || !mayHoldDirective(text)) return [];
  const structure = emptyStructure();
  addTreeSpans(structure, body.entries.map((e) => e.value));
  for (const e of body.entries) {
    const to = Math.max(e.keyRange.endLine, e.value.range.endLine);
    addSpan(structure, e.keyRange.line, to);
    if (e.value.type === 'map' && e.value.block) structure.resources.push({ from: e.keyRange.line, to });
  }
  return commentSuppressions(sourceComments(text, comments), structure, { checkov: true, trivy: true, tfsec: true, kics: true });
}

interface YamlComments {
  comments: { text: string; range: Range }[];
  /** Lines of `---` document markers. */
  documentStarts: number[];
}

/** Comments and document markers from the concrete syntax tree, walked with a stack (it may be deep). */
function yamlComments(source: string): YamlComments {
  const index = new LineIndex(source);
  const result: YamlComments = { comments: [], documentStarts: [] };
  const stack: unknown[] = [...new Parser().parse(source)];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (Array.isArray(item)) {
      stack.push(...(item as unknown[]));
      continue;
    }
    if (typeof item !== 'object' || item === null) continue;
    const token = item as { type?: unknown; offset?: unknown; source?: unknown };
    if ((token.type === 'comment' || token.type === 'doc-start') && typeof token.offset === 'number' && typeof token.source === 'string') {
      const range = index.range(token.offset, token.offset + token.source.length);
      if (token.type === 'comment') result.comments.push({ text: token.source, range });
      else result.documentStarts.push(range.line);
      continue;
    }
    for (const value of Object.values(token)) if (typeof value === 'object' && value !== null) stack.push(value);
  }
  result.comments.sort((a, b) => a.range.line - b.range.line || a.range.column - b.range.column);
  return result;
}

/** CloudFormation's resources: the `Resources` map's entries (or the top level of a bare resource map). */
function cloudFormationResources(root: PNode | null | undefined): { from: number; to: number }[] {
  if (root?.type !== 'map') return [];
  const resources = child(root, 'Resources');
  const map = resources?.type === 'map' ? resources : root;
  return map.entries.map((e) => ({ from: e.keyRange.line, to: Math.max(e.keyRange.endLine, e.value.range.endLine) }));
}

/**
 * Suppressions of a YAML file of a supported format. eks-lint's syntax is read in every format;
 * Checkov's and Trivy's comments only in CloudFormation templates, the only YAML those tools read
 * comments in; KICS's in every format.
 */
export function yamlSuppressions(text: string, documents: readonly (PNode | null)[], format: Format): CommentSuppression[] {
  // The YAML parser drops a byte-order mark the same way, so lines and columns agree with the trees.
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // Walking the concrete syntax tree costs a second parse: only pay it when a directive may be there.
  if (!mayHoldDirective(source)) return [];
  const { comments, documentStarts } = yamlComments(source);
  if (comments.length === 0) return [];
  const structure = emptyStructure();
  addTreeSpans(structure, documents);
  // A `---` line opens the document after it: the first root that starts below it, before the next marker.
  const starts = [...documentStarts].sort((a, b) => a - b);
  starts.forEach((line, i) => {
    const next = starts[i + 1] ?? Number.POSITIVE_INFINITY;
    const root = documents.find((d) => d !== null && d.range.line >= line && d.range.line < next);
    if (root) addSpan(structure, line, root.range.endLine);
  });
  const cloudFormation = format === 'cloudformation';
  if (cloudFormation) structure.resources.push(...cloudFormationResources(documents.find((d) => d?.type === 'map')));
  // KICS reads its comments in every YAML file it scans.
  const syntaxes: CommentSyntaxes = { checkov: cloudFormation, trivy: cloudFormation, tfsec: false, kics: true };
  return commentSuppressions(sourceComments(source, comments), structure, syntaxes);
}
