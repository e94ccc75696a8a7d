/**
 * The statements of an AWS resource policy (an ECR repository policy), as far as rules about who
 * is granted access need them: effect, principal and whether the statement opens the resource to
 * anyone. The document may be a positioned map (CloudFormation `RepositoryPolicyText` as YAML or
 * JSON), or JSON text (a Terraform heredoc or `jsonencode` result, a CloudFormation string), which
 * is parsed with the embedded-text parser so that a heredoc's statements keep their own lines.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, pointer, type Pointer, unknown, type Unknown } from '../../model/resource.js';
import { entry, type PEntry, type PMap, type PNode } from '../../model/tree.js';
import { type EmbeddedBudget, parseEmbeddedYaml } from '../embedded-yaml.js';
import type { Resolver } from '../fields.js';
import { entryRange, type Locations } from '../plain.js';

/** A policy longer than this is not read (ECR's own limit is 10,240 characters). */
const MAX_POLICY_TEXT = 100_000;

/** Deeper values are unknown: a policy's own structure is four levels deep. */
const MAX_DEPTH = 32;

/**
 * Condition keys that, with a concrete value under a positive operator, limit a `*` principal to
 * callers of an account, organisation, source or network: the keys S3 Block Public Access and IAM
 * Access Analyzer accept as making a policy non-public. Lower case: condition keys are
 * case-insensitive.
 */
const RESTRICTING_KEYS = new Set(
  [
    'aws:PrincipalAccount',
    'aws:PrincipalArn',
    'aws:PrincipalOrgID',
    'aws:PrincipalOrgPaths',
    'aws:PrincipalServiceName',
    'aws:SourceAccount',
    'aws:SourceArn',
    'aws:SourceOrgID',
    'aws:SourceOrgPaths',
    'aws:SourceOwner',
    'aws:SourceVpc',
    'aws:SourceVpce',
    'aws:SourceIp',
    'aws:userid',
  ].map((k) => k.toLowerCase()),
);

/** Source IP ranges that admit every address: they restrict nothing. */
const OPEN_CIDRS = new Set(['0.0.0.0/0', '::/0']);

/** A policy document: its root map, or why it cannot be read. */
export type PolicyDocument = PMap | Unknown;

/**
 * The document a policy value stands for: a map as written, or JSON text parsed in place. A
 * multi-line text (a heredoc, a block scalar) keeps its lines; a one-line text (`jsonencode`
 * output) is located at `at` as a whole.
 */
export function policyDocumentOf(value: PNode, at: Range, budget: EmbeddedBudget): PolicyDocument {
  if (value.type === 'map') return value;
  if (value.type === 'expr') return unknown(value.text);
  if (value.type !== 'scalar' || typeof value.value !== 'string') return unknown('the policy is not a document');
  const text = value.value;
  if (text.length > MAX_POLICY_TEXT) return unknown('the policy text is too long to read');
  const parsed = parseEmbeddedYaml(text, text.includes('\n') ? at : collapsed(at), budget);
  const [document] = parsed.documents;
  if (!parsed.clean || parsed.documents.length !== 1 || document?.type !== 'map') return unknown('the policy text is not a JSON object');
  return text.includes('\n') ? document : locatedAt(document, at);
}

/** A one-line range, so that a one-line text gets no placement and falls back to `at`. */
function collapsed(at: Range): Range {
  return { ...at, endLine: at.line };
}

/** Every range of `node` set to `at`: where the text was written, since its inner positions are not in the file. */
function locatedAt<T extends PNode>(node: T, at: Range): T {
  switch (node.type) {
    case 'scalar':
    case 'expr':
      return { ...node, range: at };
    case 'seq':
      return { ...node, range: at, items: node.items.map((i) => locatedAt(i, at)) };
    case 'map':
      return { ...node, range: at, entries: node.entries.map((e) => ({ key: e.key, keyRange: at, value: locatedAt(e.value, at) })) };
  }
  return node;
}

/**
 * Reads the statements under `at` (`/policy/statements`): each as `{effect, principal,
 * notPrincipal, condition, public}`, with its fields located. `public` is true when the statement
 * allows a `*` principal (`"*"`, `{"AWS": "*"}`, or an `"*"` among the AWS principals) or allows
 * through `NotPrincipal`, and no condition limits the callers (RESTRICTING_KEYS); it is located at
 * the `*` or the `NotPrincipal`.
 */
export function readStatements(document: PolicyDocument, at: Pointer, locations: Locations, documentAt: Range, resolve: Resolver): unknown {
  locations[at] = documentAt;
  if (isUnknown(document)) return document;
  const statementEntry = entry(document, 'Statement');
  if (statementEntry === undefined) return [];
  const value = resolve(statementEntry.value);
  if (value === undefined) return [];
  if (isUnknown(value)) return value;
  locations[at] = entryRange(statementEntry);
  const items = value.type === 'seq' ? value.items : [value];
  return items.map((item, i) => readStatement(item, `${at}${pointer(i)}`, locations, resolve));
}

