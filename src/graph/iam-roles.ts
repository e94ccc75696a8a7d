/**
 * What each IAM role may do, and whether EKS nodes run with it (docs/canonical-model.md,
 * `iam.role`). Policies, attachments and policy documents (`iam.policy`) are joined onto the roles
 * they name, by reference or by role name within the same template or module instance, so that a
 * role's `/policies` and `/statements` hold everything attached to it, each located where it is
 * written (`Range.file` when that is another file). `/nodeRole` is true for the role of a node group
 * (directly or through an instance profile) and for a self-managed node role: one EC2 may assume
 * that carries `AmazonEKSWorkerNodePolicy`.
 */
import type { Range } from '../model/range.js';
import { isUnknown, type Pointer, type Resource } from '../model/resource.js';
import { ReferenceIndex } from './references.js';

const WORKER_NODE_POLICY = 'arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy';

/** A customer policy names a document, which is read; nothing deeper is followed. */
const MAX_DEPTH = 3;

interface Grants {
  policies: { value: unknown; range: Range }[];
  statements: { value: unknown; locations: [Pointer, Range][] }[];
}

/** The grants a role or policy carries itself, plus those of the documents and customer policies it refers to. */
function grantsOf(resource: Resource, index: ReferenceIndex, depth = 0): Grants {
  const grants: Grants = { policies: [], statements: [] };
  const policies = Array.isArray(resource.props.policies) ? resource.props.policies : [];
  policies.forEach((value, i) => {
    const at = `/policies/${i}`;
    const customer = depth < MAX_DEPTH ? index.targetsOf(resource, at).filter((t) => t.kind === 'iam.policy') : [];
    // A customer managed policy of the same template or module: its statements, not its (unknown) ARN.
    if (customer.length > 0) for (const policy of customer) append(grants, grantsOf(policy, index, depth + 1));
    else grants.policies.push({ value, range: resource.locations[at] ?? resource.range });
  });
  const statements = Array.isArray(resource.props.statements) ? resource.props.statements : [];
  statements.forEach((value, i) => {
    const prefix = `/statements/${i}`;
    const locations = Object.entries(resource.locations)
      .filter(([p]) => p === prefix || p.startsWith(`${prefix}/`))
      .map(([p, r]): [Pointer, Range] => [p.slice(prefix.length), r]);
    grants.statements.push({ value, locations });
  });
  if (depth < MAX_DEPTH) {
    for (const document of index.targetsOf(resource, '/documents').filter((t) => t.kind === 'iam.policy')) append(grants, grantsOf(document, index, depth + 1));
  }
  return relocated(grants, resource);
}

/** Grants read from `owner`, their ranges saying `owner`'s file. */
function relocated(grants: Grants, owner: Resource): Grants {
  const fileOf = (range: Range): Range => (range.file !== undefined ? range : { ...range, file: owner.file });
  return {
    policies: grants.policies.map((p) => ({ value: p.value, range: fileOf(p.range) })),
    statements: grants.statements.map((s) => ({ value: s.value, locations: s.locations.map(([p, r]) => [p, fileOf(r)]) })),
  };
}

function append(to: Grants, from: Grants): void {
  to.policies.push(...from.policies);
  to.statements.push(...from.statements);
}

/** A role name written where a role is expected: a name, or the name at the end of a role ARN. */
function roleName(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  return value.startsWith('arn:') ? value.slice(value.lastIndexOf('/') + 1) : value;
}

/** Roles by scope and name, for the references written as literal names. */
class RolesByName {
  private readonly roles = new Map<string, Resource[]>();

  constructor(roles: readonly Resource[]) {
    for (const role of roles) {
      const name = roleName(role.props.name);
      if (name === undefined) continue;
      const key = RolesByName.key(role, name);
      this.roles.set(key, [...(this.roles.get(key) ?? []), role]);
    }
  }

  find(from: Resource, value: unknown): Resource[] {
    const name = roleName(value);
    return name === undefined ? [] : (this.roles.get(RolesByName.key(from, name)) ?? []);
  }

  private static key(resource: Resource, name: string): string {
    return `${ReferenceIndex.scopeOf(resource)}\0${name}`;
  }
}

