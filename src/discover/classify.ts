import { child, entry, type PMap, type PNode, stringValue } from '../model/tree.js';

export type DocumentFormat = 'cloudformation' | 'eksctl' | 'kubernetes';

/**
 * Which format a YAML or JSON file is, judged by content since extensions do not tell (a `.yaml`
 * may be any of them, or none). A file that is none of them gives `null`: it is skipped, not an
 * error. CloudFormation wins over eksctl, which wins over Kubernetes, for files that mix them.
 */
export function classifyDocuments(documents: (PNode | null)[]): DocumentFormat | null {
  const maps = documents.filter((d): d is PMap => d?.type === 'map');
  if (maps.some(isCloudFormation)) return 'cloudformation';
  if (maps.some(isEksctlConfig)) return 'eksctl';
  if (maps.some(isKubernetesObject)) return 'kubernetes';
  return null;
}

function isCloudFormation(map: PMap): boolean {
  if (entry(map, 'AWSTemplateFormatVersion')) return true;
  const resources = child(map, 'Resources');
  if (resources?.type === 'map') return resources.entries.some((e) => isAwsType(resourceType(e.value)));
  return isBareResourceMap(map);
}

/**
 * eksctl writes templates' resources as a bare map of logical ids (no `Resources` wrapper): every
 * top-level value is a resource with a `Type`, and at least one is an AWS type.
 */
function isBareResourceMap(map: PMap): boolean {
  const types = map.entries.map((e) => resourceType(e.value));
  return types.length > 0 && types.every((t) => t?.includes('::')) && types.some(isAwsType);
}

function resourceType(node: PNode): string | undefined {
  return stringValue(child(node, 'Type'));
}

function isAwsType(type: string | undefined): boolean {
  return type?.startsWith('AWS::') ?? false;
}

function isEksctlConfig(map: PMap): boolean {
  return stringValue(child(map, 'apiVersion')) === 'eksctl.io/v1alpha5' && stringValue(child(map, 'kind')) === 'ClusterConfig';
}

function isKubernetesObject(map: PMap): boolean {
  return Boolean(stringValue(child(map, 'apiVersion')) && stringValue(child(map, 'kind')));
}

/**
 * A Helm chart template is Go-template text, not YAML: it has to be rendered before it can be
 * checked. It lives under a chart's `templates/` folder and contains `{{`.
 */
export function isHelmTemplate(file: string, content: string): boolean {
  const folders = file.split(/[\\/]/).slice(0, -1);
  return folders.includes('templates') && content.includes('{{');
}
