import type { Range } from '../model/range.js';
import { isUnknown, type Resource, unknown, type Unknown } from '../model/resource.js';
import { entry, type PEntry, type PNode } from '../model/tree.js';
import { type Field, Fields, readBoolean, readString, type Section } from './fields.js';
import { entryRange } from './plain.js';
import { bootstrapCalls } from './userdata/bootstrap.js';
import { hasHole, type LocatedText } from './userdata/located-text.js';
import { type UserDataPart, userDataParts } from './userdata/parts.js';

/**
 * The `ec2.launchtemplate` vocabulary (docs/canonical-model.md) for every format: how an EC2 launch
 * template or launch configuration is read, given how its format reaches a block and a field.
 */

/** How one format reads the parts of a template: a nested block, a list of blocks, a field. */
export interface TemplateReader {
  /** A nested block (the first when repeated); unknown when an expression stands for it. */
  section(parent: Section, key: string): Section;
  /** Every block of a repeated block or list item, in order; one unknown section when the list is an expression. */
  sections(parent: Section, key: string): Section[];
  field<T>(parent: Section, key: string, read: (node: PNode) => T | Unknown): Field<T> | undefined;
  /** User data as the format's user-data reader gives it (userdata/), undefined when it cannot be read. */
  userData(e: PEntry): LocatedText | undefined;
}

/** Where each setting sits in one resource type. */
export interface TemplateShape {
  /**
   * `launchTemplate`, `launchConfiguration` or `instance` (Terraform `aws_instance`, which writes its
   * settings as a launch configuration does): they differ in how block devices and public IPs are written.
   */
  type: 'launchTemplate' | 'launchConfiguration' | 'instance';
  /** The block holding the settings: CloudFormation's `LaunchTemplateData`, else the resource's own. */
  data: (props: Section, reader: TemplateReader) => Section;
  name: readonly string[];
  metadata: { block: string; endpoint: string; tokens: string; hopLimit: string };
  /** The EBS settings of each volume the code writes (a mapping without EBS settings is no EBS volume). */
  volumes: (data: Section, reader: TemplateReader) => Section[];
  encrypted: string;
  snapshot: string;
  /**
   * Launch configurations and instances: the field whose absence leaves the root volume unwritten. EC2 then
   * creates it from the AMI's snapshot, unencrypted unless the account encrypts by default (the
   * EKS-optimized AMIs are public, and a public AMI cannot have encrypted snapshots).
   */
  rootVolume?: string;
  /** The public-IP settings: network interfaces of a template, the configuration itself. */
  publicIp: { interfaces?: string; field: string };
  userData: readonly string[];
}

/**
 * EC2's defaults for a template that does not set the metadata options: the endpoint on, IMDSv1
 * allowed (`optional`) and a hop limit of 1 (EC2 API `InstanceMetadataOptionsRequest`). An AMI
 * registered with `ImdsSupport: v2.0` changes the defaults, which cannot be known from the code.
 */
export const EC2_METADATA_DEFAULTS = { httpEndpoint: 'enabled', httpTokens: 'optional', hopLimit: 1 } as const;

export interface MetadataInput {
  httpEndpoint?: Field<string>;
  httpTokens?: Field<string>;
  hopLimit?: Field<number>;
  /** Where defaulted settings point: the metadata block when it is written, else the header. */
  defaultAt: Range;
}

/** `/metadata/{httpEndpoint,httpTokens,hopLimit}`, with the given defaults for what is not set. */
export function writeMetadata(fields: Fields, input: MetadataInput, defaults: typeof EC2_METADATA_DEFAULTS | { httpEndpoint: string; httpTokens: string; hopLimit: number }): void {
  const { httpEndpoint, httpTokens, hopLimit, defaultAt } = input;
  fields.set(['metadata', 'httpEndpoint'], lower(httpEndpoint?.value) ?? defaults.httpEndpoint, httpEndpoint?.range ?? defaultAt);
  fields.set(['metadata', 'httpTokens'], lower(httpTokens?.value) ?? defaults.httpTokens, httpTokens?.range ?? defaultAt);
  fields.set(['metadata', 'hopLimit'], hopLimit?.value ?? defaults.hopLimit, hopLimit?.range ?? defaultAt);
}

function lower(value: string | Unknown | undefined): string | Unknown | undefined {
  return typeof value === 'string' ? value.toLowerCase() : value;
}

/** `/blockDevices`: each EBS volume written, `{encrypted}`, located at its `encrypted` setting or its block. */
export function writeBlockDevices(fields: Fields, volumes: Field<boolean>[] | Unknown, at: Range): void {
  if (isUnknown(volumes)) {
    fields.set(['blockDevices'], volumes, at);
    return;
  }
  fields.set(['blockDevices'], volumes.map((v) => ({ encrypted: v.value })), at);
  volumes.forEach((v, i) => {
    fields.locations[`/blockDevices/${i}`] = v.range;
    fields.locations[`/blockDevices/${i}/encrypted`] = v.range;
  });
}

/**
 * What decides whether EBS volumes are encrypted when a volume does not say: the account's "EBS
 * encryption by default", off unless the scan turns it on (graph/launch-templates.ts).
 */
export function writeEncryptionByDefault(fields: Fields, at: Range): void {
  fields.set(['ebsEncryptionByDefault'], false, at);
}

/** The Windows EKS-optimized AMI's bootstrap script, run from a `<powershell>` block. */
const WINDOWS_BOOTSTRAP = /Start-EKSBootstrap\.ps1/;

