/** `aws_lb_listener` / `aws_alb_listener` → canonical `elb.listener` (docs/canonical-model.md). */
import { terraformResource } from './arguments.js';
import type { Resource } from '../../model/resource.js';
import { unknown } from '../../model/resource.js';
import { hasApplicationOnlyAction, type ListenerAction, writeListener } from '../aws/listener.js';
import { Fields, readField, readString, rootSection, type Section } from '../fields.js';
import type { TerraformResourceBlock } from './facts.js';
import type { TerraformModuleBlocks } from './kubernetes.js';
import { parseRef } from './ref.js';
import { blockItems, setArgument } from './blocks.js';
import { terraformValue } from './sections.js';

const LOAD_BALANCER_TYPES = new Set(['aws_lb', 'aws_alb']);

/**
 * The `load_balancer_type` of the load balancer a listener's `load_balancer_arn` refers to, when
 * that is an `aws_lb` / `aws_alb` of the same module (`application` when it leaves it out).
 */
function loadBalancerType(block: TerraformResourceBlock, module: TerraformModuleBlocks): string | undefined {
  const arn = setArgument(block.body, 'load_balancer_arn')?.value;
  const steps = arn?.type === 'expr' && arn.ref !== undefined ? parseRef(arn.ref) : undefined;
  const [type, name] = steps ?? [];
  if (typeof type !== 'string' || typeof name !== 'string' || !LOAD_BALANCER_TYPES.has(type)) return undefined;
  const target = module.find(type, name);
  if (!target) return undefined;
  const written = setArgument(target.body, 'load_balancer_type')?.value;
  if (written === undefined) return 'application';
  return written.type === 'scalar' && typeof written.value === 'string' ? written.value : undefined;
}

function action(body: Section): Omit<ListenerAction, 'at'> {
  const type = readField(body, 'type', terraformValue, readString);
  const redirects = body.map ? blockItems(body.map, 'redirect') : [];
  const [redirect] = redirects;
  if (redirect === undefined) return type ? { type } : {};
  const read: ListenerAction['redirect'] =
    'opaque' in redirect
      ? { at: redirect.range, unknown: unknown(redirect.opaque) }
      : (() => {
          const protocol = readField(rootSection(redirect.body, redirect.range), 'protocol', terraformValue, readString);
          return protocol ? { at: redirect.range, protocol } : { at: redirect.range };
        })();
  return { ...(type ? { type } : {}), redirect: read };
}

export function lbListenerFromTerraform(block: TerraformResourceBlock, file: string, module: TerraformModuleBlocks): Resource[] {
  const body = rootSection(block.body, block.header);
  const items = blockItems(block.body, 'default_action');
  const actions: ListenerAction[] = items.map((item) =>
    'opaque' in item ? { at: item.range, unknown: unknown(item.opaque) } : { at: item.range, ...action(rootSection(item.body, item.range)) },
  );
  // The provider sends HTTP for an unset protocol only when the load balancer is an application one.
  const lbType = loadBalancerType(block, module);
  const isApplication = lbType === 'application' || hasApplicationOnlyAction(actions);
  const protocol = readField(body, 'protocol', terraformValue, readString);
  const port = readField(body, 'port', terraformValue, (n) => (n.type === 'scalar' ? n.value : unknown('not a port')));
  const certificateArn = readField(body, 'certificate_arn', terraformValue, readString);
  const sslPolicy = readField(body, 'ssl_policy', terraformValue, readString);
  const fields = new Fields();
  writeListener(fields, {
    ...(protocol ? { protocol } : {}),
    protocolDefault: {
      value: isApplication ? 'HTTP' : unknown(lbType ? `a ${lbType} load balancer's listener without a protocol` : 'protocol is not set and the load balancer type is not known'),
      at: block.header,
    },
    ...(port ? { port } : {}),
    actions,
    actionsAt: items[0]?.range ?? block.header,
    ...(certificateArn ? { certificateArn } : {}),
    ...(sslPolicy ? { sslPolicy } : {}),
    header: block.header,
  });
  return [terraformResource('elb.listener', block, file, fields)];
}
