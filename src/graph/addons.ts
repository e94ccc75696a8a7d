import { dirname } from 'node:path';
import { isUnknown, type Resource, unknown, type Unknown } from '../model/resource.js';
import { POD_IDENTITY_AGENT_ADDON } from '../normalize/eks-addon.js';
import { DEFAULT_CLUSTER } from './clusters.js';
import { ReferenceIndex } from './references.js';

/**
 * Links add-ons, IAM OIDC providers and network policy engines to the EKS clusters they belong
 * to, within each cluster group of the scan (`clusters` setting; the whole scan by default):
 *
 * - `eks.cluster` `/addons`: the names of its add-ons; unknown when an add-on of the group may
 *   belong to it without its cluster being known.
 * - `eks.cluster` `/identity/irsa`: an IAM OIDC provider is made for its issuer (or the cluster's
 *   own format says so: eksctl `iam.withOIDC`, the registry module's `enable_irsa`); unknown when a
 *   provider of the group cannot be tied to a cluster.
 * - `eks.cluster` `/identity/podIdentityAgent`: the `eks-pod-identity-agent` add-on is installed,
 *   or the cluster runs in EKS Auto Mode, which has the agent built in.
 * - `eks.addon` `/otherNetworkPolicyEngine`: the name of a network policy engine other than the
 *   VPC CNI declared in the group (Calico, Cilium, Antrea, kube-router), `null` when none is,
 *   unknown when a Helm chart's name cannot be known.
 */
export function linkAddons(resources: readonly Resource[], clusterOf: (file: string) => string = () => DEFAULT_CLUSTER): Resource[] {
  const index = new ReferenceIndex(resources);
  const groups = new Map<string, Resource[]>();
  for (const r of resources) {
    const group = clusterOf(r.file);
    const members = groups.get(group);
    if (members) members.push(r);
    else groups.set(group, [r]);
  }
  const replaced = new Map<Resource, Resource>();
  for (const members of groups.values()) {
    for (const [from, to] of linkGroup(members, index)) replaced.set(from, to);
  }
  return resources.map((r) => replaced.get(r) ?? r);
}

/**
 * Which clusters an add-on (or provider) belongs to: a list, or `any` cluster it may share a
 * deployment with (see `mayShare`) when its cluster cannot be known.
 */
type Owners = Resource[] | 'any';

function ownersOf(item: Resource, pointer: string, clusters: readonly Resource[], index: ReferenceIndex): Owners {
  const targets = index.targetsOf(item, pointer).filter((r) => r.kind === 'eks.cluster');
  if (targets.length > 0) return targets;
  // A reference to something that is not a scanned cluster (a data source, another stack's output).
  if ((item.references ?? []).some((r) => r.from === pointer)) return [];
  const name = valueAt(item, pointer);
  if (typeof name !== 'string') return 'any';
  // A cluster whose own name is not known could be the one named.
  if (clusters.some((c) => typeof c.props.name !== 'string' && mayShare(c, item))) return 'any';
  return clusters.filter((c) => c.props.name === name);
}

/**
 * The Terraform configuration a resource is deployed with: the folder of the root module that calls
 * it (the first call's file), else its own folder. Undefined for other formats.
 */
function terraformRoot(resource: Resource): string | undefined {
  if (resource.format !== 'terraform') return undefined;
  return dirname(resource.calls?.[0]?.file ?? resource.file);
}

/**
 * Whether two resources may be deployed together, so that one whose cluster is not known may be
 * the other's: Terraform resources of different root configurations are separate deployments;
 * anything else in the same cluster group may go together.
 */
function mayShare(a: Resource, b: Resource): boolean {
  const [ra, rb] = [terraformRoot(a), terraformRoot(b)];
  return ra === undefined || rb === undefined || ra === rb;
}

function valueAt(resource: Resource, pointer: string): unknown {
  return resource.props[pointer.slice(1)];
}

/** Three-valued OR. */
function or(a: unknown, b: unknown): boolean | Unknown {
  if (a === true || b === true) return true;
  if (isUnknown(a)) return a;
  if (isUnknown(b)) return b;
  return false;
}

