/** `aws_kms_key` → `kms.key` (docs/canonical-model.md). */
import { terraformResource } from './arguments.js';
import type { Resource } from '../../model/resource.js';
import { type Field, Fields, readBoolean, readField, readString, rootSection, type Section } from '../fields.js';
import { writeKey } from '../aws/kms.js';
import type { TerraformResourceBlock } from './facts.js';
import { terraformValue } from './sections.js';

export function kmsKeyFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { header } = block;
  const body = rootSection(block.body, header);
  const fields = new Fields();
  writeKey(fields, {
    rotation: readField(body, 'enable_key_rotation', terraformValue, readBoolean),
    keySpec: readField(body, 'customer_master_key_spec', terraformValue, readString) ?? readField(body, 'key_spec', terraformValue, readString),
    origin: origin(body),
    header,
  });
  return [terraformResource('kms.key', block, file, fields)];
}

/**
 * The key material's origin: a key in an external key store names its `xks_key_id`, a key in a
 * CloudHSM key store only its `custom_key_store_id`; any other key's material is KMS's own.
 */
function origin(body: Section): Field<string> | undefined {
  const external = readField(body, 'xks_key_id', terraformValue, readString);
  if (external !== undefined) return { value: 'EXTERNAL_KEY_STORE', range: external.range };
  const store = readField(body, 'custom_key_store_id', terraformValue, readString);
  return store === undefined ? undefined : { value: 'AWS_CLOUDHSM', range: store.range };
}
