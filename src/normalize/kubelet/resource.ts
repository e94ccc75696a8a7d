import type { Range } from '../../model/range.js';
import type { Format, Resource } from '../../model/resource.js';
import { KubeletSettings } from './settings.js';

/** Where a `node.kubelet` resource comes from: its origin's name, file and header. */
export interface KubeletOrigin {
  name: string;
  format: Format;
  file: string;
  range: Range;
  typeName?: string;
  syntax?: 'json' | 'yaml';
}

/**
 * The `node.kubelet` resource of one origin, from the settings its sources write (read in the
 * order the kubelet applies them), or undefined when the origin configures no kubelet.
 */
export function kubeletResource(origin: KubeletOrigin, read: (settings: KubeletSettings) => void): Resource | undefined {
  const settings = new KubeletSettings();
  read(settings);
  const source = settings.source;
  if (source === undefined) return undefined;
  return {
    kind: 'node.kubelet',
    name: origin.name,
    format: origin.format,
    file: origin.file,
    range: origin.range,
    ...(origin.typeName ? { typeName: origin.typeName } : {}),
    ...(origin.syntax ? { syntax: origin.syntax } : {}),
    props: { source, ...settings.fields.props },
    locations: { '/source': origin.range, ...settings.fields.locations },
  };
}