function linkGroup(members: readonly Resource[], index: ReferenceIndex): Map<Resource, Resource> {
  const clusters = members.filter((r) => r.kind === 'eks.cluster');
  const addons = members.filter((r) => r.kind === 'eks.addon');
  const out = new Map<Resource, Resource>();

  const addonsOf = new Map<Resource, unknown[]>(clusters.map((c) => [c, []]));
  const unplaced: Resource[] = [];
  for (const addon of addons) {
    const owners = ownersOf(addon, '/clusterName', clusters, index);
    if (owners === 'any') unplaced.push(addon);
    else for (const owner of owners) addonsOf.get(owner)?.push(addon.props.name);
  }

  const providers = members.filter((r) => r.kind === 'iam.oidcprovider');
  const withProvider = new Set<Resource>();
  const unplacedProviders: Resource[] = [];
  for (const provider of providers) {
    // eksctl's provider names its cluster; the others refer to the cluster's issuer URL.
    const owners = ownersOf(provider, provider.props.clusterName !== undefined ? '/clusterName' : '/url', clusters, index);
    // An issuer written as text, or read from a data source, may be any cluster's: none is known to lack one.
    if (owners === 'any' || owners.length === 0) unplacedProviders.push(provider);
    else owners.forEach((owner) => withProvider.add(owner));
  }

  for (const cluster of clusters) {
    const names = addonsOf.get(cluster) ?? [];
    const unknownAddon = unplaced.find((a) => mayShare(a, cluster));
    const unknownProvider = unplacedProviders.find((p) => mayShare(p, cluster));
    const addonList = unknownAddon ? unknown(`the cluster of ${unknownAddon.name} is not known`) : names;
    const identity = (cluster.props.identity ?? {}) as Record<string, unknown>;
    const providerSays = withProvider.has(cluster) ? true : unknownProvider ? unknown(`the cluster of ${unknownProvider.name} is not known`) : false;
    const agent = isUnknown(addonList) ? addonList : addonList.includes(POD_IDENTITY_AGENT_ADDON) ? true : (addonList.find(isUnknown) ?? false);
    const props = {
      ...cluster.props,
      addons: addonList,
      identity: { ...identity, irsa: or(identity.irsa, providerSays), podIdentityAgent: or(or(identity.podIdentityAgent, cluster.props.autoMode === true), agent) },
    };
    const locations = { ...cluster.locations };
    locations['/addons'] ??= cluster.range;
    locations['/identity/irsa'] ??= cluster.range;
    locations['/identity/podIdentityAgent'] ??= cluster.range;
    // Neither way of giving pods roles: the finding goes where the cluster's own format says so.
    locations['/identity'] ??= cluster.range;
    out.set(cluster, { ...cluster, props, locations });
  }

  const engines = members.filter(isEngineCandidate);
  // One answer per Terraform configuration (and one for everything else).
  const engineOf = new Map<string | undefined, string | null | Unknown>();
  for (const addon of addons) {
    const root = terraformRoot(addon);
    const engine = engineOf.get(root) ?? policyEngine(engines.filter((e) => mayShare(e, addon)));
    engineOf.set(root, engine);
    out.set(addon, { ...addon, props: { ...addon.props, otherNetworkPolicyEngine: engine }, locations: { ...addon.locations, '/otherNetworkPolicyEngine': addon.range } });
  }
  return out;
}

function isEngineCandidate(r: Resource): boolean {
  return r.kind === 'helm.release' || r.kind === 'k8s.object' || r.kind === 'k8s.workload';
}

/** Helm charts of network policy engines, by the last segment of the chart name (a `.tgz` file or `repo/chart` too). */
const ENGINE_CHART = /(?:^|\/)(cilium|calico|aws-calico|tigera-operator|antrea|kube-router)(?:-v?\d[\w.+-]*)?(?:\.tgz)?$/i;

/** API groups only a network policy engine serves. */
const ENGINE_API_GROUPS = new Map([
  ['projectcalico.org', 'Calico'],
  ['crd.projectcalico.org', 'Calico'],
  ['operator.tigera.io', 'Calico'],
  ['cilium.io', 'Cilium'],
  ['crd.antrea.io', 'Antrea'],
]);

/** The agents' DaemonSets, as their manifests name them. */
const ENGINE_DAEMONSETS = new Map([
  ['calico-node', 'Calico'],
  ['cilium', 'Cilium'],
  ['antrea-agent', 'Antrea'],
  ['kube-router', 'kube-router'],
]);

/** The first policy engine other than the VPC CNI declared among `members`, `null`, or unknown. */
function policyEngine(members: readonly Resource[]): string | null | Unknown {
  let open: Unknown | undefined;
  for (const r of members) {
    if (r.kind === 'helm.release') {
      const chart = r.props.chart;
      if (typeof chart === 'string') {
        const match = ENGINE_CHART.exec(chart.trim());
        if (match?.[1]) return match[1];
      } else open ??= unknown(`the chart of ${r.name} is not known`);
    } else if (r.kind === 'k8s.object') {
      const apiVersion = r.props.apiVersion;
      const group = typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
      const engine = ENGINE_API_GROUPS.get(group);
      if (engine) return engine;
    } else if (r.kind === 'k8s.workload' && r.props.kind === 'DaemonSet' && typeof r.props.name === 'string') {
      const engine = ENGINE_DAEMONSETS.get(r.props.name);
      if (engine) return engine;
    }
  }
  return open ?? null;
}
