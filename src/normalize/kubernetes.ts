import type { Range } from '../model/range.js';
import { type Format, pointer, type Resource, unknown } from '../model/resource.js';
import type { ResourceIgnore } from '../model/suppression.js';
import { child, entry, type PEntry, type PMap, type PNode, stringValue } from '../model/tree.js';
import { addContainerViews } from './container-views.js';
import { Fields } from './fields.js';
import { EmbeddedBudget } from './embedded-yaml.js';
import { annotationIgnores } from './ignores.js';
import { accessObjectParts, isAccessKind } from './kubernetes-objects.js';
import { isNamespaced } from './kubernetes-scope.js';
import { kubeletContainers } from './kubelet/containers.js';
import { kubeletFromManifest } from './kubelet/manifest.js';
import { entryRange, type Locations, toPlain } from './plain.js';

/** Where each workload kind keeps its pod spec, and the API groups that define the kind. */
const TEMPLATE = ['spec', 'template', 'spec'];
const WORKLOADS: Readonly<Record<string, { groups: readonly string[]; podSpec: readonly string[] }>> = {
  Pod: { groups: [''], podSpec: ['spec'] },
  ReplicationController: { groups: [''], podSpec: TEMPLATE },
  Deployment: { groups: ['apps', 'extensions'], podSpec: TEMPLATE },
  StatefulSet: { groups: ['apps'], podSpec: TEMPLATE },
  DaemonSet: { groups: ['apps', 'extensions'], podSpec: TEMPLATE },
  ReplicaSet: { groups: ['apps', 'extensions'], podSpec: TEMPLATE },
  Job: { groups: ['batch'], podSpec: TEMPLATE },
  CronJob: { groups: ['batch'], podSpec: ['spec', 'jobTemplate', 'spec', 'template', 'spec'] },
};

