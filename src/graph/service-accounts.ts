import type { Range } from '../model/range.js';
import { isUnknown, type Resource, unknown } from '../model/resource.js';

/**
 * Each workload's service account and whether its pods get a service-account token, following
 * Kubernetes: `serviceAccountName` (else the deprecated `serviceAccount`, else `default`), and
 * the pod's `automountServiceAccountToken`, else the ServiceAccount's, else mounted.
 *
 * Sets on every `k8s.workload`:
 * - `/serviceAccountName`: the name, located where it is written (else at the pod spec);
 * - `/serviceAccountToken`: `disabled` (an explicit `false` applies), `requested` (the pod spec
 *   itself says `true`: whoever wrote it decided the pod needs the API), `mounted` (mounted
 *   although the pod spec does not ask: its ServiceAccount says `true`, or nothing says
 *   anything), or unknown. A named ServiceAccount that is not in the scanned files may set the
 *   field itself, so its pods' token is unknown; the `default` ServiceAccount, created by
 *   Kubernetes without the field, mounts unless the scan declares it otherwise.
 */
export function linkServiceAccounts(resources: readonly Resource[]): Resource[] {
  const accounts = new Map<string, unknown[]>();
  for (const r of resources) {
    if (r.kind !== 'k8s.serviceaccount' || typeof r.props.name !== 'string') continue;
    const key = accountKey(r.props.namespace, r.props.name);
    accounts.set(key, [...(accounts.get(key) ?? []), r.props.automountServiceAccountToken]);
  }
  return resources.map((r) => (r.kind === 'k8s.workload' ? withServiceAccount(r, accounts) : r));
}

function accountKey(namespace: unknown, name: string): string {
  return JSON.stringify([typeof namespace === 'string' ? namespace : null, name]);
}

function podOf(workload: Resource): Record<string, unknown> {
  const pod = workload.props.pod;
  return typeof pod === 'object' && pod !== null && !isUnknown(pod) ? (pod as Record<string, unknown>) : {};
}

function withServiceAccount(workload: Resource, accounts: Map<string, unknown[]>): Resource {
  const pod = podOf(workload);
  const podAt: Range = workload.locations['/pod'] ?? workload.range;
  const written = ['serviceAccountName', 'serviceAccount'].find((field) => pod[field] !== undefined && pod[field] !== null && pod[field] !== '');
  const name = written === undefined ? 'default' : typeof pod[written] === 'string' ? pod[written] : unknown(`${written} is not a literal`);
  const nameAt = (written && workload.locations[`/pod/${written}`]) || podAt;
  const podSetting = pod.automountServiceAccountToken;
  const tokenAt = workload.locations['/pod/automountServiceAccountToken'] ?? podAt;
  return {
    ...workload,
    props: { ...workload.props, serviceAccountName: name, serviceAccountToken: tokenMount(podSetting, name, workload.props.namespace, accounts) },
    locations: { ...workload.locations, '/serviceAccountName': nameAt, '/serviceAccountToken': tokenAt },
  };
}

function setting(value: unknown, requested: 'requested' | 'mounted'): 'disabled' | 'requested' | 'mounted' | undefined | ReturnType<typeof unknown> {
  if (value === false) return 'disabled';
  if (value === true) return requested;
  if (value === undefined || value === null) return undefined;
  return unknown('automountServiceAccountToken is not a literal boolean');
}

function tokenMount(podSetting: unknown, name: unknown, namespace: unknown, accounts: Map<string, unknown[]>): unknown {
  const fromPod = setting(podSetting, 'requested');
  if (fromPod !== undefined) return fromPod;
  if (typeof name !== 'string') return unknown('the service account is not known');
  const declared = accounts.get(accountKey(namespace, name));
  if (declared === undefined) return name === 'default' ? 'mounted' : unknown(`ServiceAccount ${name} is not in the scanned files`);
  const settings = new Set(declared.map((v) => JSON.stringify(setting(v, 'mounted') ?? 'mounted')));
  // The same ServiceAccount declared twice with different settings: which one applies is not known.
  if (settings.size !== 1) return unknown(`ServiceAccount ${name} is declared more than once`);
  return setting(declared[0], 'mounted') ?? 'mounted';
}
