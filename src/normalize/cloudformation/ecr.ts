/**
 * `AWS::ECR::Repository` → `ecr.repository` and `AWS::ECR::RegistryScanningConfiguration` →
 * `ecr.registry` (docs/canonical-model.md).
 */
import type { Range } from '../../model/range.js';
import { isUnknown, type Resource, unknown, type Unknown } from '../../model/resource.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { type ScanningRule, writePolicy, writeRegistryScanning, writeRepository } from '../aws/ecr.js';
import { policyDocumentOf } from '../aws/resource-policy.js';
import { EmbeddedBudget } from '../embedded-yaml.js';
import { type Field, Fields, readBoolean, readField, readList, readString, type Resolver, rootSection, section } from '../fields.js';
import { propertiesOf, resourceOf } from './resource.js';

export function ecrRepository(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const scanning = section(props, 'ImageScanningConfiguration', resolve);
  const encryption = section(props, 'EncryptionConfiguration', resolve);
  const fields = new Fields();
  writeRepository(fields, {
    name: readField(props, 'RepositoryName', resolve, readString),
    scanOnPush: readField(scanning, 'ScanOnPush', resolve, readBoolean),
    scanDefaultAt: scanning.at,
    tagMutability: readField(props, 'ImageTagMutability', resolve, readString),
    encryptionType: readField(encryption, 'EncryptionType', resolve, readString),
    kmsKey: readField(encryption, 'KmsKey', resolve, readString),
    encryptionDefaultAt: encryption.at,
    header,
  });
  const policy = readField(props, 'RepositoryPolicyText', resolve, (node) => node);
  const at: Range = policy?.range ?? header;
  // One policy is small (ECR allows 10,240 characters); each gets its own bound.
  const document = policy === undefined ? undefined : isUnknown(policy.value) ? policy.value : policyDocumentOf(policy.value, at, new EmbeddedBudget(200_000));
  writePolicy(fields, document, at, resolve);
  return resourceOf('ecr.repository', file, logical, resource, fields);
}

export function ecrRegistryScanning(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const rules = readField(props, 'Rules', resolve, readList(resolve, (node) => node));
  const scanningRules = rules && !isUnknown(rules.value) ? { range: rules.range, value: rules.value.map((item) => scanningRule(item, resolve)) } : rules;
  writeRegistryScanning(fields, readField(props, 'ScanType', resolve, readString), scanningRules as Field<ScanningRule[]> | undefined, logical.keyRange);
  return resourceOf('ecr.registry', file, logical, resource, fields);
}

/** One of `Rules`: `{ScanFrequency, RepositoryFilters: [{Filter, FilterType}]}`. */
function scanningRule(item: Field<PNode>, resolve: Resolver): ScanningRule {
  if (isUnknown(item.value) || item.value.type !== 'map') {
    return { frequency: { value: isUnknown(item.value) ? item.value : unknown('not a rule'), range: item.range }, filters: undefined, at: item.range };
  }
  const rule = rootSection(item.value, item.range);
  const filter = (node: PNode): string | Unknown =>
    node.type === 'map' ? (readField(rootSection(node, node.range), 'Filter', resolve, readString)?.value ?? unknown('Filter is not set')) : unknown('not a filter');
  return { frequency: readField(rule, 'ScanFrequency', resolve, readString), filters: readField(rule, 'RepositoryFilters', resolve, readList(resolve, filter)), at: item.range };
}
