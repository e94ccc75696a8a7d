/**
 * `AWS::EC2::SecurityGroup` (its `SecurityGroupIngress` list) and `AWS::EC2::SecurityGroupIngress`
 * → canonical `ec2.securitygroup` (docs/canonical-model.md).
 */
import { isUnknown, type Resource } from '../../model/resource.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { ingressRule, type IngressRuleNames } from '../aws/ingress-rules.js';
import { Fields, readField, readList, type Resolver, rootSection, type Section } from '../fields.js';
import { propertiesOf, resourceOf } from './resource.js';

const INGRESS: IngressRuleNames = {
  protocol: 'IpProtocol',
  fromPort: 'FromPort',
  toPort: 'ToPort',
  cidrs: ['CidrIp', 'CidrIpv6'],
  securityGroups: ['SourceSecurityGroupId', 'SourceSecurityGroupName'],
  prefixLists: ['SourcePrefixListId'],
};

export function securityGroup(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const list = readField(props, 'SecurityGroupIngress', resolve, readList(resolve, (node): PNode => node));
  if (list === undefined) fields.set(['ingress'], [], props.at);
  else if (isUnknown(list.value)) fields.set(['ingress'], list.value, list.range);
  else {
    const rules = list.value.map((item, i) => {
      const rule: Section = isUnknown(item.value)
        ? { unknown: item.value, at: item.range, written: true }
        : item.value.type === 'map'
          ? rootSection(item.value, item.range)
          : { unknown: { $unknown: 'not an ingress rule' }, at: item.range, written: true };
      return ingressRule(fields, i, rule, INGRESS, resolve, item.range);
    });
    fields.set(['ingress'], rules, list.range);
  }
  return resourceOf('ec2.securitygroup', file, logical, resource, fields);
}

/** One rule added to a group declared elsewhere: located at the resource. */
export function securityGroupIngress(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const rule = ingressRule(fields, 0, props, INGRESS, resolve, logical.keyRange);
  fields.set(['ingress'], [rule], logical.keyRange);
  return resourceOf('ec2.securitygroup', file, logical, resource, fields);
}
