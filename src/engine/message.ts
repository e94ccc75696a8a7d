import type { Resource } from '../model/resource.js';
import { dottedValue, valueAt } from './pointer.js';

function show(value: unknown): string {
  if (value === undefined) return '(not set)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** The list item that holds the violation: for `/containers/2/securityContext/privileged`, container 2. */
function enclosingItem(props: unknown, segments: string[]): unknown {
  for (let i = segments.length - 1; i >= 0; i--) {
    if (/^\d+$/.test(segments[i] ?? '') && Array.isArray(valueAt(props, segments.slice(0, i)))) {
      return valueAt(props, segments.slice(0, i + 1));
    }
  }
  return undefined;
}

/** Fills a rule message's placeholders; see the `message` field of rules/rule.schema.json. */
export function renderMessage(template: string, resource: Resource, segments: string[], value: unknown): string {
  return template.replace(/\{(resource|value|item\.[\w.]+|prop\.[\w.]+)\}/g, (_match, name: string) => {
    if (name === 'resource') return resource.name;
    if (name === 'value') return show(value);
    if (name.startsWith('item.')) return show(dottedValue(enclosingItem(resource.props, segments), name.slice(5)));
    return show(dottedValue(resource.props, name.slice(5)));
  });
}
