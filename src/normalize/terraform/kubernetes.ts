/**
 * Resources of the Terraform kubernetes provider → the canonical Kubernetes kinds
 * (docs/canonical-model.md): workloads, namespaces, NetworkPolicies, and a `k8s.object` for every
 * `kubernetes_*` resource with a `metadata` block. The provider's snake_case blocks are mapped to
 * the API's camelCase fields with the tables of kubernetes-names.ts, so the rules see the same
 * props as from a manifest. Input blocks have their variables and locals substituted already;
 * what is still an expression (or a dynamic block) is unknown.
 */
import type { Range } from '../../model/range.js';
import { type Pointer, pointer, type Resource, type ResourceKind, unknown } from '../../model/resource.js';
import type { PEntry, PMap, PNode, ScalarValue } from '../../model/tree.js';
import type { EmbeddedBudget } from '../embedded-yaml.js';
import { annotationIgnores } from '../ignores.js';
import { accessObjectParts, isAccessKind } from '../kubernetes-objects.js';
import { isNamespaced } from '../kubernetes-scope.js';
import { addContainerViews } from '../container-views.js';
import { kubeletContainers } from '../kubelet/containers.js';
import { copyLocations, entryRange, type Locations, toPlain } from '../plain.js';
import { parseRef } from './ref.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformFiles } from './user-data.js';
import { BOOLEANS, FREE_FORM_MAPS, INTEGER_STRINGS, kubernetesKey, listOf } from './kubernetes-names.js';

/** The resource blocks of the module, for references between them (a namespace's name). */
export interface TerraformModuleBlocks {
  find(type: string, name: string): TerraformResourceBlock | undefined;
  /** Bounds the YAML parsed from strings (aws-auth, `yaml_body`) in the whole module. */
  embeddedBudget: EmbeddedBudget;
  /** The scanned files, for text an argument reads from them (user data); absent when they may not be read. */
  files?: TerraformFiles;
}

interface KindInfo {
  kind: string;
  apiVersion: string;
  /** Blocks leading to the pod spec, for workloads. */
  podSpec?: readonly string[];
}

const TEMPLATE = ['spec', 'template', 'spec'];

