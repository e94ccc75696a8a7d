/**
 * The canonical kinds of Kubernetes access and configuration objects — Roles and ClusterRoles,
 * their bindings, ServiceAccounts, Secrets, the `aws-auth` ConfigMap, and the Services and
 * Ingresses that expose workloads — built from an object
 * already in the API's shape. A manifest (kubernetes.ts) and the Terraform kubernetes provider
 * (terraform/kubernetes.ts, after its names are mapped) both hand their objects over as plain
 * values with located pointers, so one builder serves both and the rules see the same props.
 */
import type { Range } from '../model/range.js';
import { isUnknown, type Pointer, type ResourceKind, unknown } from '../model/resource.js';
import { type EmbeddedBudget, parseEmbeddedYaml } from './embedded-yaml.js';
import { albListeners, albListenersAt, INGRESS_CLASS_ANNOTATION, loadBalancerPorts } from './kubernetes-load-balancers.js';
import { type Locations, toPlain } from './plain.js';

const RBAC_GROUP = 'rbac.authorization.k8s.io';

/** One Kubernetes object in the API's shape, with the location of every pointer into it. */
export interface ObjectView {
  kind: string;
  /** API group: `rbac.authorization.k8s.io`, or `` for the core group. */
  group: string;
  name: unknown;
  namespace: unknown;
  nameAt: Range;
  namespaceAt: Range;
  header: Range;
  /** The whole object as written (`metadata`, `rules`, `data`, …). */
  plain: Record<string, unknown>;
  /** Pointers into `plain` (`/rules/0/verbs`) → source ranges. */
  locations: Locations;
  /** The file's lines, when known: they place YAML embedded in strings (aws-auth) exactly. */
  outerLines?: readonly string[];
  /** Shared by the file's (or module's) objects: bounds the YAML parsed from strings. */
  budget: EmbeddedBudget;
}

/** A canonical resource's kind, props and locations; the adapter adds name, file and format. */
export interface CanonicalPart {
  kind: ResourceKind;
  props: Record<string, unknown>;
  locations: Locations;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value) ? (value as Record<string, unknown>) : undefined;
}

/** Builds one part's props and locations, copying fields of the view with their locations. */
class Part {
  readonly props: Record<string, unknown> = {};
  readonly locations: Locations = {};
  constructor(private readonly view: ObjectView) {}

  set(key: string, value: unknown, at: Range): this {
    this.props[key] = value;
    this.locations[`/${key}`] = at;
    return this;
  }

  /** The view's value at `from` as `key`, with every location under it; `fallback` when absent. */
  copy(key: string, from: Pointer, fallback: unknown): this {
    const value = from.split('/').slice(1).reduce<unknown>((v, step) => record(v)?.[step.replace(/~1/g, '/').replace(/~0/g, '~')], this.view.plain);
    if (value === undefined || value === null) return this.set(key, fallback, this.view.header);
    this.props[key] = value;
    for (const [p, range] of Object.entries(this.view.locations)) {
      if (p === from || p.startsWith(`${from}/`)) this.locations[`/${key}${p.slice(from.length)}`] = range;
    }
    return this;
  }

  identity(namespaced: boolean): this {
    this.set('kind', this.view.kind, this.view.header).set('name', this.view.name, this.view.nameAt);
    if (namespaced) this.set('namespace', this.view.namespace, this.view.namespaceAt);
    return this;
  }

  done(kind: ResourceKind): CanonicalPart {
    return { kind, props: this.props, locations: this.locations };
  }
}

const ACCESS_KINDS: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'ServiceAccount', 'Secret', 'ConfigMap', 'Service', 'Ingress']);

/** Whether `accessObjectParts` may make something of an object of this kind (spares reading the rest). */
export function isAccessKind(kind: string): boolean {
  return ACCESS_KINDS.has(kind);
}

/** The canonical parts of an access or configuration object; none for any other object. */
export function accessObjectParts(view: ObjectView): CanonicalPart[] {
  const { kind, group } = view;
  if (group === RBAC_GROUP && (kind === 'Role' || kind === 'ClusterRole')) return [role(view)];
  if (group === RBAC_GROUP && (kind === 'RoleBinding' || kind === 'ClusterRoleBinding')) return [binding(view)];
  if (kind === 'Ingress' && (group === 'networking.k8s.io' || group === 'extensions')) return [ingress(view)];
  if (group !== '') return [];
  if (kind === 'Service') return [service(view)];
  if (kind === 'ServiceAccount') {
    return [new Part(view).identity(true).copy('automountServiceAccountToken', '/automountServiceAccountToken', null).done('k8s.serviceaccount')];
  }
  if (kind === 'Secret') return [secret(view)];
  if (kind === 'ConfigMap' && view.name === 'aws-auth' && view.namespace === 'kube-system') return [awsAuth(view)];
  return [];
}

/**
 * A Role or ClusterRole with its `rules` as written. An aggregated ClusterRole's rules are filled
 * in by the controller from the ClusterRoles its selectors match, so they are unknown here: those
 * ClusterRoles are judged themselves.
 */
