/**
 * Reading resolved Terraform arguments into canonical fields, with their locations and the
 * field-level references (graph edges) of values that name another resource of the module.
 */
import type { Range } from '../../model/range.js';
import { Fields } from '../fields.js';
import { type Pointer, pointer, type Reference, type Resource, type ResourceKind } from '../../model/resource.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { entryRange, type Locations, toPlain } from '../plain.js';
import { setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import { resourceRefOf } from './ref-target.js';

/** A canonical resource's props and locations (see `Fields`) and its references, filled together. */
export class TerraformFields extends Fields {
  readonly references: Reference[] = [];

  /**
   * An argument's value as written (expressions unknown), located at the argument, with a reference
   * for it — or for each list item — that names a resource; `fallback` (located at its range) when
   * the argument is not set, and nothing when there is no fallback either.
   */
  argument(path: readonly string[], body: PMap | undefined, key: string, fallback: { value: unknown; range: Range } | undefined): unknown {
    const e = setArgument(body, key);
    if (e) {
      const value = this.plain(path, e);
      this.set(path, value, entryRange(e));
      return value;
    }
    // Without a fallback, an argument left out leaves the field out too.
    if (fallback === undefined) return undefined;
    // `x = null` is the same as leaving x out, but it is the line to change.
    const written = body?.entries.find((x) => x.key === key);
    this.set(path, fallback.value, written ? entryRange(written) : fallback.range);
    return fallback.value;
  }

  /** An entry's value, with the references it makes; nested values are located. */
  plain(path: readonly string[], e: PEntry): unknown {
    const at = pointer(...path);
    this.refer(at, e.value);
    return toPlain(e.value, at, this.locations, entryRange(e));
  }

  private refer(at: Pointer, node: PNode): void {
    const target = resourceRefOf(node);
    if (target) this.references.push({ from: at, ...target });
    else if (node.type === 'seq') node.items.forEach((item, i) => this.refer(`${at}/${i}`, item));
  }
}

/**
 * A canonical resource declared by a Terraform resource block: named by its address
 * (`aws_subnet.private[0]`), located at its header, with its field-level references when it has any.
 */
export function terraformResource(
  kind: ResourceKind,
  block: Pick<TerraformResourceBlock, 'type' | 'name' | 'header'>,
  file: string,
  fields: { props: Record<string, unknown>; locations: Locations; references?: readonly Reference[] },
): Resource {
  const { props, locations, references = [] } = fields;
  return {
    kind,
    name: `${block.type}.${block.name}`,
    format: 'terraform',
    file,
    range: block.header,
    props,
    locations,
    ...(references.length > 0 ? { references: [...references] } : {}),
  };
}
