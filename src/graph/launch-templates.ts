import type { Range } from '../model/range.js';
import { isUnknown, type Resource } from '../model/resource.js';
import { ReferenceIndex } from './references.js';

/**
 * Facts about launch templates that other resources decide:
 * - `/eksNodes`: a template an EKS node group launches its nodes from (its `/launchTemplate/id`,
 *   `/launchTemplate/name` or `/launchConfiguration` refers to it, or names it) starts EKS nodes,
 *   whatever its user data says;
 * - `/ebsEncryptionByDefault`: the account's EBS encryption by default, when the cluster's files
 *   turn it on (`aws_ebs_encryption_by_default`), encrypts every volume a template leaves unencrypted.
 * Pure: returns a new list.
 */
export function linkLaunchTemplates(resources: readonly Resource[], clusterOf: (file: string) => string): Resource[] {
  const started = templatesOfNodeGroups(resources);
  const encryptionByDefault = accountEncryption(resources, clusterOf);
  return resources.map((r) => {
    if (r.kind !== 'ec2.launchtemplate') return r;
    const group = started.get(r);
    const account = encryptionByDefault.get(clusterOf(r.file));
    if (!group && (!account || r.props.ebsEncryptionByDefault !== false)) return r;
    const props = { ...r.props };
    const locations = { ...r.locations };
    if (group) set(props, locations, '/eksNodes', 'eksNodes', true, elsewhere(group.range, group.file, r.file));
    if (account && r.props.ebsEncryptionByDefault === false) set(props, locations, '/ebsEncryptionByDefault', 'ebsEncryptionByDefault', account.value, elsewhere(account.range, account.file, r.file));
    return { ...r, props, locations };
  });
}

function set(props: Record<string, unknown>, locations: Record<string, Range>, pointer: string, key: string, value: unknown, at: Range): void {
  props[key] = value;
  locations[pointer] = at;
}

/** A range of another resource, marked with its file when that is not the template's. */
function elsewhere(range: Range, file: string, from: string): Range {
  return file === from || range.file !== undefined ? range : { ...range, file };
}

/** Each launch template an `eks.nodegroup` launches from, with the first such node group. */
function templatesOfNodeGroups(resources: readonly Resource[]): Map<Resource, Resource> {
  const index = new ReferenceIndex(resources);
  const byName = new Map<string, Resource[]>();
  for (const r of resources) {
    const name = r.props.name;
    if (r.kind === 'ec2.launchtemplate' && typeof name === 'string') byName.set(`${r.format}\0${name}`, [...(byName.get(`${r.format}\0${name}`) ?? []), r]);
  }
  const started = new Map<Resource, Resource>();
  for (const group of resources) {
    if (group.kind !== 'eks.nodegroup') continue;
    const named = (group.props.launchTemplate as { name?: unknown } | undefined)?.name;
    const targets = [
      ...index.targetsOf(group, '/launchTemplate'),
      ...index.targetsOf(group, '/launchConfiguration'),
      ...(typeof named === 'string' ? (byName.get(`${group.format}\0${named}`) ?? []) : []),
    ];
    for (const t of targets) if (t.kind === 'ec2.launchtemplate' && !started.has(t)) started.set(t, group);
  }
  return started;
}

/**
 * Per cluster, the account's EBS encryption by default as its files set it: on when some
 * `ec2.ebsdefaults` turns it on, unknown when one may, absent when none does.
 */
function accountEncryption(resources: readonly Resource[], clusterOf: (file: string) => string): Map<string, { value: unknown; range: Range; file: string }> {
  const out = new Map<string, { value: unknown; range: Range; file: string }>();
  for (const r of resources) {
    if (r.kind !== 'ec2.ebsdefaults') continue;
    const value = r.props.encryptionByDefault;
    if (value !== true && !isUnknown(value)) continue;
    const cluster = clusterOf(r.file);
    if (out.get(cluster)?.value === true) continue;
    out.set(cluster, { value, range: r.locations['/encryptionByDefault'] ?? r.range, file: r.file });
  }
  return out;
}
