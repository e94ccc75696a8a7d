/**
 * Terraform JSON syntax (`.tf.json`) → the same body shape the HCL parser gives, so that everything
 * after parsing reads one shape. Terraform decides from its schemas which JSON properties are
 * blocks; without schemas, the block types that matter to eks-lint are listed here.
 */
import { PARSE_ERROR, type Problem } from '../model/finding.js';
import type { Range } from '../model/range.js';
import type { PEntry, PExpr, PMap, PNode } from '../model/tree.js';
import { unescapeTemplateMarkers } from './hcl-strings.js';

/** Top-level block types and how many labels each takes (`resource "type" "name"` → 2). */
const TOP_LEVEL_LABELS: Record<string, number> = {
  resource: 2,
  data: 2,
  ephemeral: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  check: 1,
  locals: 0,
  terraform: 0,
  moved: 0,
  import: 0,
  removed: 0,
};

/** Blocks whose bodies hold only arguments: their object values are maps, never nested blocks. */
const ARGUMENTS_ONLY = new Set(['locals', 'variable', 'output', 'module']);

/**
 * Nested block types (with their label count) of the resources eks-lint reads, plus Terraform's
 * meta blocks. A property with one of these names and an object (or array of objects) value is a
 * block; with any other value (`provider = "aws.west"`) it stays an argument.
 */
const NESTED_BLOCK_LABELS: Record<string, number> = {
  dynamic: 1,
  content: 0,
  lifecycle: 0,
  timeouts: 0,
  vpc_config: 0,
  encryption_config: 0,
  provider: 0,
  kubernetes_network_config: 0,
  access_config: 0,
  upgrade_policy: 0,
  zonal_shift_config: 0,
  outpost_config: 0,
  control_plane_placement: 0,
  compute_config: 0,
  storage_config: 0,
  block_storage: 0,
  elastic_load_balancing: 0,
  remote_network_config: 0,
  remote_node_networks: 0,
  remote_pod_networks: 0,
};

/** `// comment` properties are Terraform JSON's comments. */
const COMMENT_KEY = '//';

/**
 * The body of a `.tf.json` file. A block type's or label's value that is neither an object nor an
 * array of objects is not valid Terraform JSON: it is reported in `problems` (Terraform would reject
 * the file) rather than silently read as nothing.
 */
export function terraformJsonToBody(root: PNode, problems: Problem[] = []): PMap {
  if (root.type !== 'map') return { type: 'map', entries: [], range: root.range };
  const entries: PEntry[] = [];
  for (const e of root.entries) {
    if (e.key === COMMENT_KEY) continue;
    const labels = TOP_LEVEL_LABELS[e.key];
    if (labels === undefined) entries.push(argument(e));
    else for (const block of blocks(e.key, e.value, labels, [], e.keyRange, !ARGUMENTS_ONLY.has(e.key), problems)) entries.push(block);
  }
  return { type: 'map', entries, range: root.range };
}

/**
 * The objects of a block type's or label's value: HCL's JSON syntax allows an object or an array of
 * objects at every level (`{"resource": [{"aws_eks_cluster": [{"c": {...}}]}]}`).
 */
function objects(key: string, value: PNode, problems: Problem[]): PMap[] {
  const candidates = value.type === 'seq' ? value.items : [value];
  const maps = candidates.filter((c): c is PMap => c.type === 'map');
  for (const other of candidates.filter((c) => c.type !== 'map')) {
    problems.push({
      ruleId: PARSE_ERROR,
      severity: 'error',
      message: `Not read: a "${key}" block must be written as a JSON object or an array of objects, which this value is not (Terraform rejects it)`,
      range: other.range,
    });
  }
  return maps;
}

/**
 * One block entry per body found under `key`: labels are the nested property names, and the body
 * may be an object or an array of objects (several blocks with the same labels).
 */
function blocks(key: string, value: PNode, labelsLeft: number, labels: string[], keyRange: Range, nested: boolean, problems: Problem[]): PEntry[] {
  if (labelsLeft > 0) {
    return objects(key, value, problems).flatMap((map) =>
      map.entries
        .filter((e) => e.key !== COMMENT_KEY)
        .flatMap((e) => blocks(key, e.value, labelsLeft - 1, [...labels, e.key], e.keyRange, nested, problems)),
    );
  }
  return objects(key, value, problems).map((b): PEntry => ({ key, keyRange: header(keyRange, b.range), value: body(b, labels, nested, problems) }));
}

/** Like the HCL parser's, the header runs from the name that introduces the block to its `{`. */
function header(keyRange: Range, bodyRange: Range): Range {
  return { line: keyRange.line, column: keyRange.column, endLine: bodyRange.line, endColumn: bodyRange.column + 1 };
}

function body(map: PMap, labels: string[], nested: boolean, problems: Problem[]): PMap {
  const entries: PEntry[] = [];
  for (const e of map.entries) {
    if (e.key === COMMENT_KEY) continue;
    const labelCount = nested ? NESTED_BLOCK_LABELS[e.key] : undefined;
    if (labelCount !== undefined && isBlockValue(e.value)) {
      // A loop, not push(...blocks): a spread of a few 100,000 blocks overflows the stack.
      for (const block of blocks(e.key, e.value, labelCount, [], e.keyRange, true, problems)) entries.push(block);
    } else {
      entries.push(argument(e));
    }
  }
  return { type: 'map', entries, range: map.range, labels, block: true };
}

/** A nested block is an object or a non-empty array of objects, at its own level and at each label's. */
function isBlockValue(value: PNode): boolean {
  if (value.type === 'map') return true;
  return value.type === 'seq' && value.items.length > 0 && value.items.every((item) => item.type === 'map');
}

function argument(e: PEntry): PEntry {
  return { key: e.key, keyRange: e.keyRange, value: expression(e.value) };
}

/** In Terraform JSON every string is a template: `${...}` and `%{...}` make it an expression. */
function expression(node: PNode): PNode {
  switch (node.type) {
    case 'map':
      return { ...node, entries: node.entries.map(argument) };
    case 'seq':
      return { ...node, items: node.items.map(expression) };
    case 'scalar':
      return typeof node.value === 'string' ? templateString(node.value, node.range) : node;
    case 'expr':
      return node;
  }
}

/** A reference with static steps: `var.x`, `aws_kms_key.k.arn`, `local.m["k"]`, `var.l[0]`. */
const LONE_REFERENCE = /^\$\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[0-9]+\]|\["(?:[^"\\]|\\.)*"\])*)\s*\}$/;

function templateString(value: string, range: Range): PNode {
  // `$${` and `%%{` are escapes for a literal `${` / `%{`; remove them before looking for templates.
  if (!/[$%]\{/.test(value.replace(/\$\$\{|%%\{/g, ''))) {
    return { type: 'scalar', value: unescapeTemplateMarkers(value), range };
  }
  const expr: PExpr = { type: 'expr', text: value, range };
  const ref = LONE_REFERENCE.exec(value)?.[1];
  if (ref !== undefined) expr.ref = ref;
  return expr;
}
