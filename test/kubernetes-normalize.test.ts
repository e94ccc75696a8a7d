import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../src/model/resource.js';
import { normalizeKubernetes } from '../src/normalize/kubernetes.js';
import { parseYaml } from '../src/parse/yaml.js';
import { rangeOf } from './helpers/source-range.js';

function normalize(file: string): { source: string; resources: Resource[] } {
  const source = readFileSync(file, 'utf8');
  const { documents, problems } = parseYaml(source);
  expect(problems).toEqual([]);
  return { source, resources: normalizeKubernetes(file, documents) };
}

const WORKLOADS = 'fixtures/parse/kubernetes/workloads.yaml';
const OBJECTS = 'fixtures/parse/kubernetes/objects.yaml';

describe('k8s.workload', () => {
  const { source, resources } = normalize(WORKLOADS);
  const workloads = resources.filter((r) => r.kind === 'k8s.workload');
  const byKind = (kind: string) => workloads.find((w) => w.props.kind === kind);

  it('reads every workload kind', () => {
    expect(workloads.map((w) => [w.props.kind, w.name])).toEqual([
      ['Pod', 'Pod shop/debug'],
      ['Deployment', 'Deployment shop/web'],
      ['StatefulSet', 'StatefulSet shop/db'],
      ['DaemonSet', 'DaemonSet agent'],
      ['ReplicaSet', 'ReplicaSet rs'],
      ['ReplicationController', 'ReplicationController rc'],
      ['Job', 'Job migrate'],
      ['CronJob', 'CronJob nightly'],
    ]);
    expect(workloads.every((w) => w.format === 'kubernetes' && w.file === WORKLOADS)).toBe(true);
  });

  it('takes the pod spec from spec, spec.template.spec or spec.jobTemplate.spec.template.spec', () => {
    expect(byKind('Pod')?.props.pod).toMatchObject({ containers: [{ name: 'app' }, { name: 'sidecar' }] });
    expect(byKind('DaemonSet')?.props.pod).toEqual({ hostNetwork: true, containers: [{ name: 'agent', image: 'agent' }] });
    expect(byKind('CronJob')?.props.pod).toEqual({ containers: [{ name: 'backup', image: 'backup' }] });
    expect(byKind('CronJob')?.locations['/pod']?.line).toBe(rangeOf(source, 'spec:\n          containers:').line);
    expect(byKind('DaemonSet')?.locations['/pod/hostNetwork']).toEqual(rangeOf(source, 'hostNetwork: true'));
  });

  it('lists containers, initContainers and ephemeralContainers in that order, each with its containerType', () => {
    const pod = byKind('Pod');
    expect(pod?.props.containers).toMatchObject([
      { name: 'app', image: 'nginx', securityContext: { privileged: true }, containerType: 'container', label: "Container 'app'" },
      { name: 'sidecar', image: 'envoy', containerType: 'container', label: "Container 'sidecar'" },
      { name: 'init', image: 'busybox', containerType: 'initContainer', label: "Init container 'init'" },
      { name: 'shell', image: 'busybox', containerType: 'ephemeralContainer', label: "Ephemeral container 'shell'" },
    ]);
    expect(pod?.locations['/containers/0/securityContext/privileged']).toEqual(rangeOf(source, 'privileged: true'));
    expect(pod?.locations['/containers/2/name']).toEqual(rangeOf(source, 'name: init'));
    expect(pod?.locations['/containers/3']?.line).toBe(rangeOf(source, 'name: shell').line);
  });

  it('has kind, name and namespace, located where they are written', () => {
    const deployment = byKind('Deployment');
    expect(deployment?.props).toMatchObject({ kind: 'Deployment', name: 'web', namespace: 'shop' });
    expect(deployment?.range).toEqual(rangeOf(source, 'name: web'));
    expect(deployment?.locations['/namespace']).toEqual(rangeOf(source, 'namespace: shop', 2));
    expect(deployment?.locations['/kind']).toEqual(rangeOf(source, 'kind: Deployment'));
    expect(byKind('DaemonSet')?.props.namespace).toBeNull();
  });
});

