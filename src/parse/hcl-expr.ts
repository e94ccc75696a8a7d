/**
 * Tree-sitter HCL expression nodes → `HclExpr` (src/model/hcl-expr.ts), the syntax the Terraform
 * stage evaluates. Literal text of templates is sliced from the source between the dynamic parts,
 * because tree-sitter leaves whitespace out of its literal chunks.
 */
import type { Node } from 'web-tree-sitter';
import type { HclExpr, SplatStep, TemplatePart } from '../model/hcl-expr.js';
import type { ScalarValue } from '../model/tree.js';

const OPAQUE: HclExpr = { k: 'opaque' };

const OPERATORS = new Set(['!', '-', '+', '*', '/', '%', '==', '!=', '<', '>', '<=', '>=', '&&', '||']);

/** Children that carry meaning: comments may sit between any two tokens. */
function significant(node: Node): Node[] {
  return node.namedChildren.filter((c) => c.type !== 'comment');
}

/** What the converter already knows how to read: literal values and quoted strings. */
export interface LiteralReader {
  literal(node: Node): ScalarValue | undefined;
  /** Decodes a literal chunk of a quoted template (escapes apply) or a heredoc (they do not). */
  decodeChunk(raw: string, heredoc: boolean): string;
  /** The [start, end) offsets of a heredoc's content, and the indentation `<<-` strips. */
  heredocContent(node: Node): { start: number; end: number; strip: number };
}

export class HclExprBuilder {
  constructor(
    private readonly src: string,
    private readonly reader: LiteralReader,
    private readonly maxDepth: number,
  ) {}

  expression(node: Node, depth: number): HclExpr {
    if (depth > this.maxDepth) return OPAQUE;
    return this.fromParts(significant(node), depth);
  }

  /** A primary expression followed by its attribute, index and splat steps. */
  private fromParts(parts: Node[], depth: number): HclExpr {
    const [head, ...steps] = parts;
    if (!head) return OPAQUE;
    let value = this.primary(head, depth + 1);
    for (const step of steps) value = this.postfix(value, step, depth + 1);
    return value;
  }

  private primary(node: Node, depth: number): HclExpr {
    switch (node.type) {
      case 'expression':
        return this.expression(node, depth);
      case 'literal_value': {
        const v = this.reader.literal(node);
        return v === undefined ? OPAQUE : { k: 'lit', v };
      }
      case 'template_expr':
        return this.template(node, depth);
      case 'variable_expr':
        return { k: 'var', name: node.text };
      case 'collection_value':
        return this.collection(node, depth);
      case 'function_call':
        return this.call(node, depth);
      case 'conditional': {
        const [test, then, otherwise] = significant(node).map((c) => this.expression(c, depth + 1));
        return test && then && otherwise ? { k: 'cond', test, then, else: otherwise } : OPAQUE;
      }
      case 'operation':
        return this.operation(node, depth);
      case 'for_expr':
        return this.forExpr(node, depth);
      default:
        return OPAQUE;
    }
  }

  private postfix(of: HclExpr, step: Node, depth: number): HclExpr {
    if (step.type === 'get_attr' || step.type === 'index') {
      const s = this.step(step, depth);
      if (!s) return OPAQUE;
      return 'attr' in s ? { k: 'attr', of, name: s.attr } : { k: 'index', of, key: s.index };
    }
    if (step.type === 'splat') {
      const [kind] = significant(step);
      const steps = kind ? significant(kind).map((s) => this.step(s, depth)) : [];
      if (steps.some((s) => s === undefined)) return OPAQUE;
      return { k: 'splat', of, steps: steps as SplatStep[] };
    }
    return OPAQUE;
  }

  private step(node: Node, depth: number): SplatStep | undefined {
    const [inner] = significant(node);
    if (node.type === 'get_attr' && inner?.type === 'identifier') return { attr: inner.text };
    if (node.type === 'index' && inner?.type === 'legacy_index') return { index: { k: 'lit', v: Number(inner.text.slice(1)) } };
    if (node.type === 'index' && inner?.type === 'new_index') {
      const [key] = significant(inner);
      return key ? { index: this.expression(key, depth + 1) } : undefined;
    }
    return undefined;
  }

