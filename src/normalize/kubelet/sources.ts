/**
 * Reading the kubelet settings of each kind of source into `KubeletSettings`: a nodeadm
 * `NodeConfig`, Bottlerocket TOML, and EC2 user data holding any of them or an AL2
 * `/etc/eks/bootstrap.sh` call.
 */
import type { Range } from '../../model/range.js';
import { isUnknown } from '../../model/resource.js';
import { at, child, type PMap, type PNode, stringValue } from '../../model/tree.js';
import type { Resolver } from '../fields.js';
import { bootstrapCalls } from '../userdata/bootstrap.js';
import { cloudConfigCommands } from '../userdata/cloud-config.js';
import type { LocatedText } from '../userdata/located-text.js';
import { userDataParts } from '../userdata/parts.js';
import { tomlSettings } from '../userdata/toml.js';
import { parseLocatedYaml } from '../userdata/yaml.js';
import { type FlagWord, holesUnknown, type KubeletSettings, readKubeletConfig, readKubeletFlags, valueOfText } from './settings.js';
import { KUBELET_FIELDS, kubeletField } from './vocabulary.js';

const NODE_CONFIG_API = /^node\.eks\.aws\//;

export function isNodeConfig(map: PNode): map is PMap {
  return map.type === 'map' && NODE_CONFIG_API.test(stringValue(child(map, 'apiVersion')) ?? '') && stringValue(child(map, 'kind')) === 'NodeConfig';
}

/**
 * A nodeadm `NodeConfig`: `spec.kubelet.config` (a KubeletConfiguration merged over nodeadm's
 * defaults), then `spec.kubelet.flags` (command-line flags, which override the config).
 */
export function readNodeConfig(settings: KubeletSettings, nodeConfig: PMap, resolve: Resolver): void {
  settings.from('NodeConfig');
  const kubelet = at(nodeConfig, 'spec', 'kubelet');
  if (kubelet?.type !== 'map') return;
  const config = resolve(child(kubelet, 'config') ?? { type: 'scalar', value: null, range: kubelet.range });
  if (config !== undefined && !isUnknown(config) && config.type === 'map') readKubeletConfig(settings, config, resolve);
  const flags = child(kubelet, 'flags');
  if (flags?.type !== 'seq') return;
  const words: FlagWord[] = [];
  for (const item of flags.items) {
    const value = resolve(item);
    if (value === undefined || isUnknown(value) || value.type !== 'scalar' || value.value === null) continue;
    // nodeadm joins the flags into the kubelet's command line, where blanks separate words.
    for (const word of String(value.value).split(/\s+/)) if (word !== '') words.push({ text: word, range: item.range });
  }
  readKubeletFlags(settings, words);
}

/** Bottlerocket's `settings.kubernetes` keys that set a field of the vocabulary. */
export function readBottlerocket(settings: KubeletSettings, text: LocatedText): void {
  settings.from('bottlerocket');
  for (const setting of tomlSettings(text, 'settings.kubernetes.')) readBottlerocketSetting(settings, setting.key.slice('settings.kubernetes.'.length), setting.value, setting.range);
}

/**
 * One key of Bottlerocket's `settings.kubernetes` (TOML user data, eksctl's `bottlerocket.settings`).
 * `standalone-mode = true` runs the kubelet without a cluster: Bottlerocket's kubelet-config
 * template then enables anonymous authentication and the `AlwaysAllow` authorizer.
 */
export function readBottlerocketSetting(settings: KubeletSettings, key: string, text: string, range: Range): void {
  if (key === 'standalone-mode') {
    const standalone = valueOfText(text, 'boolean');
    if (standalone === false) return;
    settings.set(kubeletField('anonymousAuth'), standalone === true ? true : standalone, range);
    settings.set(kubeletField('authorizationMode'), standalone === true ? 'AlwaysAllow' : standalone, range);
    return;
  }
  const field = KUBELET_FIELDS.find((f) => f.bottlerocket === key);
  if (field) settings.set(field, valueOfText(text, field.type), range);
}


function readBootstrapCalls(settings: KubeletSettings, script: LocatedText): void {
  for (const call of bootstrapCalls(script)) {
    settings.from('bootstrap.sh');
    readKubeletFlags(settings, call.flags);
  }
}

/** The kubelet settings some user data writes, part by part in the order the node applies them. */
export function readUserData(settings: KubeletSettings, userData: LocatedText): void {
  for (const part of userDataParts(userData) ?? []) {
    switch (part.kind) {
      case 'shell':
        readBootstrapCalls(settings, part.text);
        break;
      case 'cloud-config':
        for (const command of cloudConfigCommands(part.text)) readBootstrapCalls(settings, command);
        break;
      case 'nodeconfig': {
        const { documents } = parseLocatedYaml(part.text);
        for (const doc of documents) if (isNodeConfig(doc)) readNodeConfig(settings, doc, holesUnknown);
        break;
      }
      case 'bottlerocket':
        readBottlerocket(settings, part.text);
        break;
      default:
        break;
    }
  }
}
