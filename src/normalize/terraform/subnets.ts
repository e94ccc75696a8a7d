/** `aws_subnet` → canonical `ec2.subnet` (docs/canonical-model.md). */
import { type Resource, unknown } from '../../model/resource.js';
import { TerraformFields, terraformResource } from './arguments.js';
import type { TerraformResourceBlock } from './facts.js';

export function subnetFromTerraform(block: TerraformResourceBlock, file: string): Resource[] {
  const { body, header } = block;
  const fields = new TerraformFields();
  fields.argument(['vpc'], body, 'vpc_id', { value: unknown('vpc_id is not set'), range: header });
  // The provider's default: instances launched in the subnet get no public IPv4 address.
  const mapPublicIp = fields.argument(['mapPublicIpOnLaunch'], body, 'map_public_ip_on_launch', { value: false, range: header });
  if (mapPublicIp === 'true' || mapPublicIp === 'false') fields.props.mapPublicIpOnLaunch = mapPublicIp === 'true';
  return [terraformResource('ec2.subnet', block, file, fields)];
}
