/**
 * Suppressions written on a resource itself, read by the adapters into `Resource.ignores`:
 * Kubernetes (and eksctl) annotations, CloudFormation `Metadata`. See docs/suppressions.md.
 */
import type { ResourceIgnore } from '../model/suppression.js';
import { child, type PNode } from '../model/tree.js';
import { entryRange } from './plain.js';

export const IGNORE_ANNOTATION = 'eks-lint.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'eks-lint.io/ignore-reason';

/** A scalar as text (annotation values are strings, but YAML may read `true` or `1` otherwise). */
function text(node: PNode | undefined): string | undefined {
  if (node?.type !== 'scalar' || node.value === null) return undefined;
  const value = String(node.value).trim();
  return value === '' ? undefined : value;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

function withReason(ignore: ResourceIgnore, reason: string | undefined): ResourceIgnore {
  return reason === undefined ? ignore : { ...ignore, reason };
}

/** Polaris's `polaris.fairwinds.com/exempt` (every check) and `polaris.fairwinds.com/<check>-exempt`. */
const POLARIS_EXEMPT = /^polaris\.fairwinds\.com\/(?:exempt|(.+)-exempt)$/;

/**
 * The ignores in an object's `metadata.annotations`: eks-lint's own
 * (`eks-lint.io/ignore: "<rule>[,<rule>]"` with `eks-lint.io/ignore-reason`) and, when `peers`,
 * Checkov's (`checkov.io/skip<n>: <id>[=<reason>]`), kube-linter's
 * (`ignore-check.kube-linter.io/<check>: <reason>`, `kube-linter.io/ignore-all`) and Polaris's
 * (`polaris.fairwinds.com/exempt: "true"`, `polaris.fairwinds.com/<check>-exempt: "true"`).
 */
export function annotationIgnores(metadata: PNode | undefined, peers: boolean): ResourceIgnore[] {
  const annotations = child(metadata, 'annotations');
  if (annotations?.type !== 'map') return [];
  const out: ResourceIgnore[] = [];
  const reason = text(child(annotations, IGNORE_REASON_ANNOTATION));
  for (const e of annotations.entries) {
    const range = entryRange(e);
    const value = text(e.value);
    if (e.key === IGNORE_ANNOTATION) {
      out.push(withReason({ source: 'eks-lint', syntax: IGNORE_ANNOTATION, rules: value ? list(value) : [], range }, reason));
    } else if (!peers) {
      continue;
    } else if (/^checkov\.io\/skip\d*$/.test(e.key) && value) {
      const separator = value.indexOf('=');
      const id = (separator < 0 ? value : value.slice(0, separator)).trim();
      const why = separator < 0 ? undefined : value.slice(separator + 1).trim() || undefined;
      out.push(withReason({ source: 'checkov', syntax: 'checkov.io/skip', rules: [id], range }, why));
    } else if (e.key.startsWith('ignore-check.kube-linter.io/')) {
      const check = e.key.slice('ignore-check.kube-linter.io/'.length);
      out.push(withReason({ source: 'kube-linter', syntax: 'ignore-check.kube-linter.io', rules: [check], range }, value));
    } else if (e.key === 'kube-linter.io/ignore-all') {
      out.push(withReason({ source: 'kube-linter', syntax: 'kube-linter.io/ignore-all', rules: ['*'], range }, value));
    } else if (POLARIS_EXEMPT.test(e.key) && value?.toLowerCase() === 'true') {
      // Polaris exempts only on "true"; its annotations carry no reason.
      const check = POLARIS_EXEMPT.exec(e.key)?.[1];
      out.push({ source: 'polaris', syntax: check ? 'polaris.fairwinds.com/<check>-exempt' : 'polaris.fairwinds.com/exempt', rules: [check ?? '*'], range });
    }
  }
  return out;
}

/** The items of a list written either as a sequence or as a single map. */
function items(node: PNode | undefined): PNode[] {
  if (node?.type === 'seq') return node.items;
  return node?.type === 'map' ? [node] : [];
}

/** A rule named by a string, or by a list of strings. */
function names(node: PNode | undefined): string[] {
  if (node?.type === 'seq') return node.items.flatMap((item) => list(text(item) ?? ''));
  const value = text(node);
  return value ? list(value) : [];
}

/**
 * The ignores in a CloudFormation resource's `Metadata`: eks-lint's own
 * (`eks-lint: {ignore: [{rule, reason}]}`) and Checkov's (`checkov: {skip: [{id, comment}]}`).
 */
export function cloudFormationIgnores(resource: PNode): ResourceIgnore[] {
  const metadata = child(resource, 'Metadata');
  if (metadata?.type !== 'map') return [];
  const own = items(child(child(metadata, 'eks-lint'), 'ignore')).map((item) =>
    withReason({ source: 'eks-lint', syntax: 'Metadata eks-lint ignore', rules: names(child(item, 'rule')), range: item.range }, text(child(item, 'reason'))),
  );
  const checkov = items(child(child(metadata, 'checkov'), 'skip')).flatMap((item) => {
    const id = text(child(item, 'id'));
    return id ? [withReason({ source: 'checkov', syntax: 'Metadata checkov skip', rules: [id], range: item.range }, text(child(item, 'comment')))] : [];
  });
  return [...own, ...checkov];
}
