import { displayName, type Resource } from '../model/resource.js';
import { ReferenceIndex } from './references.js';

/**
 * Sets each KMS key's `/usedBy`: the clusters whose secrets it encrypts, found through each
 * cluster's `/secretsEncryption/keyArn` reference (a `!GetAtt Key.Arn`, an `aws_kms_key.x.arn`, or an
 * `aws_kms_alias` that targets the key). A key no scanned cluster refers to keeps `[]`. Pure.
 */
export function linkClusterKeys(resources: readonly Resource[]): Resource[] {
  if (!resources.some((r) => r.kind === 'kms.key')) return [...resources];
  const index = new ReferenceIndex(resources);
  const users = new Map<Resource, Set<string>>();
  for (const cluster of resources) {
    if (cluster.kind !== 'eks.cluster') continue;
    for (const key of index.targetsOf(cluster, '/secretsEncryption/keyArn')) {
      if (key.kind !== 'kms.key') continue;
      const names = users.get(key) ?? new Set<string>();
      names.add(displayName(cluster));
      users.set(key, names);
    }
  }
  return resources.map((r) => {
    const names = users.get(r);
    return names ? { ...r, props: { ...r.props, usedBy: [...names].sort() } } : r;
  });
}
