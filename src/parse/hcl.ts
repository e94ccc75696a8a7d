/**
 * HCL (Terraform `.tf` / `.tfvars`) → positioned value tree.
 *
 * Parsing is done by tree-sitter's HCL grammar (web-tree-sitter, pure wasm), because it keeps a
 * position for every node and recovers from syntax errors; HashiCorp's own parser
 * (`@cdktf/hcl2json`) has no positions and is only consulted for the wording of syntax errors
 * (see hcl-diagnostics.ts). Tree-sitter positions are 0-based and, for a JavaScript string input,
 * count UTF-16 code units — exactly our column unit — so they only need shifting by one.
 */
import { createRequire } from 'node:module';
import type { Node, Parser } from 'web-tree-sitter';
import { ANALYSIS_LIMIT, PARSE_ERROR, type Problem } from '../model/finding.js';
import type { HclExpr } from '../model/hcl-expr.js';
import { FILE_START, LineIndex, type Range } from '../model/range.js';
import type { PEntry, PExpr, PMap, PNode, PScalar } from '../model/tree.js';
import { HclParseBudget, MAX_BROKEN_TREE_NODES, MAX_HCL_TREE_NODES, positionAt, tooManyNodes } from './hcl-budget.js';
import { hclDiagnostic } from './hcl-diagnostics.js';
import { HclExprBuilder } from './hcl-expr.js';
import { type HclCut, MAX_HCL_NESTING, MAX_TEMPLATE_CONTEXTS, prescanHcl } from './hcl-prescan.js';
import { decodeQuoted, stripHeredocIndent, unescapeTemplateMarkers } from './hcl-strings.js';

/**
 * Deeper values are cut off (and reported) so that the conversion can never overflow the stack.
 * The prescan (hcl-prescan.ts) cuts them before parsing already; this is the conversion's own guard.
 */
export const MAX_HCL_DEPTH = MAX_HCL_NESTING + 10;

let parserPromise: Promise<Parser> | undefined;
/** The parser once loaded: template files are parsed synchronously, during evaluation. */
let loadedParser: Parser | undefined;

/** Loads web-tree-sitter and the grammar once, on first use: most scans never see a `.tf` file. */
function loadParser(): Promise<Parser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const wasm = createRequire(import.meta.url).resolve('@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-hcl.wasm');
    const parser = new Parser();
    parser.setLanguage(await Language.load(wasm));
    loadedParser = parser;
    return parser;
  })();
  return parserPromise;
}

/**
 * A template file (`templatefile`) → its syntax, parsed as the content of a heredoc, which is what
 * a template file is. Undefined when the parser has not been loaded (no `.tf` file was read),
 * the content has a syntax error, or the parse is over its budget.
 */
export function parseTemplateSync(text: string): HclExpr | undefined {
  if (!loadedParser) return undefined;
  let marker = 'EKS_LINT_TEMPLATE';
  while (text.includes(marker)) marker += '_';
  const appended = !text.endsWith('\n');
  const wrapped = `t = <<${marker}\n${text}${appended ? '\n' : ''}${marker}\n`;
  const budget = new HclParseBudget(wrapped.length);
  const tree = loadedParser.parse(wrapped, null, budget.options);
  if (!tree) {
    loadedParser.reset();
    return undefined;
  }
  try {
    if (tree.rootNode.hasError) return undefined;
    const value = new HclConverter(wrapped).file(tree.rootNode).entries[0]?.value;
    const ast: HclExpr | undefined = value?.type === 'scalar' ? { k: 'lit', v: value.value } : value?.type === 'expr' ? value.ast : undefined;
    return ast && appended ? withoutFinalNewline(ast) : ast;
  } finally {
    tree.delete();
  }
}

