/**
 * Security group ingress rules → the canonical `/ingress` items of `ec2.securitygroup`
 * (docs/canonical-model.md), the same for every format: each adapter says which of its fields
 * hold the protocol, the ports and the sources, and how its values resolve.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, pointer, unknown, type Unknown } from '../../model/resource.js';
import type { PNode } from '../../model/tree.js';
import { type Field, type Fields, readField, readString, type Resolver, type Section } from '../fields.js';

/** Where one format writes a rule's fields. A source field may hold one value or a list. */
export interface IngressRuleNames {
  protocol: string;
  fromPort: string;
  toPort: string;
  cidrs: readonly string[];
  securityGroups: readonly string[];
  prefixLists: readonly string[];
}

/** EC2 protocol numbers and the names the APIs also accept, for the protocols rules compare. */
const PROTOCOLS: Readonly<Record<string, string>> = { '-1': 'all', all: 'all', '6': 'tcp', tcp: 'tcp', '17': 'udp', udp: 'udp', '1': 'icmp', icmp: 'icmp', '58': 'icmpv6', icmpv6: 'icmpv6' };

/** `-1`/`all` → `all`, `6` → `tcp`, `17` → `udp`; other names lower-cased, other numbers as written. */
export function canonicalProtocol(written: string): string {
  const key = written.trim().toLowerCase();
  return Object.hasOwn(PROTOCOLS, key) ? (PROTOCOLS[key] as string) : key;
}

/** A port number, from a number or a numeric string (`"22"`). */
function readPort(node: PNode): number | Unknown {
  if (node.type === 'scalar' && typeof node.value === 'number') return node.value;
  if (node.type === 'scalar' && typeof node.value === 'string' && /^-?\d+$/.test(node.value.trim())) return Number(node.value);
  return unknown('not a port number');
}

/** The values of source fields: each item of a list, or the one value, each located where written. */
function readSources(rule: Section, keys: readonly string[], resolve: Resolver): Field<unknown>[] {
  const out: Field<unknown>[] = [];
  for (const key of keys) {
    const written = readField(rule, key, resolve, (node): PNode | Unknown => node);
    if (written === undefined) continue;
    if (isUnknown(written.value)) {
      out.push(written);
      continue;
    }
    const node = written.value;
    if (node.type !== 'seq') {
      out.push({ value: readString(node), range: written.range });
      continue;
    }
    for (const item of node.items) {
      const value = resolve(item);
      if (value !== undefined) out.push({ value: isUnknown(value) ? value : readString(value), range: item.range });
    }
  }
  return out;
}

/**
 * One ingress rule as the canonical item, with its fields located under `/ingress/<index>`.
 * `protocol` is canonical (`all`, `tcp`, …); a rule for every protocol covers ports 0–65535
 * whatever its ports say (EC2 ignores them), located at the protocol.
 */
export function ingressRule(fields: Fields, index: number, rule: Section, names: IngressRuleNames, resolve: Resolver, at: Range): Record<string, unknown> {
  const base = pointer('ingress', index);
  const locate = (key: string, range: Range) => (fields.locations[`${base}/${key}`] = range);
  fields.locations[base] = at;
  if (rule.unknown) return { $unknown: rule.unknown.$unknown };

  const protocolField = readField(rule, names.protocol, resolve, readString);
  const protocol = protocolField === undefined ? unknown(`${names.protocol} is not set`) : isUnknown(protocolField.value) ? protocolField.value : canonicalProtocol(protocolField.value);
  locate('protocol', protocolField?.range ?? at);

  const port = (key: string, name: 'fromPort' | 'toPort', everyPort: number): unknown => {
    if (protocol === 'all') {
      locate(name, protocolField?.range ?? at);
      return everyPort;
    }
    const field = readField(rule, key, resolve, readPort);
    locate(name, field?.range ?? at);
    return field === undefined ? unknown(`${key} is not set`) : field.value;
  };
  const fromPort = port(names.fromPort, 'fromPort', 0);
  const toPort = port(names.toPort, 'toPort', 65535);

  const list = (name: string, keys: readonly string[]): unknown[] => {
    const sources = readSources(rule, keys, resolve);
    locate(name, sources[0]?.range ?? at);
    sources.forEach((s, i) => locate(`${name}/${i}`, s.range));
    return sources.map((s) => s.value);
  };
  return {
    protocol,
    fromPort,
    toPort,
    cidrs: list('cidrs', names.cidrs),
    securityGroups: list('securityGroups', names.securityGroups),
    prefixLists: list('prefixLists', names.prefixLists),
  };
}
