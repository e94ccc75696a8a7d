import { displayName, type Resource } from '../model/resource.js';
import { dottedValue, valueAt } from './pointer.js';

function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/**
 * The list item that holds the violation and has `field`: for `/containers/2/securityContext/privileged`,
 * container 2; for `/containers/2/ports/0/hostPort` and `item.label`, container 2 too, as the port
 * has no label. The innermost item when none has the field.
 */
function enclosingItem(props: unknown, segments: string[], field: string): unknown {
  let innermost: unknown;
  for (let i = segments.length - 1; i >= 0; i--) {
    if (/^\d+$/.test(segments[i] ?? '') && Array.isArray(valueAt(props, segments.slice(0, i)))) {
      const item = valueAt(props, segments.slice(0, i + 1));
      if (dottedValue(item, field) !== undefined) return item;
      innermost ??= item;
    }
  }
  return innermost;
}

/**
 * Fills a rule message's placeholders; see the `message` field of rules/rule.schema.json.
 * `missing` names the required fields absent at the violation's path.
 */
export function renderMessage(template: string, resource: Resource, segments: string[], value: unknown, missing: readonly string[] = []): string {
  return template.replace(/\{(resource|value|missing|item\.[\w.]+|prop\.[\w.]+)\}/g, (_match, name: string) => {
    if (name === 'resource') return displayName(resource);
    if (name === 'value') return show(value);
    if (name === 'missing') return missing.join(' and ');
    if (name.startsWith('item.')) return show(dottedValue(enclosingItem(resource.props, segments, name.slice(5)), name.slice(5)));
    return show(dottedValue(resource.props, name.slice(5)));
  });
}