/** The heredoc wrapping added a line end the file does not have: take it off again. */
function withoutFinalNewline(ast: HclExpr): HclExpr {
  if (ast.k === 'lit' && typeof ast.v === 'string') return { k: 'lit', v: ast.v.replace(/\n$/, '') };
  if (ast.k !== 'tpl') return ast;
  const parts = [...ast.parts];
  const last = parts[parts.length - 1];
  if (typeof last === 'string') {
    const trimmed = last.replace(/\n$/, '');
    if (trimmed === '') parts.pop();
    else parts[parts.length - 1] = trimmed;
  }
  return { k: 'tpl', parts };
}

/** A comment of the source (`#`, `//` or a block comment), as written, markers included. */
export interface HclComment {
  text: string;
  range: Range;
}

/** The note for a value the prescan left out: a warning, as the value is unknown and the rest is judged. */
function cutProblem(cut: HclCut, lines: LineIndex): Problem {
  const what =
    cut.limit === 'nesting'
      ? `nesting deeper than ${MAX_HCL_NESTING} levels`
      : `templates nested deeper than the parser can follow (${MAX_TEMPLATE_CONTEXTS} strings, interpolations and heredocs inside one another)`;
  return { ruleId: ANALYSIS_LIMIT, severity: 'warning', message: `Not analysed: ${what}; this value is unknown`, range: lines.range(cut.start, cut.end) };
}

export async function parseHcl(content: string): Promise<{ body: PMap; problems: Problem[]; comments: HclComment[] }> {
  const parser = await loadParser();
  // Values too deep for the parser are blanked first, so that they, and not the file, are unknown.
  const prescan = prescanHcl(content);
  const lines = prescan.cuts.length > 0 ? new LineIndex(content) : undefined;
  const cutProblems = lines ? prescan.cuts.map((cut) => cutProblem(cut, lines)) : [];
  const budget = new HclParseBudget(prescan.text.length);
  const tree = parser.parse(prescan.text, null, budget.options);
  if (!tree) {
    // Over its work budget (hcl-budget.ts): the next parse must start afresh, not resume this one.
    parser.reset();
    return { body: emptyBody(FILE_START), problems: [await cancelledProblem(content, budget)], comments: [] };
  }
  let body: PMap;
  let problems: Problem[];
  let comments: HclComment[];
  let treeError: TreeError | undefined;
  if (!tree.rootNode.hasError && tree.rootNode.descendantCount > MAX_HCL_TREE_NODES) {
    // Converting it would cost gigabytes (hcl-budget.ts): refused, whatever the machine.
    const count = tree.rootNode.descendantCount;
    tree.delete();
    return { body: emptyBody(FILE_START), problems: [tooManyNodes(count)], comments: [] };
  }
  try {
    const converter = new HclConverter(content);
    // A huge broken tree is not converted (hcl-budget.ts): the file is not judged anyway.
    const convert = !tree.rootNode.hasError || tree.rootNode.descendantCount <= MAX_BROKEN_TREE_NODES;
    body = convert ? converter.file(tree.rootNode) : emptyBody(rangeOf(tree.rootNode));
    problems = [...cutProblems, ...converter.problems];
    // Suppression comments (src/suppress/): tree-sitter only makes comment nodes where a comment can be.
    comments = convert ? tree.rootNode.descendantsOfType('comment').map((node) => ({ text: node.text, range: rangeOf(node) })) : [];
    if (tree.rootNode.hasError) treeError = describeTreeError(firstErrorNode(tree.rootNode));
  } finally {
    // Trees live in wasm memory, outside the garbage collector's reach.
    tree.delete();
  }
  if (treeError) problems.unshift(await syntaxProblem(content, treeError));
  return { body, problems, comments };
}

/**
 * Prefers HashiCorp's diagnostic (the message Terraform itself would print); falls back to
 * tree-sitter's position when that parser is unavailable. When HashiCorp's parser accepts what
 * tree-sitter could not read, the file is valid Terraform and the gap is ours: a warning, since the
 * values in that part of the file are missing from the tree.
 */
