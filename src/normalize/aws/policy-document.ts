/**
 * IAM policy documents, whatever wrote them: a JSON or YAML map (CloudFormation's `PolicyDocument`,
 * eksctl's `attachPolicy`), a JSON string (a Terraform heredoc, `jsonencode(...)`), or the
 * `statement` blocks of Terraform's `aws_iam_policy_document`. Each statement comes out in one
 * canonical shape, every action and resource located where the text allows.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, pointer, unknown, type Unknown } from '../../model/resource.js';
import type { HclExpr } from '../../model/hcl-expr.js';
import type { PMap, PNode } from '../../model/tree.js';
import { type EmbeddedBudget, parseEmbeddedYaml } from '../embedded-yaml.js';
import { type Field, readField, readList, readString, type Resolver, rootSection, type Section } from '../fields.js';
import type { Locations } from '../plain.js';
import { entryRange } from '../plain.js';

/** The lists a statement may hold, by their canonical names. */
export const STATEMENT_LISTS = ['actions', 'notActions', 'resources', 'notResources'] as const;
export type StatementList = (typeof STATEMENT_LISTS)[number];

/** One statement as read: each value located, an expression unknown. */
export interface StatementRead {
  range: Range;
  effect: Field<string>;
  lists: Partial<Record<StatementList, Field<Field<string>[]>>>;
  /** `Principal`: principal type (`Service`, `AWS`, `Federated`, `*`) → identifiers. */
  principals?: Field<Record<string, Field<string>[]>>;
}

/** A document: its statements, or why they cannot be known. */
export type DocumentRead = StatementRead[] | Unknown;

/** The JSON names of the statement lists. */
const JSON_NAMES: Record<StatementList, string> = { actions: 'Action', notActions: 'NotAction', resources: 'Resource', notResources: 'NotResource' };

/** The Terraform `aws_iam_policy_document` names of the statement lists. */
const TERRAFORM_NAMES: Record<StatementList, string> = { actions: 'actions', notActions: 'not_actions', resources: 'resources', notResources: 'not_resources' };

/** `"x"` or `["x", "y"]`: IAM accepts a single string wherever it accepts a list. */
function readStrings(resolve: Resolver): (node: PNode) => Field<string>[] | Unknown {
  const list = readList(resolve, readString);
  return (node) => (node.type === 'scalar' ? [{ value: readString(node), range: node.range }] : list(node));
}

/** A JSON (or YAML) policy document: `{Statement: [...]}` or `{Statement: {...}}`. */
export function readJsonPolicy(node: PNode, resolve: Resolver): DocumentRead {
  if (node.type !== 'map') return unknown('the policy document is not a map');
  const statement = readField(rootSection(node, node.range), 'Statement', resolve, (value) => value);
  if (statement === undefined) return [];
  if (isUnknown(statement.value)) return statement.value;
  const items = statement.value.type === 'seq' ? statement.value.items : [statement.value];
  return items.map((item) => {
    const value = resolve(item);
    if (value === undefined) return undefined;
    if (isUnknown(value) || value.type !== 'map') return unknownStatement(item.range, isUnknown(value) ? value : unknown('not a statement'));
    return jsonStatement(value, resolve);
  }).filter((s): s is StatementRead => s !== undefined);
}

function jsonStatement(map: PMap, resolve: Resolver): StatementRead {
  const at = rootSection(map, map.range);
  const effect = readField(at, 'Effect', resolve, readString);
  const lists: StatementRead['lists'] = {};
  for (const list of STATEMENT_LISTS) {
    const field = readField(at, JSON_NAMES[list], resolve, readStrings(resolve));
    if (field) lists[list] = field;
  }
  const principals = readField(at, 'Principal', resolve, (node) => jsonPrincipals(node, resolve));
  return {
    range: map.range,
    effect: effect ?? { value: unknown('Effect is not set'), range: map.range },
    lists,
    ...(principals ? { principals } : {}),
  };
}

/** `"*"` (everyone) or `{Service: "ec2.amazonaws.com", AWS: [...]}`. */
function jsonPrincipals(node: PNode, resolve: Resolver): Record<string, Field<string>[]> | Unknown {
  if (node.type === 'scalar') return { '*': [{ value: readString(node), range: node.range }] };
  if (node.type !== 'map') return unknown('Principal is not a map');
  const out: Record<string, Field<string>[]> = {};
  for (const e of node.entries) {
    const value = resolve(e.value);
    if (value === undefined) continue;
    const ids = isUnknown(value) ? value : readStrings(resolve)(value);
    out[e.key] = isUnknown(ids) ? [{ value: ids, range: entryRange(e) }] : ids;
  }
  return out;
}

function unknownStatement(range: Range, why: Unknown): StatementRead {
  return { range, effect: { value: why, range }, lists: { actions: { value: why, range } } };
}

/**
 * A policy written as a string (a heredoc, a quoted JSON string, what `jsonencode` gave): parsed,
 * its lines placed in the file when it spans lines, else every value located at `at`.
 */
export function readPolicyString(text: string, at: Range, budget: EmbeddedBudget): DocumentRead {
  const parsed = parseEmbeddedYaml(text, at, budget, undefined, text.includes('\n'));
  const [document] = parsed.documents;
  if (!parsed.clean || parsed.documents.length !== 1 || !document) return unknown('the policy is not valid JSON');
  return readJsonPolicy(document, (node) => node);
}

/**
 * `jsonencode({...})` whose value evaluation could not know as a whole (a statement names a
 * resource's ARN): the literal parts of its argument, each located at `at`, the rest unknown.
 */