/** Resource types the provider declares each kind with (legacy name and `_v1`), and its API version. */
const KINDS: Readonly<Record<string, KindInfo>> = Object.fromEntries(
  (
    [
      [['kubernetes_pod', 'kubernetes_pod_v1'], { kind: 'Pod', apiVersion: 'v1', podSpec: ['spec'] }],
      [['kubernetes_deployment', 'kubernetes_deployment_v1'], { kind: 'Deployment', apiVersion: 'apps/v1', podSpec: TEMPLATE }],
      [['kubernetes_stateful_set', 'kubernetes_stateful_set_v1'], { kind: 'StatefulSet', apiVersion: 'apps/v1', podSpec: TEMPLATE }],
      [['kubernetes_daemonset', 'kubernetes_daemon_set_v1'], { kind: 'DaemonSet', apiVersion: 'apps/v1', podSpec: TEMPLATE }],
      [['kubernetes_replication_controller', 'kubernetes_replication_controller_v1'], { kind: 'ReplicationController', apiVersion: 'v1', podSpec: TEMPLATE }],
      [['kubernetes_job', 'kubernetes_job_v1'], { kind: 'Job', apiVersion: 'batch/v1', podSpec: TEMPLATE }],
      [['kubernetes_cron_job', 'kubernetes_cron_job_v1'], { kind: 'CronJob', apiVersion: 'batch/v1', podSpec: ['spec', 'job_template', 'spec', 'template', 'spec'] }],
      [['kubernetes_namespace', 'kubernetes_namespace_v1'], { kind: 'Namespace', apiVersion: 'v1' }],
      [['kubernetes_network_policy', 'kubernetes_network_policy_v1'], { kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' }],
      [['kubernetes_role', 'kubernetes_role_v1'], { kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1' }],
      [['kubernetes_cluster_role', 'kubernetes_cluster_role_v1'], { kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1' }],
      [['kubernetes_role_binding', 'kubernetes_role_binding_v1'], { kind: 'RoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1' }],
      [['kubernetes_cluster_role_binding', 'kubernetes_cluster_role_binding_v1'], { kind: 'ClusterRoleBinding', apiVersion: 'rbac.authorization.k8s.io/v1' }],
      [['kubernetes_service_account', 'kubernetes_service_account_v1'], { kind: 'ServiceAccount', apiVersion: 'v1' }],
      [['kubernetes_default_service_account', 'kubernetes_default_service_account_v1'], { kind: 'ServiceAccount', apiVersion: 'v1' }],
      [['kubernetes_secret', 'kubernetes_secret_v1'], { kind: 'Secret', apiVersion: 'v1' }],
      // `_v1_data` manages the data of an existing ConfigMap (how most modules write aws-auth).
      [['kubernetes_config_map', 'kubernetes_config_map_v1', 'kubernetes_config_map_v1_data'], { kind: 'ConfigMap', apiVersion: 'v1' }],
      [['kubernetes_service', 'kubernetes_service_v1'], { kind: 'Service', apiVersion: 'v1' }],
      [['kubernetes_ingress'], { kind: 'Ingress', apiVersion: 'extensions/v1beta1' }],
      [['kubernetes_ingress_v1'], { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1' }],
    ] as const
  ).flatMap(([types, info]) => types.map((t) => [t, info] as const)),
);

/** Resources that manage a namespace's existing `default` ServiceAccount: their name is implied. */
const DEFAULT_ACCOUNT_TYPES: ReadonlySet<string> = new Set(['kubernetes_default_service_account', 'kubernetes_default_service_account_v1']);

/** The resource types with a dedicated mapping (the others give only a `k8s.object`). */
export const KUBERNETES_TYPES: readonly string[] = Object.keys(KINDS);

const CONTAINER_LISTS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
] as const;

/** `kubernetes_*` resource → its canonical resources; nothing for a resource without `metadata`. */
export function kubernetesFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const metadata = firstBlock(block.body, 'metadata');
  if (!metadata) return [];
  const info = Object.hasOwn(KINDS, block.type) ? KINDS[block.type] : undefined;
  const address = `${block.type}.${block.name}`;
  const ignores = annotationIgnores(metadata.body, true);
  const nameEntry = setEntry(metadata.body, 'name');
  const namespaceEntry = setEntry(metadata.body, 'namespace');
  const name = nameEntry ? scalarText(nameEntry.value) : DEFAULT_ACCOUNT_TYPES.has(block.type) ? 'default' : unknown('metadata.name is not set');
  const namespace = namespaceEntry ? namespaceName(namespaceEntry.value, module) : null;
  const nameAt = nameEntry ? entryRange(nameEntry) : block.header;
  const namespaceAt = namespaceEntry ? entryRange(namespaceEntry) : block.header;
  const kind = info?.kind ?? kindOfType(block.type);

  const resource = (kindOf: ResourceKind, props: Record<string, unknown>, locations: Locations, range: Range = block.header): Resource => ({
    kind: kindOf,
    name: address,
    format: 'terraform',
    file,
    range,
    props,
    locations,
    ...(ignores.length > 0 ? { ignores } : {}),
  });

  const out: Resource[] = [
    resource(
      'k8s.object',
      { apiVersion: info?.apiVersion ?? unknown(`the API version of ${block.type}`), kind, name, namespace, namespaced: namespacedType(block.type, kind, info) },
      { '/apiVersion': block.header, '/kind': block.header, '/name': nameAt, '/namespace': namespaceAt, '/namespaced': block.header },
    ),
  ];
  if (info?.podSpec) {
    const workload = workloadFields(block.body, info.podSpec);
    if (workload) {
      const locations: Locations = { '/kind': block.header, '/name': nameAt, '/namespace': namespaceAt, ...workload.locations };
      const workloadResource = resource('k8s.workload', { kind, name, namespace, pod: workload.pod, podAnnotations: workload.podAnnotations, containers: workload.containers }, locations);
      out.push(workloadResource, ...kubeletContainers(workloadResource));
    }
  }
  if (info?.kind === 'Namespace') {
    // Whether a NetworkPolicy lives in it is a cross-file fact: the graph stage sets it.
    const locations: Locations = { '/name': nameAt, '/declared': nameAt, '/hasNetworkPolicy': nameAt };
    const labels = setEntry(metadata.body, 'labels');
    const labelsValue = labels ? toPlain(labels.value, '/labels', locations, entryRange(labels)) : {};
    if (!labels) locations['/labels'] = metadata.range;
    out.push(resource('k8s.namespace', { name, declared: true, hasNetworkPolicy: false, labels: labelsValue }, locations, nameAt));
  }
  if (info?.kind === 'NetworkPolicy') {
    const locations: Locations = { '/name': nameAt, '/namespace': namespaceAt };
    const spec = firstBlock(block.body, 'spec');
    const specValue = spec ? convertBlock(spec.body, '/spec', locations, spec.range) : null;
    if (!spec) locations['/spec'] = block.header;
    out.push(resource('k8s.networkpolicy', { name, namespace, spec: specValue }, locations));
  }
  if (info !== undefined && isAccessKind(info.kind)) {
    const locations: Locations = {};
    const plain = convertBlock(block.body, '', locations, block.header);
    const group = info.apiVersion.includes('/') ? info.apiVersion.slice(0, info.apiVersion.indexOf('/')) : '';
    const view = { kind, group, name, namespace, nameAt, namespaceAt, header: block.header, plain, locations, budget: module.embeddedBudget };
    for (const part of accessObjectParts(view)) out.push(resource(part.kind, part.props, part.locations));
  }
  return out;
}

/**
 * A namespace written as a reference to a `kubernetes_namespace` of the module
 * (`kubernetes_namespace_v1.app.metadata[0].name`, or its `id`) takes that namespace's name.
 */
function namespaceName(node: PNode, module: TerraformModuleBlocks): unknown {
  if (node.type === 'expr' && node.ref !== undefined) {
    const steps = parseRef(node.ref) ?? [];
    const [type, name, ...rest] = steps;
    const path = rest.join('.');
    if (
      (type === 'kubernetes_namespace' || type === 'kubernetes_namespace_v1') &&
      typeof name === 'string' &&
      (path === 'metadata.0.name' || path === 'id')
    ) {
      const target = module.find(type, name);
      const metadata = target ? firstBlock(target.body, 'metadata') : undefined;
      const written = metadata ? setEntry(metadata.body, 'name') : undefined;
      if (written) return scalarText(written.value);
    }
  }
  return scalarText(node);
}

function scalarText(node: PNode): unknown {
  if (node.type === 'scalar') return typeof node.value === 'number' ? String(node.value) : node.value;
  return unknown(node.type === 'expr' ? node.text : 'not a string');
}

/**
 * Whether the resource's object is namespaced. `_v1_data` and other resources that manage part
 * of an object name one that exists already; whether it needs a namespace is not theirs to say.
 */
function namespacedType(type: string, kind: string, info: KindInfo | undefined): unknown {
  if (type.endsWith('_data')) return unknown(`${type} manages an existing object`);
  if (info === undefined) return isNamespaced(kind, '') === true ? true : unknown(`the scope of ${type}`);
  const group = info.apiVersion.includes('/') ? info.apiVersion.slice(0, info.apiVersion.indexOf('/')) : '';
  return isNamespaced(kind, group);
}

/** `kubernetes_config_map_v1` → `ConfigMap`, for the resources without an entry in KINDS. */
function kindOfType(type: string): string {
  return type
    .replace(/^kubernetes_/, '')
    .replace(/_v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/, '')
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** An argument that is set (`x = null` is the same as leaving it out). */
function setEntry(body: PMap, key: string): PEntry | undefined {
  const e = body.entries.find((x) => x.key === key);
  return e && !(e.value.type === 'scalar' && e.value.value === null) ? e : undefined;
}

/**
 * The first block of a type: an HCL block, or in Terraform JSON an object or a list of objects.
 * `range` covers the whole `type { ... }` entry.
 */
function firstBlock(body: PMap, key: string): { body: PMap; range: Range } | undefined {
  for (const e of body.entries) {
    if (e.key !== key) continue;
    if (e.value.type === 'map') return { body: e.value, range: entryRange(e) };
    if (e.value.type === 'seq' && e.value.items[0]?.type === 'map') return { body: e.value.items[0], range: entryRange(e) };
  }
  return undefined;
}

interface WorkloadFields {
  pod: Record<string, unknown>;
  podAnnotations: unknown;
  containers: unknown[];
  locations: Locations;
}

/**
 * The pod spec, mapped to API names, and its containers and init containers in one list, each
 * marked with its `containerType`. A resource without a literal pod spec is not judged.
 */
function workloadFields(body: PMap, path: readonly string[]): WorkloadFields | undefined {
  let current: { body: PMap; range: Range } | undefined = { body, range: { line: 0, column: 0, endLine: 0, endColumn: 0 } };
  let parent = current;
  for (const step of path) {
    parent = current;
    current = current ? firstBlock(current.body, step) : undefined;
    if (!current) return undefined;
  }
  const locations: Locations = {};
  const pod = convertBlock(current.body, '/pod', locations, current.range);
  const containers: unknown[] = [];
  for (const [list, containerType] of CONTAINER_LISTS) {
    const items = pod[list];
    if (!Array.isArray(items)) continue;
    items.forEach((item: unknown, i) => {
      const to = pointer('containers', containers.length);
      copyLocations(locations, pointer('pod', list, i), to);
      containers.push(typeof item === 'object' && item !== null ? { ...item, containerType } : item);
    });
  }
  locations['/containers'] = current.range;
  // The pod's annotations (the template's `metadata`, a Pod's own): the legacy seccomp annotations live there.
  const metadata = parent ? firstBlock(parent.body, 'metadata') : undefined;
  const annotations = metadata ? setEntry(metadata.body, 'annotations') : undefined;
  const podAnnotations = annotations ? toPlain(annotations.value, '/podAnnotations', locations, entryRange(annotations)) : {};
  if (!annotations) locations['/podAnnotations'] = current.range;
  addContainerViews(pod, containers, locations, podAnnotations);
  return { pod, podAnnotations, containers, locations };
}

/**
 * A block body with the provider's names turned into the API's: repeated blocks become lists,
 * single blocks objects, free-form maps stay as written. Every value is located at its entry.
 */
function convertBlock(body: PMap, at: Pointer, locations: Locations, range: Range): Record<string, unknown> {
  locations[at] = range;
  const out: Record<string, unknown> = {};
  const append = (list: string, value: unknown, itemRange: Range, listRange: Range): void => {
    const existing = Object.hasOwn(out, list) ? out[list] : [];
    if (!Array.isArray(existing)) return;
    const items: unknown[] = existing;
    if (!Object.hasOwn(out, list)) locations[`${at}/${list}`] = listRange;
    locations[`${at}/${list}/${items.length}`] = itemRange;
    out[list] = [...items, value];
  };
  for (const e of body.entries) {
    if (e.value.type === 'scalar' && e.value.value === null) continue;
    if (e.key === 'dynamic' && e.value.type === 'map' && e.value.labels?.[0] !== undefined) {
      // A dynamic block stands for blocks whose content is not known statically.
      const type = e.value.labels[0];
      const why = unknown(`${type} is generated by a dynamic block`);
      const list = listOf(type);
      if (list !== undefined) append(list, why, e.keyRange, e.keyRange);
      else if (!Object.hasOwn(out, kubernetesKey(type))) {
        out[kubernetesKey(type)] = why;
        locations[`${at}/${kubernetesKey(type)}`] = e.keyRange;
      }
      continue;
    }
    const list = listOf(e.key);
    if (list !== undefined && e.value.type !== 'scalar') {
      const items = e.value.type === 'seq' ? e.value.items : [e.value];
      for (const item of items) {
        const itemRange = e.value.type === 'seq' ? item.range : entryRange(e);
        const ptr = `${at}/${list}/${Array.isArray(out[list]) ? (out[list] as unknown[]).length : 0}`;
        const value = item.type === 'map' ? convertBlock(item, ptr, locations, itemRange) : convertValue(e.key, item, ptr, locations);
        append(list, value, itemRange, entryRange(e));
      }
      continue;
    }
    const key = kubernetesKey(e.key);
    if (Object.hasOwn(out, key)) continue; // a repeated single block: the first counts
    const ptr = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (FREE_FORM_MAPS.has(e.key)) out[key] = toPlain(e.value, ptr, locations, entryRange(e));
    else out[key] = convertValue(e.key, e.value, ptr, locations, entryRange(e));
  }
  return out;
}

/** A value of argument `name`: nested blocks are converted, scalars coerced as Terraform would. */
function convertValue(name: string, node: PNode, at: Pointer, locations: Locations, range?: Range): unknown {
  switch (node.type) {
    case 'map':
      return convertBlock(node, at, locations, range ?? node.range);
    case 'seq': {
      // Terraform JSON writes a single block as a list of one object.
      const [first] = node.items;
      if (first?.type === 'map' && node.items.every((i) => i.type === 'map')) return convertBlock(first, at, locations, range ?? node.range);
      locations[at] = range ?? node.range;
      return node.items.map((item, i) => convertValue(name, item, `${at}/${i}`, locations));
    }
    case 'expr':
      locations[at] = range ?? node.range;
      return unknown(node.text);
    case 'scalar':
      locations[at] = range ?? node.range;
      return coerce(name, node.value);
  }
}

function coerce(name: string, value: ScalarValue): unknown {
  if (BOOLEANS.has(name) && (value === 'true' || value === 'false')) return value === 'true';
  if (INTEGER_STRINGS.has(name) && typeof value === 'string' && /^-?[0-9]+$/.test(value)) return Number(value);
  return value;
}
