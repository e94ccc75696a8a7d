import { terraformResource } from './arguments.js';
import { type Resource, unknown } from '../../model/resource.js';
import { Fields, readBoolean, readField, rootSection, type Section } from '../fields.js';
import { launchTemplateResource, readLaunchTemplate, type TemplateReader, type TemplateShape } from '../launch-template.js';
import { entryRange } from '../plain.js';
import { nestedBlocks } from './blocks.js';
import { terraformValue } from './sections.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformModuleBlocks } from './kubernetes.js';
import { type TerraformFiles, terraformUserData } from './user-data.js';

/**
 * `aws_launch_template`, `aws_launch_configuration` and `aws_instance` → `ec2.launchtemplate`, and the account's
 * `aws_ebs_encryption_by_default` → `ec2.ebsdefaults`.
 */

/** Every literal block of a nested block type, and one unknown section for `dynamic` or expression blocks. */
function blocks(parent: Section, key: string): Section[] {
  if (parent.unknown) return [{ unknown: parent.unknown, at: parent.at, written: true }];
  const nested = nestedBlocks(parent.map, key);
  const sections: Section[] = nested.blocks.map((b) => ({ ...rootSection(b.body, entryRange(b.entry)) }));
  if (nested.opaque) sections.push({ unknown: unknown(nested.opaque.reason), at: nested.opaque.range, written: true });
  return sections;
}

function readerOf(file: string, files: TerraformFiles | undefined): TemplateReader {
  return {
    userData: (e) => terraformUserData(e, file, files),
    section: (parent, key) => blocks(parent, key)[0] ?? { at: parent.at, written: false },
    sections: blocks,
    field: (parent, key, read) => readField(parent, key, terraformValue, read),
  };
}

const METADATA = { block: 'metadata_options', endpoint: 'http_endpoint', tokens: 'http_tokens', hopLimit: 'http_put_response_hop_limit' };

const LAUNCH_TEMPLATE: TemplateShape = {
  type: 'launchTemplate',
  data: (props) => props,
  name: ['name', 'name_prefix'],
  metadata: METADATA,
  // A mapping without an `ebs` block is an instance store or a suppressed device.
  volumes: (data, reader) => reader.sections(data, 'block_device_mappings').flatMap((m) => (m.unknown ? [m] : reader.sections(m, 'ebs'))),
  encrypted: 'encrypted',
  snapshot: 'snapshot_id',
  publicIp: { interfaces: 'network_interfaces', field: 'associate_public_ip_address' },
  userData: ['user_data'],
};

const LAUNCH_CONFIGURATION: TemplateShape = {
  type: 'launchConfiguration',
  data: (props) => props,
  name: ['name', 'name_prefix'],
  metadata: METADATA,
  volumes: (data, reader) => [...reader.sections(data, 'root_block_device'), ...reader.sections(data, 'ebs_block_device')],
  encrypted: 'encrypted',
  snapshot: 'snapshot_id',
  rootVolume: 'root_block_device',
  publicIp: { field: 'associate_public_ip_address' },
  userData: ['user_data', 'user_data_base64'],
};

/** `aws_instance` takes the same settings, under the same names, as a launch configuration. */
const INSTANCE: TemplateShape = { ...LAUNCH_CONFIGURATION, type: 'instance' };

function templateOf(shape: TemplateShape, block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks | undefined): Resource[] {
  const props = rootSection(block.body, block.header);
  const fields = readLaunchTemplate(shape, props, readerOf(file, module?.files), block.header);
  return [launchTemplateResource({ name: `${block.type}.${block.name}`, format: 'terraform', file, range: block.header }, fields)];
}

export function launchTemplateFromTerraform(block: TerraformResourceBlock, file: string, module?: TerraformModuleBlocks): Resource[] {
  return templateOf(LAUNCH_TEMPLATE, block, file, module);
}

export function launchConfigurationFromTerraform(block: TerraformResourceBlock, file: string, module?: TerraformModuleBlocks): Resource[] {
  return templateOf(LAUNCH_CONFIGURATION, block, file, module);
}

/**
 * An instance launched from a launch template takes the template's settings where it does not
 * write its own: the template is judged, and the instance is not read (its defaults are not EC2's).
 */
export function instanceFromTerraform(block: TerraformResourceBlock, file: string, module?: TerraformModuleBlocks): Resource[] {
  if (nestedBlocks(block.body, 'launch_template').blocks.length > 0) return [];
  return templateOf(INSTANCE, block, file, module);
}

/** `aws_ebs_encryption_by_default`: `enabled` defaults to true in the AWS provider. */
export function ebsDefaultsFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const fields = new Fields();
  const enabled = readField(rootSection(block.body, block.header), 'enabled', terraformValue, readBoolean);
  fields.set(['encryptionByDefault'], enabled?.value ?? true, enabled?.range ?? block.header);
  return [terraformResource('ec2.ebsdefaults', block, file, fields)];
}
