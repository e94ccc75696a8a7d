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
 * Whether YAML text holds Go-template syntax (`{{`) outside its comments: a Helm template has to be
 * rendered before it can be checked, while braces in a comment (`# {{ see docs }}`) change nothing
 * in what the YAML says. A `#` starts a comment at the start of a line or after a blank, outside
 * quotes (YAML's rule, applied line by line: a block scalar's `#` lines count as comments here, which
 * errs towards reading the file).
 */
export function hasTemplateSyntax(content: string): boolean {
  if (!content.includes('{{')) return false;
  return content.split('\n').some((line) => line.includes('{{') && beforeComment(line).includes('{{'));
}

/** The part of a YAML line before its comment, if it has one. */
function beforeComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      return line.slice(0, i);
    }
  }
  return line;
}

/**
 * The folders that would be the chart of a file if it were a Helm template: the parent of each
 * `templates` folder on its path, innermost first (a subchart's templates live in
 * `chart/charts/sub/templates/`).
 */
export function candidateChartFolders(file: string): string[] {
  const parts = file.split(/[\\/]/);
  const folders: string[] = [];
  for (let i = parts.length - 2; i >= 1; i--) {
    if (parts[i] === 'templates') folders.push(parts.slice(0, i).join(file.includes('/') ? '/' : '\\') || '/');
  }
  return folders;
}
