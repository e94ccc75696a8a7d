/**
 * `AWS::EC2::LaunchTemplate` (`LaunchTemplateData.UserData`) and
 * `AWS::AutoScaling::LaunchConfiguration` (`UserData`) → `node.kubelet`: the kubelet settings their
 * user data writes.
 */
import type { Resource } from '../../model/resource.js';
import { entry, type PEntry, type PMap } from '../../model/tree.js';
import { type Resolver, rootSection, section } from '../fields.js';
import { kubeletResource } from '../kubelet/resource.js';
import { readUserData } from '../kubelet/sources.js';
import { entryRange } from '../plain.js';
import { cloudFormationUserData } from './user-data.js';

/** The template's lines, to place user data written in it. */
export interface TemplateText {
  lines?: readonly string[];
}

export function launchTemplateKubelet(file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText = {}): Resource | undefined {
  return kubeletOf(file, logical, resource, resolve, text, ['Properties', 'LaunchTemplateData']);
}

export function launchConfigurationKubelet(file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText = {}): Resource | undefined {
  return kubeletOf(file, logical, resource, resolve, text, ['Properties']);
}

function kubeletOf(file: string, logical: PEntry, resource: PMap, resolve: Resolver, text: TemplateText, path: string[]): Resource | undefined {
  let holder = rootSection(resource, logical.keyRange);
  for (const key of path) holder = section(holder, key, resolve);
  const userData = holder.map && entry(holder.map, 'UserData');
  if (userData === undefined) return undefined;
  const located = cloudFormationUserData(userData.value, resolve, entryRange(userData), text.lines);
  if (located === undefined) return undefined;
  return kubeletResource({ name: logical.key, format: 'cloudformation', file, range: logical.keyRange }, (settings) => readUserData(settings, located));
}