function role(view: ObjectView): CanonicalPart {
  const part = new Part(view).identity(view.kind === 'Role').copy('labels', '/metadata/labels', {});
  const aggregation = record(view.plain)?.aggregationRule;
  if (view.kind === 'ClusterRole' && aggregation !== undefined && aggregation !== null) {
    const at = view.locations['/aggregationRule'] ?? view.header;
    return part.set('aggregated', true, at).set('rules', unknown('aggregated from the ClusterRoles its aggregationRule selects'), at).done('k8s.role');
  }
  return part.set('aggregated', false, view.header).copy('rules', '/rules', []).done('k8s.role');
}

/**
 * A Service with its `spec` and annotations as written, its `type` (`ClusterIP` when not written),
 * and its ports as an AWS load balancer serves them (TLS or not, from the annotations).
 */
function service(view: ObjectView): CanonicalPart {
  const part = new Part(view).identity(true).copy('spec', '/spec', {}).copy('annotations', '/metadata/annotations', {});
  part.copy('type', '/spec/type', 'ClusterIP');
  const spec = record(part.props.spec);
  const ports = loadBalancerPorts(part.props.annotations, spec?.ports ?? [], part.locations, '/spec/ports', '/loadBalancerPorts');
  return part.set('loadBalancerPorts', ports, part.locations['/spec/ports'] ?? view.header).done('k8s.service');
}

/**
 * An Ingress with its `spec` and annotations as written, the class that picks its controller
 * (`spec.ingressClassName`, else the `kubernetes.io/ingress.class` annotation, else `null`), and
 * the listeners the AWS Load Balancer Controller gives its ALB.
 */
function ingress(view: ObjectView): CanonicalPart {
  const part = new Part(view).identity(true).copy('spec', '/spec', {}).copy('annotations', '/metadata/annotations', {});
  const className = record(part.props.spec)?.ingressClassName;
  if (className !== undefined && className !== null) part.set('ingressClass', className, part.locations['/spec/ingressClassName'] ?? view.header);
  else part.copy('ingressClass', `/metadata/annotations/${INGRESS_CLASS_ANNOTATION.replace(/\//g, '~1')}`, null);
  return part.set('albListeners', albListeners(part.props.annotations), albListenersAt(part.locations, '/annotations') ?? view.header).done('k8s.ingress');
}

function binding(view: ObjectView): CanonicalPart {
  return new Part(view)
    .identity(view.kind === 'RoleBinding')
    .copy('roleRef', '/roleRef', unknown('roleRef is not set'))
    .copy('subjects', '/subjects', [])
    .done('k8s.rolebinding');
}

/**
 * A Secret, with `literalData`: the keys of `data`, `stringData` and `binaryData` whose value is
 * written in the file (a non-empty literal). A value that is an expression (a Terraform variable
 * without a default, a resource attribute) is not in the repository and is not listed.
 */
function secret(view: ObjectView): CanonicalPart {
  const part = new Part(view).identity(true).copy('type', '/type', 'Opaque');
  const literal: string[] = [];
  let at: Range | undefined;
  for (const field of ['data', 'stringData', 'binaryData']) {
    const values = record(view.plain[field]);
    if (!values) continue;
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== 'string' && typeof value !== 'number') continue;
      if (String(value) === '') continue;
      literal.push(key);
      at ??= view.locations[`/${field}`];
    }
  }
  return part.set('literalData', literal, at ?? view.header).done('k8s.secret');
}

/**
 * The `aws-auth` ConfigMap of kube-system, which maps IAM roles and users to Kubernetes users
 * and groups. `mapRoles` and `mapUsers` are YAML inside strings; each is parsed (bounded, like any
 * YAML) with its positions placed in the outer file. A value that is an expression, or text that
 * does not parse to a list, is unknown.
 */
function awsAuth(view: ObjectView): CanonicalPart {
  const part = new Part(view).identity(true);
  const data = record(view.plain.data);
  for (const field of ['mapRoles', 'mapUsers']) {
    const pointer = `/data/${field}`;
    const at = view.locations[pointer] ?? view.locations['/data'] ?? view.header;
    const value = data?.[field];
    if (value === undefined || value === null) {
      part.set(field, [], at);
      continue;
    }
    if (typeof value !== 'string') {
      part.set(field, isUnknown(value) ? value : unknown(`${field} is not a string`), at);
      continue;
    }
    const parsed = parseEmbeddedYaml(value, at, view.budget, view.outerLines);
    const [document] = parsed.documents;
    if (!parsed.clean || parsed.documents.length > 1) {
      part.set(field, unknown(`${field} is not valid YAML`), at);
    } else if (document === undefined || document === null) {
      part.set(field, [], at);
    } else if (document.type !== 'seq') {
      part.set(field, unknown(`${field} is not a list`), at);
    } else {
      part.props[field] = toPlain(document, `/${field}`, part.locations, at);
    }
  }
  return part.done('k8s.awsauth');
}