  private collection(node: Node, depth: number): HclExpr {
    const [container] = significant(node);
    if (container?.type === 'tuple') {
      return { k: 'tuple', items: significant(container).filter((c) => c.type === 'expression').map((c) => this.expression(c, depth + 1)) };
    }
    if (container?.type !== 'object') return OPAQUE;
    const items: { key: HclExpr; value: HclExpr }[] = [];
    for (const element of significant(container)) {
      if (element.type !== 'object_elem') continue;
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('val');
      if (!keyNode || !valueNode) return OPAQUE;
      const keyParts = significant(keyNode);
      // A bare identifier key is the name itself, not a variable.
      const key: HclExpr = keyParts.length === 1 && keyParts[0]?.type === 'variable_expr' ? { k: 'lit', v: keyParts[0].text } : this.expression(keyNode, depth + 1);
      items.push({ key, value: this.expression(valueNode, depth + 1) });
    }
    return { k: 'object', items };
  }

  private call(node: Node, depth: number): HclExpr {
    const [name, args] = significant(node);
    if (name?.type !== 'identifier') return OPAQUE;
    const argNodes = args ? significant(args) : [];
    return {
      k: 'call',
      name: name.text,
      args: argNodes.filter((a) => a.type === 'expression').map((a) => this.expression(a, depth + 1)),
      expand: argNodes.some((a) => a.type === 'ellipsis'),
    };
  }

  /**
   * The grammar flattens operands into the operation (`a.b && c` has the children `a`, `.b`, `&&`,
   * `c`), so operands are split at the operator token, the one unnamed child.
   */
  private operation(node: Node, depth: number): HclExpr {
    const [op] = significant(node);
    if (!op) return OPAQUE;
    const before: Node[] = [];
    const after: Node[] = [];
    let operator: string | undefined;
    for (const child of op.children) {
      if (!child.isNamed) {
        if (operator === undefined && OPERATORS.has(child.type)) operator = child.type;
        continue;
      }
      if (child.type === 'comment') continue;
      (operator === undefined ? before : after).push(child);
    }
    if (operator === undefined) return OPAQUE;
    if (op.type === 'unary_operation' && before.length === 0 && after.length > 0) return { k: 'unary', op: operator, x: this.fromParts(after, depth + 1) };
    if (op.type === 'binary_operation' && before.length > 0 && after.length > 0) {
      return { k: 'binary', op: operator, l: this.fromParts(before, depth + 1), r: this.fromParts(after, depth + 1) };
    }
    return OPAQUE;
  }

  private forExpr(node: Node, depth: number): HclExpr {
    const [form] = significant(node);
    if (!form) return OPAQUE;
    const parts = significant(form);
    const intro = parts.find((p) => p.type === 'for_intro');
    const names = intro ? significant(intro).filter((c) => c.type === 'identifier').map((c) => c.text) : [];
    const collNode = intro ? significant(intro).find((c) => c.type === 'expression') : undefined;
    const bodies = parts.filter((p) => p.type === 'expression').map((p) => this.expression(p, depth + 1));
    const condNode = parts.find((p) => p.type === 'for_cond');
    const condExpr = condNode ? significant(condNode).find((c) => c.type === 'expression') : undefined;
    const [first, second] = names;
    if (!first || !collNode) return OPAQUE;
    const vars = second ? { keyVar: first, valVar: second } : { valVar: first };
    const coll = this.expression(collNode, depth + 1);
    const cond = condExpr ? { cond: this.expression(condExpr, depth + 1) } : {};
    if (form.type === 'for_tuple_expr' && bodies.length === 1 && bodies[0]) return { k: 'for', ...vars, coll, value: bodies[0], ...cond, group: false };
    const [key, value] = bodies;
    if (form.type === 'for_object_expr' && bodies.length === 2 && key && value) {
      return { k: 'for', ...vars, coll, key, value, ...cond, group: parts.some((p) => p.type === 'ellipsis') };
    }
    return OPAQUE;
  }

