/**
 * `aws_ecr_repository`, `aws_ecr_repository_policy` → `ecr.repository`, and
 * `aws_ecr_registry_scanning_configuration` → `ecr.registry` (docs/canonical-model.md).
 */
import { terraformResource } from './arguments.js';
import { type Resource, unknown } from '../../model/resource.js';
import { entryRange } from '../plain.js';
import { type Field, Fields, readBoolean, readField, readString, rootSection, type Section } from '../fields.js';
import { type ScanningRule, writePolicy, writeRegistryScanning, writeRepository } from '../aws/ecr.js';
import { policyDocumentOf } from '../aws/resource-policy.js';
import { nestedBlocks, setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformModuleBlocks } from './kubernetes.js';
import { blockSection, terraformValue } from './sections.js';

export function ecrRepositoryFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { header } = block;
  const body = rootSection(block.body, header);
  const scanning = blockSection(body, 'image_scanning_configuration', header);
  const encryption = blockSection(body, 'encryption_configuration', header);
  const fields = new Fields();
  writeRepository(fields, {
    name: readField(body, 'name', terraformValue, readString),
    scanOnPush: readField(scanning, 'scan_on_push', terraformValue, readBoolean),
    scanDefaultAt: scanning.at,
    tagMutability: readField(body, 'image_tag_mutability', terraformValue, readString),
    encryptionType: readField(encryption, 'encryption_type', terraformValue, readString),
    kmsKey: readField(encryption, 'kms_key', terraformValue, readString),
    encryptionDefaultAt: encryption.at,
    header,
  });
  return [terraformResource('ecr.repository', block, file, fields)];
}

/**
 * A repository policy written apart from its repository: an `ecr.repository` named by the policy
 * resource, with the repository's `/name` and its `/policy`, and none of the repository's settings
 * (they belong to the `aws_ecr_repository`, which may live elsewhere).
 */
export function ecrRepositoryPolicyFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const { header } = block;
  const body = rootSection(block.body, header);
  const fields = new Fields();
  const repository = readField(body, 'repository', terraformValue, readString);
  fields.set(['name'], repository?.value ?? unknown('repository is not set'), repository?.range ?? header);
  const policy = setArgument(block.body, 'policy');
  const at = policy ? entryRange(policy) : header;
  writePolicy(fields, policy ? policyDocumentOf(policy.value, at, module.embeddedBudget) : unknown('policy is not set'), at, terraformValue);
  return [terraformResource('ecr.repository', block, file, fields)];
}

export function ecrRegistryScanningFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { header } = block;
  const body = rootSection(block.body, header);
  const fields = new Fields();
  writeRegistryScanning(fields, readField(body, 'scan_type', terraformValue, readString), scanningRules(block), header);
  return [terraformResource('ecr.registry', block, file, fields)];
}

/** The `rule` blocks; unknown when a `dynamic "rule"` may add more. */
function scanningRules(block: TerraformResourceBlock): Field<ScanningRule[]> | undefined {
  const rules = nestedBlocks(block.body, 'rule');
  if (rules.opaque) return { value: unknown(rules.opaque.reason), range: rules.opaque.range };
  if (rules.blocks.length === 0) return undefined;
  const value = rules.blocks.map(({ entry, body }): ScanningRule => {
    const rule: Section = rootSection(body, entryRange(entry));
    return { frequency: readField(rule, 'scan_frequency', terraformValue, readString), filters: repositoryFilters(rule), at: entryRange(entry) };
  });
  return { value, range: value[0]?.at ?? block.header };
}

function repositoryFilters(rule: Section): Field<Field<string>[]> | undefined {
  const filters = nestedBlocks(rule.map, 'repository_filter');
  if (filters.opaque) return { value: unknown(filters.opaque.reason), range: filters.opaque.range };
  const value = filters.blocks.map(({ entry, body }) => {
    const filter = readField(rootSection(body, entryRange(entry)), 'filter', terraformValue, readString);
    return { value: filter?.value ?? unknown('filter is not set'), range: entryRange(entry) };
  });
  return { value, range: rule.at };
}

