import type { Range } from '../model/range.js';
import type { Resource } from '../model/resource.js';
import { child, type PMap, stringValue } from '../model/tree.js';
import { entryRange, type Locations, toPlain } from './plain.js';

/**
 * An eksctl ClusterConfig's `iamIdentityMappings`, which eksctl writes into the `aws-auth`
 * ConfigMap, as the same `k8s.awsauth` a manifest of that ConfigMap gives: IAM role ARNs go to
 * `mapRoles`, user ARNs to `mapUsers`, each entry as written (`arn`, `username`, `groups`) and
 * located in the file. Service mappings (`serviceName`) and `account` entries grant no group.
 */
export function eksctlIdentityMappings(file: string, root: PMap, name: string, header: Range): Resource[] {
  const mappings = root.entries.find((e) => e.key === 'iamIdentityMappings');
  if (mappings?.value.type !== 'seq') return [];
  const locations: Locations = { '/mapRoles': entryRange(mappings), '/mapUsers': entryRange(mappings) };
  const lists: Record<'mapRoles' | 'mapUsers', unknown[]> = { mapRoles: [], mapUsers: [] };
  for (const item of mappings.value.items) {
    const arn = stringValue(child(item, 'arn'));
    const list = arn === undefined ? undefined : /^arn:[^:]+:iam::[^:]*:role\//.test(arn) ? 'mapRoles' : /^arn:[^:]+:iam::[^:]*:user\//.test(arn) ? 'mapUsers' : undefined;
    if (list === undefined) continue;
    lists[list].push(toPlain(item, `/${list}/${lists[list].length}`, locations));
  }
  return [
    {
      kind: 'k8s.awsauth',
      name,
      format: 'eksctl',
      file,
      range: header,
      props: { name: 'aws-auth', namespace: 'kube-system', ...lists },
      locations,
    },
  ];
}
