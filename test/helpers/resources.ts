import type { Range } from '../../src/model/range.js';
import type { Resource, ResourceKind } from '../../src/model/resource.js';

export function range(line: number, column = 1, endColumn = column + 1): Range {
  return { line, column, endLine: line, endColumn };
}

/** A canonical resource built by hand, for engine tests that need no parser. */
export function resource(kind: ResourceKind, props: Record<string, unknown>, locations: Record<string, Range> = {}): Resource {
  return { kind, name: `${kind} test`, format: kind.startsWith('k8s') ? 'kubernetes' : 'terraform', file: '/tmp/test', range: range(1), props, locations };
}