function readStatement(node: PNode, at: Pointer, locations: Locations, resolve: Resolver): unknown {
  const value = resolve(node);
  locations[at] = node.range;
  if (value === undefined) return {};
  if (isUnknown(value)) return value;
  if (value.type !== 'map') return unknown('a statement is not an object');
  const out: Record<string, unknown> = {};
  const field = (key: string, name: string): PEntry | undefined => {
    const e = entry(value, key);
    if (e === undefined) return undefined;
    const resolved = resolve(e.value);
    if (resolved === undefined) return undefined;
    out[name] = plainValue(resolved, resolve);
    locations[`${at}/${name}`] = entryRange(e);
    return e;
  };
  field('Effect', 'effect');
  const principal = field('Principal', 'principal');
  const notPrincipal = field('NotPrincipal', 'notPrincipal');
  field('Condition', 'condition');
  const everyone = principal ? wildcardPrincipal(principal, resolve) : notPrincipal ? { value: true as const, range: entryRange(notPrincipal) } : undefined;
  const allows = typeof out['effect'] === 'string' ? out['effect'] === 'Allow' : isUnknown(out['effect']) ? out['effect'] : false;
  const open = and(allows, everyone?.value ?? false);
  out['public'] = open === true ? unlimited(out['condition']) : open;
  locations[`${at}/public`] = everyone?.range ?? node.range;
  return out;
}

/** A subtree as plain JSON with every nested value resolved (a `Ref` inside a condition is a parameter's value). */
function plainValue(node: PNode | Unknown, resolve: Resolver, depth = 0): unknown {
  if (isUnknown(node)) return node;
  if (depth > MAX_DEPTH) return unknown('the policy is nested too deeply');
  const inner = (child: PNode): unknown => {
    const value = resolve(child);
    return value === undefined ? undefined : plainValue(value, resolve, depth + 1);
  };
  switch (node.type) {
    case 'scalar':
      return node.value;
    case 'expr':
      return unknown(node.text);
    case 'seq':
      return node.items.map(inner).filter((v) => v !== undefined);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, inner(e.value)] as const).filter(([, v]) => v !== undefined));
  }
  return unknown('not a value');
}

/** Whether a `Principal` is everyone, and where the `*` is written. */
function wildcardPrincipal(e: PEntry, resolve: Resolver): { value: boolean | Unknown; range: Range } {
  const value = resolve(e.value);
  const whole = entryRange(e);
  if (value === undefined) return { value: false, range: whole };
  if (isUnknown(value)) return { value, range: whole };
  if (value.type === 'scalar') return { value: value.value === '*', range: whole };
  if (value.type !== 'map') return { value: unknown('the principal is an expression'), range: whole };
  const aws = entry(value, 'AWS');
  if (aws === undefined) return { value: false, range: whole };
  const principals = resolve(aws.value);
  if (principals === undefined) return { value: false, range: whole };
  if (isUnknown(principals)) return { value: principals, range: entryRange(aws) };
  const items = principals.type === 'seq' ? principals.items : [principals];
  let undecided: Unknown | undefined;
  for (const item of items) {
    const v = resolve(item);
    if (v !== undefined && !isUnknown(v) && v.type === 'scalar' && v.value === '*') return { value: true, range: principals.type === 'seq' ? v.range : entryRange(aws) };
    if (v === undefined) continue;
    if (isUnknown(v)) undecided ??= v;
    else if (v.type === 'expr') undecided ??= unknown(v.text);
  }
  return { value: undecided ?? false, range: entryRange(aws) };
}

/**
 * Whether a `*` principal stays unlimited under the statement's `Condition`: false when some
 * positive operator (not `...Not...`, not `...IfExists`, not `ForAllValues:`, not `Null`) tests a
 * restricting key against concrete values none of which is a lone `*` or an open CIDR.
 */
function unlimited(condition: unknown): boolean | Unknown {
  if (condition === undefined || condition === null) return true;
  if (isUnknown(condition)) return condition;
  if (typeof condition !== 'object' || Array.isArray(condition)) return unknown('the condition is not an object');
  let undecided: Unknown | undefined;
  for (const [operator, tests] of Object.entries(condition as Record<string, unknown>)) {
    if (!isPositive(operator)) continue;
    if (isUnknown(tests)) {
      undecided ??= tests;
      continue;
    }
    if (typeof tests !== 'object' || tests === null) continue;
    for (const [key, values] of Object.entries(tests as Record<string, unknown>)) {
      if (!RESTRICTING_KEYS.has(key.toLowerCase())) continue;
      const list = Array.isArray(values) ? (values as unknown[]) : [values];
      if (isUnknown(values) || list.some(isUnknown)) undecided ??= isUnknown(values) ? values : unknown('a condition value is an expression');
      else if (list.length > 0 && list.every((v) => typeof v === 'string' && v !== '*' && !OPEN_CIDRS.has(v))) return false;
    }
  }
  return undecided ?? true;
}

function isPositive(operator: string): boolean {
  const name = operator.replace(/^ForAnyValue:/i, '');
  return !/^ForAllValues:/i.test(operator) && !/Not/.test(name) && !/IfExists$/i.test(name) && name.toLowerCase() !== 'null';
}

function and(a: boolean | Unknown, b: boolean | Unknown): boolean | Unknown {
  if (a === false || b === false) return false;
  return isUnknown(a) ? a : b;
}
