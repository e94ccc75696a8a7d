/** `AWS::ElasticLoadBalancingV2::Listener` → canonical `elb.listener` (docs/canonical-model.md). */
import { isUnknown, type Resource, unknown } from '../../model/resource.js';
import type { PEntry, PMap, PNode } from '../../model/tree.js';
import { type ListenerAction, writeListener } from '../aws/listener.js';
import { Fields, readField, readList, readString, type Resolver, rootSection, section } from '../fields.js';
import { propertiesOf, resourceOf } from './resource.js';

function action(item: PNode, at: ListenerAction['at'], resolve: Resolver): ListenerAction {
  if (item.type !== 'map') return { at, unknown: unknown('not an action') };
  const body = rootSection(item, at);
  const type = readField(body, 'Type', resolve, readString);
  const config = section(body, 'RedirectConfig', resolve);
  const redirect: ListenerAction['redirect'] = !config.written
    ? undefined
    : config.unknown
      ? { at: config.at, unknown: config.unknown }
      : (() => {
          const protocol = readField(config, 'Protocol', resolve, readString);
          return protocol ? { at: config.at, protocol } : { at: config.at };
        })();
  return { at, ...(type ? { type } : {}), ...(redirect ? { redirect } : {}) };
}

/** The listener's default certificate: the first `Certificates` entry's `CertificateArn`. */
function certificateArn(props: ReturnType<typeof propertiesOf>, resolve: Resolver) {
  const list = readField(props, 'Certificates', resolve, readList(resolve, (node): PNode => node));
  if (list === undefined) return undefined;
  if (isUnknown(list.value)) return { value: list.value, range: list.range };
  const [first] = list.value;
  if (first === undefined) return undefined;
  if (isUnknown(first.value)) return { value: first.value, range: first.range };
  return first.value.type === 'map' ? readField(rootSection(first.value, first.range), 'CertificateArn', resolve, readString) : undefined;
}

export function lbListener(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const list = readField(props, 'DefaultActions', resolve, readList(resolve, (node): PNode => node));
  const actions =
    list === undefined
      ? []
      : isUnknown(list.value)
        ? { value: list.value, range: list.range }
        : list.value.map((item) => (isUnknown(item.value) ? { at: item.range, unknown: item.value } : action(item.value, item.range, resolve)));
  const protocol = readField(props, 'Protocol', resolve, readString);
  const port = readField(props, 'Port', resolve, (n) => (n.type === 'scalar' ? n.value : unknown('not a port')));
  const certificate = certificateArn(props, resolve);
  const sslPolicy = readField(props, 'SslPolicy', resolve, readString);
  const fields = new Fields();
  writeListener(fields, {
    ...(protocol ? { protocol } : {}),
    // What the API does with an unset Protocol depends on the load balancer: not guessed.
    protocolDefault: { value: unknown('Protocol is not set'), at: logical.keyRange },
    ...(port ? { port } : {}),
    actions,
    actionsAt: list?.range ?? logical.keyRange,
    ...(certificate ? { certificateArn: certificate } : {}),
    ...(sslPolicy ? { sslPolicy } : {}),
    header: logical.keyRange,
  });
  return resourceOf('elb.listener', file, logical, resource, fields);
}