describe('k8s.object, k8s.namespace and k8s.networkpolicy', () => {
  const { source, resources } = normalize(OBJECTS);
  const of = (kind: Resource['kind']) => resources.filter((r) => r.kind === kind);

  it('has a k8s.object for every object, lists expanded, typed list items inheriting their kind', () => {
    expect(of('k8s.object').map((r) => [r.name, r.props])).toEqual([
      ['Namespace shop', { apiVersion: 'v1', kind: 'Namespace', name: 'shop', namespace: null, namespaced: false }],
      ['NetworkPolicy shop/deny-all', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'deny-all', namespace: 'shop', namespaced: true }],
      ['Service shop/web', { apiVersion: 'v1', kind: 'Service', name: 'web', namespace: 'shop', namespaced: true }],
      ['ConfigMap shop/settings', { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'shop', namespaced: true }],
      ['Deployment web', { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', namespace: null, namespaced: true }],
      ['Job volcano', { apiVersion: 'batch.volcano.sh/v1alpha1', kind: 'Job', name: 'volcano', namespace: null, namespaced: { $unknown: 'whether Job is namespaced depends on its CustomResourceDefinition' } }],
      ['Service (unnamed)', { apiVersion: 'v1', kind: 'Service', name: { $unknown: 'metadata.name is not set' }, namespace: null, namespaced: true }],
    ]);
  });

  it('locates /namespace at metadata.namespace and the header at metadata.name, else kind', () => {
    const service = of('k8s.object').find((r) => r.name === 'Service shop/web');
    expect(service?.locations['/namespace']).toEqual(rangeOf(source, 'namespace: shop', 2));
    expect(service?.range).toEqual(rangeOf(source, 'name: web'));
    expect(service?.locations['/apiVersion']).toEqual(rangeOf(source, 'apiVersion: v1', 3));
    const unnamed = of('k8s.object').find((r) => r.name === 'Service (unnamed)');
    expect(unnamed?.range).toEqual(rangeOf(source, 'kind: Service', 2));
  });

  it('does not judge fragments or look-alike custom resources as workloads', () => {
    expect(of('k8s.workload')).toEqual([]);
  });

  it('declares a namespace for a Namespace manifest', () => {
    const [namespace] = of('k8s.namespace');
    expect(of('k8s.namespace')).toHaveLength(1);
    expect(namespace?.name).toBe('Namespace shop');
    expect(namespace?.props).toEqual({ name: 'shop', declared: true, hasNetworkPolicy: false, labels: {} });
    expect(namespace?.locations['/name']).toEqual(rangeOf(source, 'name: shop'));
  });

  it('keeps a NetworkPolicy spec as written', () => {
    const [policy] = of('k8s.networkpolicy');
    expect(policy?.props).toEqual({ name: 'deny-all', namespace: 'shop', spec: { podSelector: {}, policyTypes: ['Ingress'] } });
    expect(policy?.locations['/spec/policyTypes/0']).toEqual(rangeOf(source, 'Ingress'));
    expect(policy?.locations['/namespace']).toEqual(rangeOf(source, 'namespace: shop'));
  });
});

describe('input that is not a set of objects', () => {
  it('skips null documents, non-maps and maps without apiVersion or kind', () => {
    const { documents } = parseYaml('- a\n---\nfoo: 1\n---\nkind: Pod\n---\n[broken\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec: {containers: [{name: c}]}\n');
    const resources = normalizeKubernetes('x.yaml', documents);
    expect(resources.map((r) => [r.kind, r.name])).toEqual([
      ['k8s.object', 'Pod ok'],
      ['k8s.workload', 'Pod ok'],
    ]);
  });

  it('reads JSON lists', () => {
    const { documents } = parseYaml('{"apiVersion": "v1", "kind": "List", "items": [{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": []}}]}');
    expect(normalizeKubernetes('x.json', documents).map((r) => r.kind)).toEqual(['k8s.object', 'k8s.workload']);
  });
});
