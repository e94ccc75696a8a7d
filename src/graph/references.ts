import { dirname } from 'node:path';
import type { Reference, Resource } from '../model/resource.js';

/**
 * A Terraform address's module prefix: `module.a.module.b["k"].` of
 * `module.a.module.b["k"].aws_eks_cluster.this[0]`, or `` in the root module.
 */
const MODULE_PREFIX = /^(?:module\.[^.[\]]+(?:\[(?:"(?:[^"\\]|\\.)*"|\d+)\])?\.)*/;

/** The instance key at the end of a Terraform address: `[0]`, `["prod"]`. */
const INSTANCE_KEY = /\[(?:"(?:[^"\\]|\\.)*"|\d+)\]$/;

/**
 * Finds the resources that `Resource.references` point at. A reference names its target the way
 * the declaring format does within one scope: a CloudFormation logical id within its template, a
 * Terraform address within its module instance (same folder, same `module.…` call chain). Built
 * once per scan; lookups are O(1).
 */
export class ReferenceIndex {
  private readonly byScopeAndName = new Map<string, Resource[]>();

  constructor(resources: readonly Resource[]) {
    for (const resource of resources) {
      const name = ReferenceIndex.localName(resource);
      this.add(ReferenceIndex.key(resource, name), resource);
      // An instance of a `count`/`for_each` block is also found by the block's bare address.
      const instance = resource.format === 'terraform' ? INSTANCE_KEY.exec(name) : null;
      if (instance) this.add(ReferenceIndex.key(resource, `${name.slice(0, instance.index)}[*]`), resource);
    }
  }

  private add(key: string, resource: Resource): void {
    const list = this.byScopeAndName.get(key);
    if (list) list.push(resource);
    else this.byScopeAndName.set(key, [resource]);
  }

  /**
   * The resources `reference` (made by `from`) points at. A Terraform reference without an instance
   * key (`aws_subnet.a`) also finds the instances of a `count`/`for_each` block (`aws_subnet.a[0]`).
   */
  targets(from: Resource, reference: Pick<Reference, 'to'>): Resource[] {
    const exact = this.byScopeAndName.get(ReferenceIndex.key(from, reference.to)) ?? [];
    if (from.format !== 'terraform' || reference.to.endsWith(']')) return exact;
    const instances = this.byScopeAndName.get(ReferenceIndex.key(from, `${reference.to}[*]`)) ?? [];
    return [...exact, ...instances];
  }

  /** Every target of the references made from `pointer` or from a field under it (`/subnets` covers `/subnets/0`). */
  targetsOf(from: Resource, pointer: string): Resource[] {
    const refs = (from.references ?? []).filter((r) => r.from !== undefined && (r.from === pointer || r.from.startsWith(`${pointer}/`)));
    return refs.flatMap((r) => this.targets(from, r));
  }

  /** A resource's name within its scope: a Terraform address without its module prefix. */
  private static localName(resource: Resource): string {
    return resource.format === 'terraform' ? resource.name.slice(scopePrefix(resource).length) : resource.name;
  }

  private static key(resource: Resource, name: string): string {
    return `${ReferenceIndex.scopeOf(resource)}\0${name}`;
  }

  /** Where a resource's names are unique: its template, or its Terraform module instance (folder and call chain). */
  static scopeOf(resource: Resource): string {
    const scope = resource.format === 'terraform' ? `${dirname(resource.file)}\0${scopePrefix(resource)}` : resource.file;
    return `${resource.format}\0${scope}`;
  }
}

function scopePrefix(resource: Resource): string {
  return MODULE_PREFIX.exec(resource.name)?.[0] ?? '';
}