/** The roles a policy, attachment or instance profile names in `/roles`, by reference or by name. */
function rolesNamedBy(resource: Resource, index: ReferenceIndex, byName: RolesByName): Resource[] {
  const listed = Array.isArray(resource.props.roles) ? resource.props.roles : [];
  const found = listed.flatMap((value, i) => {
    const referenced = index.targetsOf(resource, `/roles/${i}`).filter((t) => t.kind === 'iam.role');
    return referenced.length > 0 ? referenced : byName.find(resource, value);
  });
  return [...new Set(found)];
}

/** The roles a node group runs with: its `/nodeRole` names a role, or an instance profile that holds one. */
function nodeRolesOf(group: Resource, index: ReferenceIndex, byName: RolesByName): Resource[] {
  const targets = index.targetsOf(group, '/nodeRole');
  const direct = targets.filter((t) => t.kind === 'iam.role');
  const viaProfiles = targets.filter((t) => t.kind === 'iam.instanceprofile').flatMap((p) => rolesNamedBy(p, index, byName));
  const named = targets.length === 0 ? byName.find(group, group.props.nodeRole) : [];
  return [...direct, ...viaProfiles, ...named];
}

function withGrants(role: Resource, grants: Grants, isNode: boolean): Resource {
  const locations: Record<Pointer, Range> = Object.fromEntries(
    Object.entries(role.locations).filter(([p]) => !p.startsWith('/policies/') && !p.startsWith('/statements/')),
  );
  // A range keeps its `file` only when it lies in another file than the role's.
  const inRoleFile = (range: Range): Range => (range.file === role.file ? withoutFile(range) : range);
  grants.policies.forEach((p, i) => (locations[`/policies/${i}`] = inRoleFile(p.range)));
  grants.statements.forEach((s, i) => {
    for (const [p, r] of s.locations) locations[`/statements/${i}${p}`] = inRoleFile(r);
  });
  return {
    ...role,
    props: { ...role.props, policies: grants.policies.map((p) => p.value), statements: grants.statements.map((s) => s.value), nodeRole: isNode },
    locations,
  };
}

function withoutFile(range: Range): Range {
  const { file: _file, ...rest } = range;
  return rest;
}

/** The services that may assume a role, from its own trust policy or the document it refers to (`/trust`). */
function trustedServicesOf(role: Resource, index: ReferenceIndex): unknown {
  const [document] = index.targetsOf(role, '/trust').filter((t) => t.kind === 'iam.policy');
  if (!document) return role.props.trustedServices;
  const statements = Array.isArray(document.props.statements) ? document.props.statements : [];
  return statements.flatMap((statement) => {
    const s = statement as { effect?: unknown; principals?: { Service?: unknown } };
    if (s.effect !== 'Allow' || isUnknown(s.principals)) return [];
    return Array.isArray(s.principals?.Service) ? s.principals.Service.filter((id): id is string => typeof id === 'string') : [];
  });
}

/** EC2's service principal, as written in the commercial and the China partitions. */
const EC2_SERVICE = new Set(['ec2.amazonaws.com', 'ec2.amazonaws.com.cn']);

function isSelfManagedNodeRole(services: unknown, policies: readonly unknown[]): boolean {
  return Array.isArray(services) && services.some((s) => typeof s === 'string' && EC2_SERVICE.has(s)) && policies.includes(WORKER_NODE_POLICY);
}

export function linkIamRoles(resources: readonly Resource[]): Resource[] {
  const roles = resources.filter((r) => r.kind === 'iam.role');
  if (roles.length === 0) return [...resources];
  const index = new ReferenceIndex(resources);
  const byName = new RolesByName(roles);

  const attached = new Map<Resource, Grants>(roles.map((role) => [role, grantsOf(role, index)]));
  for (const policy of resources.filter((r) => r.kind === 'iam.policy')) {
    const owners = rolesNamedBy(policy, index, byName);
    if (owners.length === 0) continue;
    const grants = grantsOf(policy, index);
    for (const role of owners) append(attached.get(role)!, grants);
  }
  const nodeRoles = new Set(resources.filter((r) => r.kind === 'eks.nodegroup').flatMap((g) => nodeRolesOf(g, index, byName)));

  return resources.map((r) => {
    const grants = r.kind === 'iam.role' ? attached.get(r) : undefined;
    if (!grants) return r;
    const policies = grants.policies.map((p) => p.value);
    const services = trustedServicesOf(r, index);
    const isNode = r.props.nodeRole === true || nodeRoles.has(r) || isSelfManagedNodeRole(services, policies);
    const linked = withGrants(r, grants, isNode);
    return { ...linked, props: { ...linked.props, trustedServices: services } };
  });
}
