import type { Reference } from '../../model/resource.js';
import type { PNode } from '../../model/tree.js';
import { parseRef, type RefStep } from './ref.js';

/** Roots of a reference that name something other than a resource of the module. */
const NOT_RESOURCES = new Set(['var', 'local', 'module', 'path', 'each', 'count', 'self', 'terraform']);

/**
 * The resource a value refers to, when the value is exactly one reference to a resource (or data
 * source) attribute that evaluation could not know: `aws_kms_key.this.arn` → `{to:
 * "aws_kms_key.this", attribute: "arn"}`, `aws_subnet.private[0].id` → `{to:
 * "aws_subnet.private[0]", attribute: "id"}`. The address is the module's own, as `Resource.name`
 * has it without its `module.…` prefix. Undefined for anything else (a variable, a splat, a call).
 */
export function resourceRefOf(node: PNode | undefined): Pick<Reference, 'to' | 'attribute'> | undefined {
  if (node?.type !== 'expr' || node.ref === undefined) return undefined;
  const steps = parseRef(node.ref);
  if (!steps) return undefined;
  const isData = steps[0] === 'data';
  const [type, name, ...rest] = isData ? steps.slice(1) : steps;
  if (typeof type !== 'string' || typeof name !== 'string' || NOT_RESOURCES.has(type)) return undefined;
  const [index, ...afterIndex] = rest;
  const keyed = typeof index === 'number' || (typeof index === 'string' && isKeyStep(node.ref, index));
  const suffix = keyed ? `[${JSON.stringify(index)}]` : '';
  const attributes = (keyed ? afterIndex : rest).filter((s): s is string => typeof s === 'string');
  const to = `${isData ? 'data.' : ''}${type}.${name}${suffix}`;
  return attributes.length > 0 ? { to, attribute: attributes.join('.') } : { to };
}

/** Whether a string step was written as an index (`["key"]`) rather than an attribute (`.key`). */
function isKeyStep(ref: string, step: RefStep): boolean {
  return ref.includes(`[${JSON.stringify(step)}]`);
}