async function syntaxProblem(content: string, treeError: TreeError): Promise<Problem> {
  const diagnostic = await hclDiagnostic(content);
  if (diagnostic === 'valid') {
    return {
      ruleId: PARSE_ERROR,
      severity: 'warning',
      message: `eks-lint cannot read this construct (${treeError.detail}), which Terraform accepts; settings in it are not checked.`,
      range: treeError.range,
    };
  }
  return diagnostic ? parseError(diagnostic.message, diagnostic.range) : parseError(`Syntax error: ${treeError.detail}.`, treeError.range);
}

/**
 * The finding for a parse cancelled by its budget. After a syntax error, HashiCorp's wording when
 * it has one: the same as when the parse finishes, so that how far recovery got (which a busy
 * machine can shorten: hcl-budget.ts) does not change the finding.
 */
async function cancelledProblem(content: string, budget: HclParseBudget): Promise<Problem> {
  if (budget.firstError === undefined) return budget.problem(content);
  const diagnostic = await hclDiagnostic(content);
  if (diagnostic === undefined) return budget.problem(content);
  if (diagnostic === 'valid') {
    const message = 'eks-lint cannot read a construct here, which Terraform accepts, and the HCL parser gave up on the rest of the file: nothing in it is checked.';
    return parseError(message, positionAt(content, budget.firstError));
  }
  return parseError(diagnostic.message, diagnostic.range);
}

function parseError(message: string, range: Range): Problem {
  return { ruleId: PARSE_ERROR, severity: 'error', message, range };
}

function emptyBody(range: Range): PMap {
  return { type: 'map', entries: [], range };
}

function rangeOf(node: Node): Range {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

/** Children that carry meaning: comments may sit between any two tokens. */
function significant(node: Node): Node[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** The first ERROR or MISSING node in document order; a loop, not recursion, as trees can be deep. */
function firstErrorNode(root: Node): Node {
  // A cursor, not `children`: garbage makes nodes with 100,000s of children, and the error is early.
  const cursor = root.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing || !cursor.gotoFirstChild()) return node;
      while (!cursor.currentNode.hasError && !cursor.currentNode.isMissing) {
        if (!cursor.gotoNextSibling()) return node;
      }
    }
  } finally {
    cursor.delete();
  }
}

const EXPECTED: Record<string, string> = {
  block_end: '"}"',
  object_end: '"}"',
  tuple_end: '"]"',
  quoted_template_end: 'a closing quote',
  template_interpolation_end: '"}"',
  heredoc_identifier: 'the heredoc end marker',
  identifier: 'a name',
  expression: 'an expression',
};

/** What tree-sitter could not parse, in a few words (`expected "}"`), and where. */
interface TreeError {
  detail: string;
  range: Range;
}

function describeTreeError(node: Node): TreeError {
  const range = rangeOf(node);
  if (node.isMissing) return { detail: `expected ${EXPECTED[node.type] ?? JSON.stringify(node.type)}`, range };
  const snippet = (node.text.split('\n')[0] ?? '').trim().slice(0, 40);
  return { detail: snippet ? `unexpected ${JSON.stringify(snippet)}` : 'unexpected input', range };
}

