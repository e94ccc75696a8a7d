/**
 * `aws_security_group`, `aws_default_security_group`, `aws_security_group_rule` and
 * `aws_vpc_security_group_ingress_rule` →
 * canonical `ec2.securitygroup`, each with the ingress rules it writes (docs/canonical-model.md).
 */
import { terraformResource } from './arguments.js';
import type { Resource } from '../../model/resource.js';
import { unknown } from '../../model/resource.js';
import { ingressRule, type IngressRuleNames } from '../aws/ingress-rules.js';
import { Fields, readField, readString, rootSection } from '../fields.js';
import type { TerraformResourceBlock } from './facts.js';
import { terraformValue } from './sections.js';
import { blockItems } from './blocks.js';

const GROUP_INGRESS: IngressRuleNames = {
  protocol: 'protocol',
  fromPort: 'from_port',
  toPort: 'to_port',
  cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'],
  securityGroups: ['security_groups'],
  prefixLists: ['prefix_list_ids'],
};

const GROUP_RULE: IngressRuleNames = { ...GROUP_INGRESS, securityGroups: ['source_security_group_id'] };

const VPC_INGRESS_RULE: IngressRuleNames = {
  protocol: 'ip_protocol',
  fromPort: 'from_port',
  toPort: 'to_port',
  cidrs: ['cidr_ipv4', 'cidr_ipv6'],
  securityGroups: ['referenced_security_group_id'],
  prefixLists: ['prefix_list_id'],
};

function securityGroup(block: TerraformResourceBlock, file: string, fields: Fields): Resource {
  return terraformResource('ec2.securitygroup', block, file, fields);
}

/** `aws_security_group` and `aws_default_security_group` (a VPC's default group, same schema): their inline `ingress` blocks. */
export function securityGroupFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const fields = new Fields();
  const items = blockItems(block.body, 'ingress');
  const rules = items.map((item, i) =>
    'opaque' in item
      ? ingressRule(fields, i, { unknown: unknown(item.opaque), at: item.range, written: true }, GROUP_INGRESS, terraformValue, item.range)
      : ingressRule(fields, i, rootSection(item.body, item.range), GROUP_INGRESS, terraformValue, item.range),
  );
  fields.set(['ingress'], rules, items[0]?.range ?? block.header);
  items.forEach((item, i) => (fields.locations[`/ingress/${i}`] = item.range));
  return [securityGroup(block, file, fields)];
}

/** `aws_security_group_rule`: one rule, an ingress one when `type` is `ingress`. */
export function securityGroupRuleFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const body = rootSection(block.body, block.header);
  const type = readField(body, 'type', terraformValue, readString);
  const fields = new Fields();
  if (type?.value === 'egress') return [];
  if (type === undefined || typeof type.value !== 'string') {
    fields.set(['ingress'], type?.value ?? unknown('type is not set'), type?.range ?? block.header);
    return [securityGroup(block, file, fields)];
  }
  if (type.value !== 'ingress') return [];
  return [ingressOnly(block, file, fields, GROUP_RULE)];
}

/** `aws_vpc_security_group_ingress_rule`: one ingress rule. */
export function vpcIngressRuleFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  return [ingressOnly(block, file, new Fields(), VPC_INGRESS_RULE)];
}

function ingressOnly(block: TerraformResourceBlock, file: string, fields: Fields, names: IngressRuleNames): Resource {
  const rule = ingressRule(fields, 0, rootSection(block.body, block.header), names, terraformValue, block.header);
  fields.set(['ingress'], [rule], block.header);
  fields.locations['/ingress/0'] = block.header;
  return securityGroup(block, file, fields);
}
