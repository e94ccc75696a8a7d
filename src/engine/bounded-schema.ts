/**
 * JSON Schema keywords whose cost is not linear in the data they check: a `pattern` can backtrack
 * exponentially (ReDoS), `uniqueItems` compares every pair of a list. A rule condition (or option
 * schema) that comes from a scanned repository may not use them, so that no repository can make
 * eks-lint hang on its own files.
 */
const UNBOUNDED_KEYWORDS = new Set(['pattern', 'patternProperties', 'uniqueItems']);
/** Keywords whose value maps names (of properties, definitions) to schemas: their keys are names, not keywords. */
const NAME_MAPS = new Set(['properties', 'definitions', '$defs', 'dependencies', 'dependentSchemas']);
/** Keywords whose value is data, not schema. */
const DATA = new Set(['enum', 'const', 'default', 'examples']);

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON Pointer (under `base`) of the first unbounded keyword of a schema, if any. A loop: schemas may be deep. */
export function unboundedKeyword(schema: unknown, base: string): string | undefined {
  const stack: { node: unknown; path: string; names: boolean }[] = [{ node: schema, path: base, names: false }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { node, path, names } = item;
    if (Array.isArray(node)) {
      node.forEach((child, i) => stack.push({ node: child, path: `${path}/${i}`, names: false }));
      continue;
    }
    if (typeof node !== 'object' || node === null) continue;
    for (const [key, value] of Object.entries(node)) {
      const at = `${path}/${escape(key)}`;
      if (!names && UNBOUNDED_KEYWORDS.has(key) && value !== false) return at;
      if (!names && DATA.has(key)) continue;
      stack.push({ node: value, path: at, names: !names && NAME_MAPS.has(key) });
    }
  }
  return undefined;
}
