import type { ScalarValue } from './tree.js';

/**
 * The syntax of an HCL expression, kept by the parser on every expression it cannot reduce to a
 * literal (`PExpr.ast`), so that the Terraform stage can evaluate what is static without parsing
 * again. Plain data, like the rest of the tree. Short tags keep large files small in memory.
 */
export type HclExpr =
  | { k: 'lit'; v: ScalarValue }
  /** A string template: literal text and interpolations / directives, in order. */
  | { k: 'tpl'; parts: TemplatePart[] }
  | { k: 'tuple'; items: HclExpr[] }
  /** Object constructor; a key is an expression (a bare identifier key is a literal string). */
  | { k: 'object'; items: { key: HclExpr; value: HclExpr }[] }
  /** The root of a traversal: `var`, `local`, `each`, `aws_eks_cluster`, a `for` variable. */
  | { k: 'var'; name: string }
  | { k: 'attr'; of: HclExpr; name: string }
  | { k: 'index'; of: HclExpr; key: HclExpr }
  /** `of[*].a.b` / `of.*.a`: `steps` apply to each element. */
  | { k: 'splat'; of: HclExpr; steps: SplatStep[] }
  /** `f(a, b...)`; `expand` is set when the last argument ends in `...`. */
  | { k: 'call'; name: string; args: HclExpr[]; expand: boolean }
  | { k: 'cond'; test: HclExpr; then: HclExpr; else: HclExpr }
  | { k: 'unary'; op: string; x: HclExpr }
  | { k: 'binary'; op: string; l: HclExpr; r: HclExpr }
  /** `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`. */
  | { k: 'for'; keyVar?: string; valVar: string; coll: HclExpr; key?: HclExpr; value: HclExpr; cond?: HclExpr; group: boolean }
  /** A construct the evaluator does not model: always unknown. */
  | { k: 'opaque' };

export type SplatStep = { attr: string } | { index: HclExpr };

export type TemplatePart =
  | string
  | { k: 'interp'; x: HclExpr }
  | { k: 'if'; test: HclExpr; then: TemplatePart[]; else: TemplatePart[] }
  | { k: 'for'; keyVar?: string; valVar: string; coll: HclExpr; body: TemplatePart[] };
