import { isUnknown, type Resource } from '../../model/resource.js';
import type { PEntry, PMap } from '../../model/tree.js';
import { propertiesOf, resourceOf } from './resource.js';
import { entryRange } from '../plain.js';
import type { TemplateText } from './kubelet.js';
import { cloudFormationUserData } from './user-data.js';
import { readField, readList, type Resolver, rootSection, section, type Section } from '../fields.js';
import { readLaunchTemplate, type TemplateReader, type TemplateShape } from '../launch-template.js';

/** `AWS::EC2::LaunchTemplate` and `AWS::AutoScaling::LaunchConfiguration` → `ec2.launchtemplate`. */

function readerOf(resolve: Resolver, text: TemplateText): TemplateReader {
  return {
    userData: (e) => cloudFormationUserData(e.value, resolve, entryRange(e), text.lines),
    section: (parent, key) => section(parent, key, resolve),
    sections: (parent, key) => {
      const list = readField(parent, key, resolve, readList(resolve, (node) => node));
      if (list === undefined) return [];
      if (isUnknown(list.value)) return [{ unknown: list.value, at: list.range, written: true }];
      return list.value.map((item): Section => {
        if (isUnknown(item.value)) return { unknown: item.value, at: item.range, written: true };
        return item.value.type === 'map' ? rootSection(item.value, item.range) : { at: item.range, written: false };
      });
    },
    field: (parent, key, read) => readField(parent, key, resolve, read),
  };
}

/** The `Ebs` settings of each `BlockDeviceMappings` item that has them. */
function ebsVolumes(data: Section, reader: TemplateReader): Section[] {
  return reader.sections(data, 'BlockDeviceMappings').flatMap((mapping) => {
    if (mapping.unknown) return [mapping];
    const ebs = reader.section(mapping, 'Ebs');
    return ebs.written ? [ebs] : [];
  });
}

const METADATA = { block: 'MetadataOptions', endpoint: 'HttpEndpoint', tokens: 'HttpTokens', hopLimit: 'HttpPutResponseHopLimit' };

const LAUNCH_TEMPLATE: TemplateShape = {
  type: 'launchTemplate',
  data: (props, reader) => reader.section(props, 'LaunchTemplateData'),
  name: ['LaunchTemplateName'],
  metadata: METADATA,
  volumes: ebsVolumes,
  encrypted: 'Encrypted',
  snapshot: 'SnapshotId',
  publicIp: { interfaces: 'NetworkInterfaces', field: 'AssociatePublicIpAddress' },
  userData: ['UserData'],
};

const LAUNCH_CONFIGURATION: TemplateShape = {
  type: 'launchConfiguration',
  data: (props) => props,
  name: ['LaunchConfigurationName'],
  metadata: METADATA,
  volumes: ebsVolumes,
  encrypted: 'Encrypted',
  snapshot: 'SnapshotId',
  // Which mapping is the root device depends on the AMI: only a configuration without any is known to leave it unwritten.
  rootVolume: 'BlockDeviceMappings',
  publicIp: { field: 'AssociatePublicIpAddress' },
  userData: ['UserData'],
};

function templateOf(shape: TemplateShape, file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const fields = readLaunchTemplate(shape, props, readerOf(resolve, text), logical.keyRange);
  return resourceOf('ec2.launchtemplate', file, logical, resource, fields);
}

export function cfnLaunchTemplate(file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText = {}): Resource {
  return templateOf(LAUNCH_TEMPLATE, file, logical, resource, resolve, text);
}

export function cfnLaunchConfiguration(file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText = {}): Resource {
  return templateOf(LAUNCH_CONFIGURATION, file, logical, resource, resolve, text);
}