const DECIMAL = /^[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$/;

class HclConverter {
  readonly problems: Problem[] = [];
  private depthReported = false;
  private readonly expressions: HclExprBuilder;

  constructor(private readonly src: string) {
    this.expressions = new HclExprBuilder(
      src,
      {
        literal: (node) => {
          const value = this.literal(node, node);
          return value.type === 'scalar' ? value.value : undefined;
        },
        decodeChunk: (raw, heredoc) => (heredoc ? unescapeTemplateMarkers(raw) : decodeQuoted(raw)),
        heredocContent: (node) => this.heredocContent(node),
      },
      MAX_HCL_DEPTH,
    );
  }

  file(root: Node): PMap {
    const range = rangeOf(root);
    const top = significant(root);
    const body = top.find((c) => c.type === 'body');
    if (body) return { type: 'map', entries: this.entries(body, 1), range };
    // The grammar also accepts a bare object at top level (JSON-like .tfvars).
    const object = top.find((c) => c.type === 'object');
    const value = object ? this.collection(object, object, 1) : undefined;
    return value?.type === 'map' ? { ...value, range } : emptyBody(range);
  }

  private text(node: Node): string {
    return this.src.slice(node.startIndex, node.endIndex);
  }

  private entries(body: Node, depth: number): PEntry[] {
    const entries: PEntry[] = [];
    for (const child of significant(body)) {
      if (child.type === 'attribute') {
        const [name, value] = significant(child);
        if (name?.type === 'identifier' && value?.type === 'expression') {
          entries.push({ key: name.text, keyRange: rangeOf(name), value: this.expression(value, depth + 1) });
        }
      } else if (child.type === 'block') {
        const block = this.block(child, depth + 1);
        if (block) entries.push(block);
      }
      // ERROR nodes are skipped here; the first one is reported as the file's parse error.
    }
    return entries;
  }

  /**
   * A block becomes an entry keyed by its type. Its `keyRange` is the whole header — type, labels and
   * opening brace — because labels have no range of their own in PMap, and the header is where a
   * finding about the block (or a missing attribute in it) belongs.
   */
  private block(node: Node, depth: number): PEntry | undefined {
    const [type, ...rest] = significant(node);
    if (type?.type !== 'identifier') return undefined;
    const labels: string[] = [];
    let headerEnd = type;
    let body: Node | undefined;
    for (const part of rest) {
      if (part.type === 'string_lit') labels.push(this.quotedString(part));
      else if (part.type === 'identifier') labels.push(part.text);
      else if (part.type === 'body') body = part;
      if (part.type !== 'body' && part.type !== 'block_end' && part.type !== 'ERROR') headerEnd = part;
    }
    const start = rangeOf(type);
    const end = rangeOf(headerEnd);
    const value: PMap = {
      type: 'map',
      entries: body && depth <= MAX_HCL_DEPTH ? this.entries(body, depth) : [],
      range: rangeOf(node),
      labels,
      block: true,
    };
    if (body && depth > MAX_HCL_DEPTH) this.reportDepth(body);
    return { key: type.text, keyRange: { line: start.line, column: start.column, endLine: end.endLine, endColumn: end.endColumn }, value };
  }

  private expression(node: Node, depth: number): PNode {
    if (depth > MAX_HCL_DEPTH) {
      this.reportDepth(node);
      return this.opaque(node, undefined);
    }
    const parts = significant(node);
    const [only] = parts;
    if (parts.length === 1 && only) {
      switch (only.type) {
        case 'literal_value':
          return this.literal(only, node);
        case 'template_expr':
          return this.template(only, node, depth);
        case 'collection_value':
          return this.collection(only, node, depth);
        case 'operation':
          return this.negativeNumber(only, node) ?? this.opaque(node, undefined, depth);
      }
    }
    return this.opaque(node, this.traversal(parts), depth);
  }

  /** An expression kept as written, with its syntax for the Terraform stage to evaluate. */
  private opaque(node: Node, ref: string | undefined, depth = MAX_HCL_DEPTH + 1): PExpr {
    const expr: PExpr = { type: 'expr', text: this.text(node), range: rangeOf(node) };
    if (ref !== undefined) expr.ref = ref;
    // A plain reference needs no syntax tree: the Terraform stage reads `ref` (cheaper to parse, and most expressions are one).
    else if (node.type === 'expression' && depth <= MAX_HCL_DEPTH) expr.ast = this.expressions.expression(node, depth);
    return expr;
  }

  private reportDepth(node: Node): void {
    if (this.depthReported) return;
    this.depthReported = true;
    const message = `Not analysed: nesting deeper than ${MAX_HCL_DEPTH} levels; this value is unknown`;
    this.problems.push({ ruleId: ANALYSIS_LIMIT, severity: 'warning', message, range: rangeOf(node) });
  }

  /**
   * `var.x`, `local.y.z`, `aws_kms_key.k.arn`, `var.list[0]`, `var.map["k"]`: the expression is one
   * traversal with static steps, which the Terraform evaluator may resolve. Returned in a normal
   * form (`[N]` for legacy `.N` indexes) so resolvers parse one syntax.
   */
  private traversal(parts: Node[]): string | undefined {
    const [root, ...steps] = parts;
    if (root?.type !== 'variable_expr') return undefined;
    let ref = root.text;
    for (const step of steps) {
      const [inner] = significant(step);
      if (step.type === 'get_attr' && inner?.type === 'identifier') ref += `.${inner.text}`;
      else if (step.type === 'index' && inner?.type === 'legacy_index') ref += `[${inner.text.slice(1)}]`;
      else if (step.type === 'index' && inner?.type === 'new_index') {
        const [key] = significant(inner);
        const value = key ? this.staticScalar(key) : undefined;
        if (typeof value !== 'string' && typeof value !== 'number') return undefined;
        ref += `[${JSON.stringify(value)}]`;
      } else return undefined;
    }
    return ref;
  }

  private literal(literal: Node, outer: Node): PNode {
    const [lit] = significant(literal);
    const range = rangeOf(outer);
    switch (lit?.type) {
      case 'bool_lit':
        return scalar(lit.text === 'true', range);
      case 'null_lit':
        return scalar(null, range);
      case 'string_lit':
        return scalar(this.quotedString(lit), range);
      case 'numeric_lit':
        // The grammar also takes `0x1F`, which HCL itself rejects: keep it opaque rather than guess.
        return DECIMAL.test(lit.text) ? scalar(Number(lit.text), range) : this.opaque(outer, undefined);
      default:
        return this.opaque(outer, undefined);
    }
  }

  /** `-2` is a unary operation in the grammar but a plain number to Terraform (and to hcl2json). */
  private negativeNumber(operation: Node, outer: Node): PScalar | undefined {
    const [unary] = significant(operation);
    if (unary?.type !== 'unary_operation' || unary.child(0)?.type !== '-') return undefined;
    const operand = significant(unary);
    const [literal] = operand;
    const [number] = literal ? significant(literal) : [];
    if (operand.length !== 1 || literal?.type !== 'literal_value' || number?.type !== 'numeric_lit') return undefined;
    return DECIMAL.test(number.text) ? scalar(-Number(number.text), rangeOf(outer)) : undefined;
  }

  private template(templateExpr: Node, outer: Node, depth = MAX_HCL_DEPTH + 1): PNode {
    const [template] = significant(templateExpr);
    if (!template) return this.opaque(outer, undefined);
    const parts = significant(template);
    const dynamic = parts.filter((p) => p.type === 'template_interpolation' || p.type === 'template_directive');
    if (template.type === 'heredoc_template') {
      return dynamic.length === 0 ? scalar(this.heredocString(template), rangeOf(outer)) : this.opaque(outer, undefined, depth);
    }
    if (dynamic.length === 0) return scalar(this.quotedString(template), rangeOf(outer));
    return this.opaque(outer, this.interpolatedRef(template, parts), depth);
  }

  /** `"${var.x}"` is var.x itself, not a string: HCL returns a lone interpolation's value unconverted. */
  private interpolatedRef(template: Node, parts: Node[]): string | undefined {
    const inner = parts.filter((p) => p.type !== 'quoted_template_start' && p.type !== 'quoted_template_end');
    const [interpolation] = inner;
    if (inner.length !== 1 || interpolation?.type !== 'template_interpolation') return undefined;
    // Whitespace between the quotes and `${` is not a node, so compare extents to rule it out.
    if (interpolation.startIndex !== template.startIndex + 1 || interpolation.endIndex !== template.endIndex - 1) return undefined;
    const expressions = significant(interpolation).filter((p) => p.type === 'expression');
    const [expression] = expressions;
    return expressions.length === 1 && expression ? this.traversal(significant(expression)) : undefined;
  }

  /**
   * A quoted string's value, decoded from the source between the quotes: tree-sitter leaves
   * whitespace out of its literal chunks, so the nodes cannot be concatenated.
   */
  private quotedString(node: Node): string {
    const open = node.firstChild;
    const close = node.lastChild;
    const start = open?.type === 'quoted_template_start' ? open.endIndex : node.startIndex;
    const end = close?.type === 'quoted_template_end' && !close.isMissing && close !== open ? close.startIndex : node.endIndex;
    return decodeQuoted(this.src.slice(start, Math.max(start, end)));
  }

  /**
   * Heredoc content runs from the line after `<<EOT` to the start of the closing marker's line.
   * `<<-` strips the smallest indentation of the non-blank lines, as HCL does. Backslash escapes
   * mean nothing in heredocs; only `$${` and `%%{` are unescaped.
   */
  private heredocString(node: Node): string {
    const { start, end } = this.heredocContent(node);
    let content = end > start ? this.src.slice(start, end) : '';
    if (node.firstNamedChild?.text === '<<-') content = stripHeredocIndent(content);
    return unescapeTemplateMarkers(content);
  }

  /** Where a heredoc's content lies, and how much indentation `<<-` removes from its lines. */
  private heredocContent(node: Node): { start: number; end: number; strip: number } {
    const markers = node.namedChildren.filter((c) => c.type === 'heredoc_identifier');
    const open = markers[0];
    const close = markers.length > 1 ? markers[markers.length - 1] : undefined;
    const newline = this.src.indexOf('\n', open ? open.endIndex : node.startIndex);
    const start = newline < 0 ? node.endIndex : newline + 1;
    const end = close && !close.isMissing ? close.startIndex - close.startPosition.column : node.endIndex;
    if (node.firstNamedChild?.text !== '<<-' || end <= start) return { start, end, strip: 0 };
    const lines = this.src.slice(start, end).split('\n').filter((l) => l.trim() !== '');
    const strip = lines.reduce((min, l) => Math.min(min, /^[ \t]*/.exec(l)?.[0].length ?? 0), Number.MAX_SAFE_INTEGER);
    return { start, end, strip: lines.length > 0 ? strip : 0 };
  }

  private collection(collection: Node, outer: Node, depth: number): PNode {
    const [value] = significant(collection);
    const container = value?.type === 'tuple' || value?.type === 'object' ? value : collection;
    if (container.type === 'tuple') {
      const items = significant(container)
        .filter((c) => c.type === 'expression')
        .map((c) => this.expression(c, depth + 1));
      return { type: 'seq', items, range: rangeOf(outer) };
    }
    if (container.type !== 'object') return this.opaque(outer, undefined);
    const entries: PEntry[] = [];
    for (const element of significant(container)) {
      if (element.type !== 'object_elem') continue;
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('val');
      const key = keyNode ? this.objectKey(keyNode) : undefined;
      // A computed key (`(var.k) = 1`, `"${x}" = 1`) makes the object's shape unknown.
      if (key === undefined || !keyNode || !valueNode) return this.opaque(outer, undefined);
      entries.push({ key, keyRange: rangeOf(keyNode), value: this.expression(valueNode, depth + 1) });
    }
    return { type: 'map', entries, range: rangeOf(outer) };
  }

  /** Object keys are bare identifiers (taken literally, not as variables) or literal strings. */
  private objectKey(key: Node): string | undefined {
    const parts = significant(key);
    const [only] = parts;
    if (parts.length !== 1 || !only) return undefined;
    if (only.type === 'variable_expr') return only.text;
    const value = this.staticScalar(key);
    return typeof value === 'string' ? value : undefined;
  }

  /** The value of a literal or interpolation-free string expression, without descending further. */
  private staticScalar(expression: Node): PScalar['value'] | undefined {
    const parts = significant(expression);
    const [only] = parts;
    if (parts.length !== 1 || !only) return undefined;
    const value =
      only.type === 'literal_value' ? this.literal(only, expression) : only.type === 'template_expr' ? this.template(only, expression) : undefined;
    return value?.type === 'scalar' ? value.value : undefined;
  }
}

function scalar(value: PScalar['value'], range: Range): PScalar {
  return { type: 'scalar', value, range };
}
