/**
 * `aws_launch_template` / `aws_launch_configuration` → `node.kubelet`: the kubelet settings their
 * user data writes (AL2 bootstrap.sh flags, an AL2023 nodeadm NodeConfig, Bottlerocket settings).
 */
import type { Resource } from '../../model/resource.js';
import { kubeletResource } from '../kubelet/resource.js';
import { readUserData } from '../kubelet/sources.js';
import { setArgument } from './blocks.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformModuleBlocks } from './kubernetes.js';
import { terraformUserData } from './user-data.js';

export function kubeletFromLaunchTemplate(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  // aws_launch_configuration takes plain text in `user_data` or base64 in `user_data_base64`.
  const e = setArgument(block.body, 'user_data') ?? setArgument(block.body, 'user_data_base64');
  const userData = e && terraformUserData(e, file, module.files);
  if (userData === undefined) return [];
  const resource = kubeletResource({ name: `${block.type}.${block.name}`, format: 'terraform', file, range: block.header }, (settings) => readUserData(settings, userData));
  return resource ? [resource] : [];
}