/** Whether one part of user data starts an EKS node, as userdata/parts.ts classifies it. */
function startsEksNode(part: UserDataPart): boolean {
  switch (part.kind) {
    case 'shell':
      return bootstrapCalls(part.text).length > 0 || WINDOWS_BOOTSTRAP.test(part.text.text);
    case 'nodeconfig':
      return true;
    case 'bottlerocket':
      return /^\s*\[settings\.kubernetes[.\]]/m.test(part.text.text);
    default:
      return WINDOWS_BOOTSTRAP.test(part.text.text);
  }
}

/**
 * Whether user data starts an EKS node: true when some part runs the AL2 `/etc/eks/bootstrap.sh`,
 * is an AL2023 nodeadm `NodeConfig`, holds Bottlerocket's `[settings.kubernetes]` or runs the
 * Windows bootstrap script; false when none does and all of it is known, or there is none; unknown
 * when it cannot be read, or a part that cannot be known might.
 */
export function userDataStartsEksNodes(written: boolean, text: LocatedText | undefined): boolean | Unknown {
  if (!written) return false;
  const parts = text && userDataParts(text);
  if (text === undefined || parts === undefined) return unknown('user data cannot be read statically');
  if (parts.some(startsEksNode)) return true;
  return hasHole(text.text) ? unknown('part of the user data cannot be known statically') : false;
}

/** The first of the fields that may hold user data (`user_data`, `user_data_base64`) that is written. */
function userDataEntry(data: Section, keys: readonly string[]): PEntry | undefined {
  if (data.unknown || !data.map) return undefined;
  for (const key of keys) {
    const e = entry(data.map, key);
    if (e && !(e.value.type === 'scalar' && e.value.value === null)) return e;
  }
  return undefined;
}

/**
 * Reads a template or configuration of the given shape into `ec2.launchtemplate` fields, with EC2's
 * defaults for what it leaves out; `header` is where defaults of a missing block point.
 */
export function readLaunchTemplate(shape: TemplateShape, props: Section, reader: TemplateReader, header: Range): Fields {
  const fields = new Fields();
  const data = shape.data(props, reader);
  const name = shape.name.map((key) => reader.field(props, key, readString)).find((f) => f !== undefined);
  fields.set(['name'], name?.value ?? unknown('the name is generated'), name?.range ?? header);
  fields.set(['type'], shape.type, header);

  const metadata = reader.section(data, shape.metadata.block);
  if (metadata.unknown) {
    fields.set(['metadata'], metadata.unknown, metadata.at);
  } else {
    writeMetadata(
      fields,
      {
        httpEndpoint: reader.field(metadata, shape.metadata.endpoint, readString),
        httpTokens: reader.field(metadata, shape.metadata.tokens, readString),
        hopLimit: reader.field(metadata, shape.metadata.hopLimit, readNumber),
        defaultAt: metadata.written ? metadata.at : header,
      },
      EC2_METADATA_DEFAULTS,
    );
  }

  const volumes = shape.volumes(data, reader).map((volume) => volumeEncryption(shape, volume, reader));
  const rootUnwritten = shape.rootVolume !== undefined && !data.unknown && reader.sections(data, shape.rootVolume).length === 0;
  writeBlockDevices(fields, rootUnwritten ? [{ value: false, range: header }, ...volumes] : volumes, data.at);
  writeEncryptionByDefault(fields, header);

  const publicIp = associatePublicIp(shape, data, reader);
  if (publicIp) fields.set(['associatePublicIp'], publicIp.value, publicIp.range);

  // Settings given by an expression (a CloudFormation `Fn::If` around them) may hold user data.
  const userData = userDataEntry(data, shape.userData);
  const eksNodes = data.unknown ?? userDataStartsEksNodes(userData !== undefined, userData && reader.userData(userData));
  fields.set(['eksNodes'], eksNodes, userData ? entryRange(userData) : data.unknown ? data.at : header);
  return fields;
}

/**
 * Whether one EBS volume is encrypted: as written, else from its snapshot (unknown here), else
 * EBS's default for a new volume, unencrypted (unless the account encrypts by default).
 */
function volumeEncryption(shape: TemplateShape, volume: Section, reader: TemplateReader): Field<boolean> {
  if (volume.unknown) return { value: volume.unknown, range: volume.at };
  const encrypted = reader.field(volume, shape.encrypted, readBoolean);
  if (encrypted) return encrypted;
  if (reader.field(volume, shape.snapshot, readString)) return { value: unknown('the volume takes its encryption from its snapshot'), range: volume.at };
  return { value: false, range: volume.at };
}

/**
 * Whether instances get a public IP address from the template itself: true when some network
 * interface (or the configuration) says so, false when it says not, undefined when it is silent
 * and the subnet decides.
 */
function associatePublicIp(shape: TemplateShape, data: Section, reader: TemplateReader): Field<boolean> | undefined {
  const holders = shape.publicIp.interfaces ? reader.sections(data, shape.publicIp.interfaces) : [data];
  const settings = holders.map((s) => (s.unknown ? { value: s.unknown, range: s.at } : reader.field(s, shape.publicIp.field, readBoolean)));
  const written = settings.filter((s): s is Field<boolean> => s !== undefined);
  return written.find((s) => s.value === true) ?? written.find((s) => isUnknown(s.value)) ?? written[0];
}

export function readNumber(node: PNode): number | Unknown {
  if (node.type === 'scalar' && typeof node.value === 'number') return node.value;
  if (node.type === 'scalar' && typeof node.value === 'string' && /^\d+$/.test(node.value)) return Number(node.value);
  return unknown('not a number');
}

/** The resource for fields read by `readLaunchTemplate`. */
export function launchTemplateResource(base: Omit<Resource, 'kind' | 'props' | 'locations'>, fields: Fields): Resource {
  return { ...base, kind: 'ec2.launchtemplate', props: fields.props, locations: fields.locations };
}
