import { parse as parseYamlText } from 'yaml';
import type { Range } from '../model/range.js';
import { type Resource, unknown, type Unknown } from '../model/resource.js';

/**
 * The parts of the `eks.addon`, `eks.accesspolicy` and `iam.oidcprovider` vocabulary
 * (docs/canonical-model.md) that do not depend on the format.
 */

/** Longer configuration strings are not parsed: EKS itself caps an add-on's configuration far below this. */
const MAX_CONFIGURATION_CHARS = 100_000;

/**
 * An add-on's `configuration_values` / `ConfigurationValues` / `configurationValues`: the JSON
 * (eksctl: JSON or YAML) object written in the string, values as written. Unknown when the text
 * is not an object, does not parse or is too long to read.
 */
export function parseAddonConfiguration(text: string, yamlToo: boolean): Record<string, unknown> | Unknown {
  if (text.trim() === '') return {};
  if (text.length > MAX_CONFIGURATION_CHARS) return unknown('configuration too long to read');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    if (!yamlToo) return unknown('configuration is not JSON');
    try {
      // No aliases: a configuration has no use for them, and they are how YAML bombs grow.
      value = parseYamlText(text, { maxAliasCount: 0 });
    } catch {
      return unknown('configuration is neither JSON nor YAML');
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : unknown('configuration is not an object');
}

/** Every located pointer under `/configuration` goes to `range`: the string holding it. */
export function locateConfiguration(configuration: unknown, range: Range, locations: Record<string, Range>): void {
  const walk = (value: unknown, at: string): void => {
    locations[at] = range;
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}/${i}`));
    else if (typeof value === 'object' && value !== null && !('$unknown' in value)) {
      for (const [k, v] of Object.entries(value)) walk(v, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  };
  walk(configuration, '/configuration');
}

/** The add-on EKS Pod Identity needs on the nodes. */
export const POD_IDENTITY_AGENT_ADDON = 'eks-pod-identity-agent';

/** The add-ons eksctl (v0.184.0 and later) installs as EKS add-ons unless `addonsConfig.disableDefaultAddons` is set. */
export const EKSCTL_DEFAULT_ADDONS = ['vpc-cni', 'kube-proxy', 'coredns'] as const;

/** Builds the canonical add-on resource; callers fill `props` and `locations` the same way. */
export function addonResource(base: Omit<Resource, 'kind'>): Resource {
  return { kind: 'eks.addon', ...base };
}
