import type { Range } from '../../model/range.js';
import { isUnknown, type Resource, unknown } from '../../model/resource.js';
import type { PMap } from '../../model/tree.js';
import { asWritten, type Field, Fields, readBoolean, readField, readList, rootSection, section, type Section } from '../fields.js';
import { readNumber, writeBlockDevices, writeEncryptionByDefault, writeMetadata } from '../launch-template.js';
import { type EksctlNodeGroup, eksctlNodeGroups } from './node-groups.js';

/**
 * The launch template eksctl generates for each node group (pkg/cfn/builder: nodegroup.go
 * `newLaunchTemplateData`, managed_launch_template.go `makeLaunchTemplateData`), as an
 * `ec2.launchtemplate`. A managed group that names its own `launchTemplate` gets none from
 * eksctl: its settings live in that template, which the file does not show.
 */
export function eksctlLaunchTemplates(file: string, root: PMap, clusterResourceName: string, header: Range): Resource[] {
  const fullyPrivate = readField(section(rootSection(root, header), 'privateCluster', asWritten), 'enabled', asWritten, readBoolean);
  return eksctlNodeGroups(root, clusterResourceName).map((group) => {
    const fields = new Fields();
    fields.set(['name'], group.name, group.header);
    fields.set(['type'], 'eksctl', group.header);
    fields.set(['eksNodes'], true, group.header);
    const own = group.list === 'managedNodeGroups' ? section(group.section, 'launchTemplate', asWritten) : undefined;
    if (own?.written) notJudged(fields, own.at);
    else generated(fields, group, fullyPrivate);
    return { kind: 'ec2.launchtemplate', name: group.resourceName, format: 'eksctl', file, range: group.header, props: fields.props, locations: fields.locations };
  });
}

/** A group on a launch template of its own: nothing eksctl would write is known. */
function notJudged(fields: Fields, at: Range): void {
  const reason = unknown('the node group uses its own launch template');
  for (const key of ['metadata', 'blockDevices', 'associatePublicIp', 'ebsEncryptionByDefault']) fields.set([key], reason, at);
}

function generated(fields: Fields, group: EksctlNodeGroup, fullyPrivate: Field<boolean> | undefined): void {
  const settings = group.section;
  const bool = (key: string) => readField(settings, key, asWritten, readBoolean);

  // defaults.go: disableIMDSv1 defaults to true, disablePodIMDS to false; nodegroup.go
  // makeMetadataOptions: tokens required when either is set, hop limit 1 only with disablePodIMDS.
  const imdsV1Off = bool('disableIMDSv1');
  const podImdsOff = bool('disablePodIMDS');
  const tokens = either(imdsV1Off ?? { value: true, range: group.header }, podImdsOff);
  const hopLimit: Field<number> | undefined = podImdsOff && { value: isUnknown(podImdsOff.value) ? podImdsOff.value : podImdsOff.value ? 1 : 2, range: podImdsOff.range };
  writeMetadata(
    fields,
    {
      httpTokens: { value: isUnknown(tokens.value) ? tokens.value : tokens.value ? 'required' : 'optional', range: tokens.range },
      ...(hopLimit ? { hopLimit } : {}),
      defaultAt: group.header,
    },
    { httpEndpoint: 'enabled', httpTokens: 'required', hopLimit: 2 },
  );

  writeBlockDevices(fields, volumes(group), group.header);
  writeEncryptionByDefault(fields, group.header);

  // Without privateNetworking the group goes into the public subnets, whose instances get public
  // IPs; a fully-private cluster requires privateNetworking (validation.go rejects it otherwise).
  const privateNetworking = bool('privateNetworking');
  if (fullyPrivate?.value === true) fields.set(['associatePublicIp'], false, fullyPrivate.range);
  else if (privateNetworking) fields.set(['associatePublicIp'], isUnknown(privateNetworking.value) ? privateNetworking.value : !privateNetworking.value, privateNetworking.range);
  else fields.set(['associatePublicIp'], fullyPrivate && isUnknown(fullyPrivate.value) ? fullyPrivate.value : true, group.header);
}

/** IMDSv2 is required when `disableIMDSv1` or `disablePodIMDS` is true: the field that decides. */
function either(imdsV1Off: Field<boolean>, podImdsOff: Field<boolean> | undefined): Field<boolean> {
  if (imdsV1Off.value === true) return imdsV1Off;
  if (podImdsOff?.value === true) return podImdsOff;
  if (isUnknown(imdsV1Off.value) || podImdsOff === undefined) return imdsV1Off;
  return isUnknown(podImdsOff.value) ? podImdsOff : imdsV1Off;
}

/**
 * The volumes eksctl maps (block_device_mapping.go): the root volume (`volumeSize`, 80 GiB by
 * default; none when `volumeSize: 0`) and each `additionalVolumes` item, encrypted only when
 * `volumeEncrypted` says so (it writes `Encrypted` only when the field is set).
 */
function volumes(group: EksctlNodeGroup): Field<boolean>[] {
  const settings = group.section;
  const size = readField(settings, 'volumeSize', asWritten, readNumber);
  const root = size?.value === 0 ? [] : [encryption(settings, size?.range ?? group.header)];
  const additional = readField(settings, 'additionalVolumes', asWritten, readList(asWritten, (node) => node));
  const extra = additional && !isUnknown(additional.value) ? additional.value : [];
  return [
    ...root,
    ...extra.map((item) => (isUnknown(item.value) || item.value.type !== 'map' ? { value: unknown('not a volume'), range: item.range } : encryption(rootSection(item.value, item.range), item.range))),
  ];
}

function encryption(volume: Section, at: Range): Field<boolean> {
  return readField(volume, 'volumeEncrypted', asWritten, readBoolean) ?? { value: false, range: at };
}