  /** A quoted or heredoc template. */
  template(node: Node, depth: number): HclExpr {
    const [template] = significant(node);
    if (!template) return OPAQUE;
    if (template.type === 'heredoc_template') {
      const { start, end, strip } = this.reader.heredocContent(template);
      return { k: 'tpl', parts: this.parts(template, start, end, depth, { heredoc: true, strip }) };
    }
    const open = template.firstChild;
    const close = template.lastChild;
    const start = open?.type === 'quoted_template_start' ? open.endIndex : template.startIndex;
    const end = close?.type === 'quoted_template_end' && close !== open ? close.startIndex : template.endIndex;
    return { k: 'tpl', parts: this.parts(template, start, end, depth, { heredoc: false, strip: 0 }) };
  }

  /** The literal chunks and dynamic parts of `container` between offsets `start` and `end`. */
  private parts(container: Node, start: number, end: number, depth: number, mode: { heredoc: boolean; strip: number }): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let at = start;
    // Strip markers (`~}` after, `${~` / `%{~` before) trim the whitespace of the adjacent literal text.
    const literal = (to: number) => {
      let raw = to > at ? this.src.slice(at, to) : '';
      if (mode.heredoc && mode.strip > 0) raw = this.unindent(raw, at, mode.strip);
      if (this.src.slice(at - 2, at) === '~}') raw = raw.replace(/^\s+/, '');
      if (/^[$%]\{~/.test(this.src.slice(to, to + 3))) raw = raw.replace(/\s+$/, '');
      if (raw !== '') parts.push(this.reader.decodeChunk(raw, mode.heredoc));
    };
    for (const child of significant(container)) {
      if (child.endIndex <= start || child.startIndex >= end) continue;
      if (child.type !== 'template_interpolation' && child.type !== 'template_directive') continue;
      literal(child.startIndex);
      parts.push(this.dynamicPart(child, depth, mode));
      at = child.endIndex;
    }
    literal(end);
    return parts;
  }

  /** `<<-` heredocs: drops up to `strip` columns of indentation from each line of a literal chunk. */
  private unindent(raw: string, offset: number, strip: number): string {
    const lineStart = offset === 0 || this.src[offset - 1] === '\n';
    const pattern = new RegExp(`(^|\\n)[ \\t]{0,${strip}}`, 'g');
    return lineStart ? raw.replace(pattern, '$1') : raw.replace(new RegExp(`(\\n)[ \\t]{0,${strip}}`, 'g'), '$1');
  }

  private dynamicPart(node: Node, depth: number, mode: { heredoc: boolean; strip: number }): TemplatePart {
    if (node.type === 'template_interpolation') {
      const x = significant(node).find((c) => c.type === 'expression');
      return { k: 'interp', x: x ? this.expression(x, depth + 1) : OPAQUE };
    }
    const [directive] = significant(node);
    const children = directive ? significant(directive) : [];
    const opaque: TemplatePart = { k: 'interp', x: OPAQUE };
    if (directive?.type === 'template_if') {
      const intro = children.find((c) => c.type === 'template_if_intro');
      const elseIntro = children.find((c) => c.type === 'template_else_intro');
      const endNode = children.find((c) => c.type === 'template_if_end');
      const test = intro && significant(intro).find((c) => c.type === 'expression');
      if (!intro || !test || !endNode) return opaque;
      const thenEnd = elseIntro ? elseIntro.startIndex : endNode.startIndex;
      return {
        k: 'if',
        test: this.expression(test, depth + 1),
        then: this.parts(directive, intro.endIndex, thenEnd, depth + 1, mode),
        else: elseIntro ? this.parts(directive, elseIntro.endIndex, endNode.startIndex, depth + 1, mode) : [],
      };
    }
    if (directive?.type === 'template_for') {
      const intro = children.find((c) => c.type === 'template_for_start');
      const endNode = children.find((c) => c.type === 'template_for_end');
      const names = intro ? significant(intro).filter((c) => c.type === 'identifier').map((c) => c.text) : [];
      const coll = intro && significant(intro).find((c) => c.type === 'expression');
      const [first, second] = names;
      if (!intro || !endNode || !coll || !first) return opaque;
      return {
        k: 'for',
        ...(second ? { keyVar: first, valVar: second } : { valVar: first }),
        coll: this.expression(coll, depth + 1),
        body: this.parts(directive, intro.endIndex, endNode.startIndex, depth + 1, mode),
      };
    }
    return opaque;
  }
}