const CONTAINER_LISTS = [
  ['containers', 'container'],
  ['initContainers', 'initContainer'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

/** One Kubernetes object of a manifest, with what every canonical resource of it shares. */
interface K8sObject {
  map: PMap;
  apiVersion: string;
  kind: string;
  /** API group: `apps` for `apps/v1`, `` for the core `v1`. */
  group: string;
  name: string | undefined;
  namespace: string | null;
  /** Resource name: `<Kind> <namespace>/<name>` or `<Kind> <name>`. */
  address: string;
  header: Range;
  /** Suppressions in the object's annotations; they cover every resource made from it. */
  ignores: ResourceIgnore[];
}

/** Where the objects come from: a manifest, or a Terraform resource that declares a manifest. */
export interface ManifestSource {
  file: string;
  format: Format;
  /** The Terraform resource's address, which then names every resource made from it. */
  address?: string;
  /** The file's text, when known: it places YAML written inside strings (aws-auth) exactly. */
  text?: string;
  /** Bounds the YAML parsed from strings; one per file or Terraform module (a new one when absent). */
  budget?: EmbeddedBudget;
}

/** Every Kubernetes object of a manifest's documents, `List`s expanded, as canonical resources. */
export function normalizeKubernetes(file: string, documents: (PNode | null)[], text?: string): Resource[] {
  return manifestResources({ file, format: 'kubernetes', ...(text === undefined ? {} : { text }) }, documents);
}

export function manifestResources(source: ManifestSource, documents: (PNode | null)[]): Resource[] {
  const out: Resource[] = [];
  const outerLines = source.text?.split(/\r?\n/);
  const budget = source.budget ?? new EmbeddedBudget();
  for (const doc of documents) {
    if (doc?.type !== 'map') continue;
    for (const object of objectsOf(doc, undefined)) out.push(...resourcesOf(source, object, { outerLines, budget }));
  }
  return out;
}

/**
 * A document is one object, or a `List` / `<Kind>List` whose `items` are objects; a typed list's
 * items may leave out the `apiVersion` and `kind` they share with it.
 */
function objectsOf(map: PMap, inherited: { apiVersion: string; kind: string } | undefined): K8sObject[] {
  const apiVersion = stringValue(child(map, 'apiVersion')) ?? inherited?.apiVersion;
  const kind = stringValue(child(map, 'kind')) ?? inherited?.kind;
  // A `$patch` directive marks a strategic-merge patch (kustomize), a change to an object, not one.
  if (apiVersion === undefined || kind === undefined || entry(map, '$patch') !== undefined) return [];
  const items = child(map, 'items');
  if (kind.endsWith('List') && items?.type === 'seq') {
    const shared = kind === 'List' ? undefined : { apiVersion, kind: kind.slice(0, -'List'.length) };
    return items.items.flatMap((item) => (item.type === 'map' ? objectsOf(item, shared) : []));
  }
  const metadata = child(map, 'metadata');
  const nameEntry = metadata?.type === 'map' ? entry(metadata, 'name') : undefined;
  const name = text(nameEntry?.value);
  const namespace = text(metadata?.type === 'map' ? child(metadata, 'namespace') : undefined) ?? null;
  const kindEntry = entry(map, 'kind');
  const header = nameEntry ? entryRange(nameEntry) : kindEntry ? entryRange(kindEntry) : map.range;
  const address = `${kind} ${namespace === null ? '' : namespace + '/'}${name ?? '(unnamed)'}`;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return [{ map, apiVersion, kind, group, name, namespace, address, header, ignores: annotationIgnores(metadata, true) }];
}

interface EmbeddedContext {
  outerLines: readonly string[] | undefined;
  budget: EmbeddedBudget;
}

function resourcesOf(source: ManifestSource, object: K8sObject, embedded: EmbeddedContext): Resource[] {
  const resource = (kind: Resource['kind'], fields: { props: Record<string, unknown>; locations: Locations }): Resource => ({
    kind,
    name: source.address ?? object.address,
    format: source.format,
    file: source.file,
    range: object.header,
    props: fields.props,
    locations: fields.locations,
    ...(object.ignores.length > 0 ? { ignores: object.ignores } : {}),
  });
  const objectFields = identity(object, ['apiVersion', 'kind', 'name', 'namespace']);
  objectFields.set(['namespaced'], isNamespaced(object.kind, object.group), object.header);
  const out = [resource('k8s.object', objectFields)];
  const workload = WORKLOADS[object.kind];
  if (workload?.groups.includes(object.group)) {
    const fields = workloadFields(object, workload.podSpec);
    if (fields) {
      const workloadResource = resource('k8s.workload', fields);
      out.push(workloadResource, ...kubeletContainers(workloadResource));
    }
  }
  if (object.kind === 'Namespace' && object.group === '') {
    const fields = identity(object, ['name']);
    fields.set(['declared'], true, object.header);
    const metadata = child(object.map, 'metadata');
    const labels = metadata?.type === 'map' ? entry(metadata, 'labels') : undefined;
    if (labels) fields.setPlain(['labels'], labels.value, entryRange(labels));
    else fields.set(['labels'], {}, object.header);
    // Whether a NetworkPolicy lives in it is a cross-file fact: the graph stage sets it.
    fields.set(['hasNetworkPolicy'], false, object.header);
    out.push(resource('k8s.namespace', fields));
  }
  if (object.kind === 'NetworkPolicy' && (object.group === 'networking.k8s.io' || object.group === 'extensions')) {
    const fields = identity(object, ['name', 'namespace']);
    const spec = entry(object.map, 'spec');
    if (spec) fields.setPlain(['spec'], spec.value, entryRange(spec));
    else fields.set(['spec'], null, object.header);
    out.push(resource('k8s.networkpolicy', fields));
  }
  if (isAccessKind(object.kind)) for (const part of accessObjectParts(viewOf(object, embedded))) out.push(resource(part.kind, part));
  if (source.format === 'kubernetes') {
    const kubelet = kubeletFromManifest({ ...object, file: source.file });
    if (kubelet) out.push(object.ignores.length > 0 ? { ...kubelet, ignores: object.ignores } : kubelet);
  }
  return out;
}

/** The object as plain values with located pointers, for the builders shared with Terraform. */
function viewOf(object: K8sObject, { outerLines, budget }: EmbeddedContext) {
  const locations: Locations = {};
  const plain = toPlain(object.map, '', locations) as Record<string, unknown>;
  const at = (pointerTo: string) => locations[pointerTo] ?? object.header;
  return {
    kind: object.kind,
    group: object.group,
    name: object.name ?? unknown('metadata.name is not set'),
    namespace: object.namespace,
    nameAt: at('/metadata/name'),
    namespaceAt: at('/metadata/namespace'),
    header: object.header,
    plain,
    locations,
    budget,
    ...(outerLines ? { outerLines } : {}),
  };
}

type IdentityField = 'apiVersion' | 'kind' | 'name' | 'namespace';

/** The identifying fields, each located at the entry that writes it (else the header). */
function identity(object: K8sObject, which: IdentityField[]): Fields {
  const metadata = child(object.map, 'metadata');
  const metadataEntry = (key: string) => (metadata?.type === 'map' ? entry(metadata, key) : undefined);
  const sources: Record<IdentityField, [unknown, PEntry | undefined]> = {
    apiVersion: [object.apiVersion, entry(object.map, 'apiVersion')],
    kind: [object.kind, entry(object.map, 'kind')],
    name: [object.name ?? unknown('metadata.name is not set'), metadataEntry('name')],
    namespace: [object.namespace, metadataEntry('namespace')],
  };
  const fields = new Fields();
  for (const field of which) {
    const [value, written] = sources[field];
    fields.set([field], value, written ? entryRange(written) : object.header);
  }
  return fields;
}

/**
 * A workload's pod spec as written, and its containers of all three lists in one list, each
 * marked with its `containerType`. A manifest without a pod spec (a kustomize patch, for one) is
 * not a workload: judging it would be judging a fragment.
 */
function workloadFields(object: K8sObject, podSpecPath: readonly string[]): Fields | undefined {
  const podSpec = entryAt(object.map, podSpecPath);
  if (podSpec?.value.type !== 'map') return undefined;
  const fields = identity(object, ['kind', 'name', 'namespace']);
  fields.setPlain(['pod'], podSpec.value, entryRange(podSpec));
  const containers: Record<string, unknown>[] = [];
  for (const [list, containerType] of CONTAINER_LISTS) {
    const items = child(podSpec.value, list);
    if (items?.type !== 'seq') continue;
    for (const item of items.items) {
      if (item.type !== 'map') continue;
      const plain = toPlain(item, pointer('containers', containers.length), fields.locations) as Record<string, unknown>;
      containers.push({ ...plain, containerType });
    }
  }
  fields.set(['containers'], containers, entryRange(podSpec));
  // The pod's annotations: the legacy seccomp annotations live there.
  const metadata = entryAt(object.map, [...podSpecPath.slice(0, -1), 'metadata']);
  const annotations = metadata?.value.type === 'map' ? entry(metadata.value, 'annotations') : undefined;
  if (annotations) fields.setPlain(['podAnnotations'], annotations.value, entryRange(annotations));
  else fields.set(['podAnnotations'], {}, entryRange(podSpec));
  addContainerViews(fields.props.pod, containers, fields.locations, fields.props.podAnnotations);
  return fields;
}

/** The entry at the end of a path of map keys. */
function entryAt(map: PMap, path: readonly string[]): PEntry | undefined {
  let current: PEntry | undefined;
  let node: PNode = map;
  for (const key of path) {
    current = node.type === 'map' ? entry(node, key) : undefined;
    if (current === undefined) return undefined;
    node = current.value;
  }
  return current;
}

/** A scalar written as text: names and versions may be read as numbers (`name: 123`). */
function text(node: PNode | undefined): string | undefined {
  const value = node?.type === 'scalar' ? node.value : undefined;
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
