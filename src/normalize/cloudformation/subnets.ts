/** `AWS::EC2::Subnet` → canonical `ec2.subnet` (docs/canonical-model.md). */
import type { Resource } from '../../model/resource.js';
import { unknown } from '../../model/resource.js';
import type { PEntry, PMap } from '../../model/tree.js';
import { propertiesOf, resourceOf } from '../cloudformation.js';
import { Fields, readBoolean, readField, readString, type Resolver } from '../fields.js';

export function subnet(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const header = logical.keyRange;
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  const vpc = readField(props, 'VpcId', resolve, readString);
  fields.set(['vpc'], vpc?.value ?? unknown('VpcId is not set'), vpc?.range ?? header);
  // CloudFormation's default: instances launched in the subnet get no public IPv4 address.
  const mapPublicIp = readField(props, 'MapPublicIpOnLaunch', resolve, readBoolean);
  fields.set(['mapPublicIpOnLaunch'], mapPublicIp?.value ?? false, mapPublicIp?.range ?? header);
  return resourceOf('ec2.subnet', file, logical, resource, fields);
}