export function jsonencodeArgument(expr: Extract<PNode, { type: 'expr' }>, at: Range): PNode | undefined {
  const ast = expr.ast;
  if (ast?.k !== 'call' || ast.name !== 'jsonencode' || ast.args.length !== 1 || ast.expand) return undefined;
  return literalOf(ast.args[0]!, at, expr.text);
}

function literalOf(ast: HclExpr, at: Range, text: string): PNode {
  switch (ast.k) {
    case 'lit':
      return { type: 'scalar', value: ast.v, range: at };
    case 'tpl':
      return ast.parts.every((p) => typeof p === 'string') ? { type: 'scalar', value: ast.parts.join(''), range: at } : { type: 'expr', text, range: at };
    case 'tuple':
      return { type: 'seq', items: ast.items.map((item) => literalOf(item, at, text)), range: at };
    case 'object': {
      const entries = ast.items.map((item) => {
        const key = literalOf(item.key, at, text);
        return key.type === 'scalar' && typeof key.value === 'string' ? { key: key.value, keyRange: at, value: literalOf(item.value, at, text) } : undefined;
      });
      // A key that is an expression could be any field: the whole object is unknown.
      if (entries.some((e) => e === undefined)) return { type: 'expr', text, range: at };
      return { type: 'map', entries: entries as NonNullable<(typeof entries)[number]>[], range: at };
    }
    default:
      return { type: 'expr', text, range: at };
  }
}

/**
 * The `statement` blocks of a Terraform `aws_iam_policy_document` (body already evaluated).
 * `effect` defaults to `Allow`. Documents merged in through `source_policy_documents` or
 * `override_policy_documents` (and a dynamic `statement`) add statements that are not known.
 */
export function readTerraformPolicyDocument(body: PMap): DocumentRead {
  const out: StatementRead[] = [];
  for (const e of body.entries) {
    const isStatement = e.key === 'statement' || (e.key === 'dynamic' && e.value.type === 'map' && e.value.labels?.[0] === 'statement');
    if (isStatement && e.value.type === 'map' && e.key === 'statement') out.push(terraformStatement(e.value, entryRange(e)));
    else if (isStatement || e.key === 'source_policy_documents' || e.key === 'override_policy_documents' || e.key === 'source_json' || e.key === 'override_json') {
      out.push(unknownStatement(entryRange(e), unknown(`${e.key} adds statements that are not read`)));
    }
  }
  return out;
}

function terraformStatement(block: PMap, range: Range): StatementRead {
  const at: Section = rootSection(block, range);
  const asWritten: Resolver = (node) => node;
  const effect = readField(at, 'effect', asWritten, readString) ?? { value: 'Allow', range };
  const lists: StatementRead['lists'] = {};
  for (const list of STATEMENT_LISTS) {
    const field = readField(at, TERRAFORM_NAMES[list], asWritten, readStrings(asWritten));
    if (field) lists[list] = field;
  }
  const principals: Record<string, Field<string>[]> = {};
  for (const e of block.entries) {
    if (e.key !== 'principals' || e.value.type !== 'map') continue;
    const p = rootSection(e.value, entryRange(e));
    const type = readField(p, 'type', asWritten, readString);
    const ids = readField(p, 'identifiers', asWritten, readStrings(asWritten));
    if (typeof type?.value !== 'string' || ids === undefined) continue;
    principals[type.value] = [...(principals[type.value] ?? []), ...(isUnknown(ids.value) ? [{ value: ids.value, range: ids.range }] : ids.value)];
  }
  return { range, effect, lists, ...(Object.keys(principals).length > 0 ? { principals: { value: principals, range } } : {}) };
}

/** The canonical statement: `{effect, actions, notActions, resources, notResources, principals}`, lists as plain strings. */
export type Statement = Record<string, unknown>;

/**
 * Writes statements as canonical plain JSON under `base` (a pointer) into `locations`: the
 * statement at its own range, each list item at its item.
 */
export function canonicalStatements(statements: readonly StatementRead[], base: string, locations: Locations): Statement[] {
  return statements.map((s, i) => {
    const at = `${base}${pointer(i)}`;
    locations[at] = s.range;
    locations[`${at}/effect`] = s.effect.range;
    const out: Statement = { effect: s.effect.value };
    for (const list of STATEMENT_LISTS) {
      const field = s.lists[list];
      if (!field) continue;
      locations[`${at}/${list}`] = field.range;
      if (isUnknown(field.value)) out[list] = field.value;
      else {
        out[list] = field.value.map((item) => item.value);
        field.value.forEach((item, j) => (locations[`${at}/${list}/${j}`] = item.range));
      }
    }
    if (s.principals) {
      locations[`${at}/principals`] = s.principals.range;
      out.principals = isUnknown(s.principals.value)
        ? s.principals.value
        : Object.fromEntries(Object.entries(s.principals.value).map(([type, ids]) => [type, ids.map((id) => id.value)]));
    }
    return out;
  });
}

/**
 * The services a trust policy lets assume the role (`Principal.Service` of its `Allow`
 * statements): `ec2.amazonaws.com` for an instance role. Unknown when a statement is.
 */
export function trustedServices(statements: DocumentRead): string[] | Unknown {
  if (isUnknown(statements)) return statements;
  const services: string[] = [];
  for (const s of statements) {
    if (isUnknown(s.effect.value)) return s.effect.value;
    if (s.effect.value !== 'Allow' || !s.principals) continue;
    if (isUnknown(s.principals.value)) return s.principals.value;
    for (const id of s.principals.value.Service ?? []) {
      if (isUnknown(id.value)) return id.value;
      services.push(id.value);
    }
  }
  return services;
}
