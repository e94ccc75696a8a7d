/**
 * The kubelet settings one origin writes (a KubeletConfiguration, kubelet flags, Bottlerocket
 * settings), collected in the order the kubelet applies them: a later source overrides an earlier
 * one field by field (flags override the config file).
 */
import type { Range } from '../../model/range.js';
import { isUnknown, unknown, type Unknown } from '../../model/resource.js';
import { entry, type PMap, type PNode } from '../../model/tree.js';
import { Fields, type Resolver } from '../fields.js';
import { entryRange } from '../plain.js';
import { hasHole } from '../userdata/located-text.js';
import { FEATURE_GATES, fieldOfFlag, KUBELET_FIELDS, type KubeletField, type KubeletSource, type KubeletValueType } from './vocabulary.js';

export class KubeletSettings {
  readonly fields = new Fields();
  private readonly sources: KubeletSource[] = [];

  /** Records that a source of this kind was read (the first one names the resource's `/source`). */
  from(source: KubeletSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }

  get source(): KubeletSource | undefined {
    return this.sources[0];
  }

  set(field: KubeletField, value: unknown, range: Range): void {
    this.fields.set([field.prop], value, range);
  }

  setGate(name: string, value: boolean | Unknown, range: Range): void {
    const gates = (this.fields.props[FEATURE_GATES.prop] ??= {}) as Record<string, unknown>;
    if (isUnknown(gates)) return;
    if (this.fields.locations[`/${FEATURE_GATES.prop}`] === undefined) this.fields.locations[`/${FEATURE_GATES.prop}`] = range;
    this.fields.set([FEATURE_GATES.prop, name], value, range);
  }

  /** All feature gates unknown (a `featureGates` that is an expression). */
  setGatesUnknown(reason: Unknown, range: Range): void {
    this.fields.set([FEATURE_GATES.prop], reason, range);
  }
}

/** Go's strconv.ParseBool, which the kubelet's boolean flags use. */
const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A flag's or setting's text as the kubelet reads a value of `type`; unknown when it holds an unknown span. */
export function valueOfText(text: string, type: KubeletValueType): unknown {
  if (hasHole(text)) return unknown(`${text} is not known statically`);
  switch (type) {
    case 'boolean':
      return TRUE_WORDS.has(text) ? true : FALSE_WORDS.has(text) ? false : unknown(`${text} is not a boolean`);
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : unknown(`${text} is not a number`);
    case 'duration':
    case 'string':
      return text;
  }
}

/** A configuration value node as the kubelet reads it (YAML/JSON scalars; strings leniently). */
export function valueOfNode(node: PNode | Unknown | undefined, type: KubeletValueType): unknown {
  if (node === undefined) return unknown('not set');
  if (isUnknown(node)) return node;
  if (node.type !== 'scalar' || node.value === null) return unknown(`not a ${type}`);
  const { value } = node;
  // A boolean written as a string ("false") is read as the boolean it names.
  if (typeof value === 'string') return type === 'boolean' && /^(true|false)$/i.test(value) ? value.toLowerCase() === 'true' : valueOfText(value, type);
  if (type === 'boolean') return typeof value === 'boolean' ? value : unknown('not a boolean');
  if (type === 'number') return typeof value === 'number' ? value : unknown('not a number');
  return String(value);
}

/** The resolver for values read out of user data: a string holding an unknown span is unknown. */
export const holesUnknown: Resolver = (node) =>
  node.type === 'scalar' && typeof node.value === 'string' && hasHole(node.value) ? unknown('part of the value is not known statically') : node;

/**
 * A KubeletConfiguration's fields (a whole `KubeletConfiguration` document, a NodeConfig's
 * `spec.kubelet.config`, eksctl's `kubeletExtraConfig`), each located at its entry.
 */
export function readKubeletConfig(settings: KubeletSettings, config: PMap, resolve: Resolver): void {
  for (const field of KUBELET_FIELDS) {
    if (!field.config) continue;
    const found = configEntry(config, field.config, resolve);
    if (found === undefined) continue;
    const { value, range } = found;
    // `null` leaves a field at its zero value: the empty string for a path, the default otherwise.
    if (!isUnknown(value) && value.type === 'scalar' && value.value === null) {
      if (field.type === 'string') settings.set(field, '', range);
      continue;
    }
    settings.set(field, isUnknown(value) ? value : valueOfNode(value, field.type), range);
  }
  const gates = configEntry(config, FEATURE_GATES.config, resolve);
  if (gates === undefined) return;
  if (isUnknown(gates.value) || gates.value.type !== 'map') {
    settings.setGatesUnknown(isUnknown(gates.value) ? gates.value : unknown('featureGates is not a map'), gates.range);
    return;
  }
  for (const gate of gates.value.entries) {
    if (hasHole(gate.key)) continue;
    const value = resolve(gate.value);
    if (value === undefined) continue;
    settings.setGate(gate.key, valueOfNode(value, 'boolean') as boolean | Unknown, entryRange(gate));
  }
}

/** The entry at a path of keys: its value (or the unknown that stands for it) and its range. */
function configEntry(map: PMap, path: readonly string[], resolve: Resolver): { value: PNode | Unknown; range: Range } | undefined {
  let current: PMap = map;
  for (const [i, key] of path.entries()) {
    const e = entry(current, key);
    if (e === undefined) return undefined;
    const value = resolve(e.value);
    if (value === undefined) return undefined;
    const range = entryRange(e);
    if (i === path.length - 1 || isUnknown(value)) return { value, range };
    if (value.type !== 'map') return undefined;
    current = value;
  }
  return undefined;
}

/** One word of a kubelet command line, with where it is written. */
export interface FlagWord {
  text: string;
  range: Range;
}

/**
 * Kubelet flags, as the kubelet's flag parser (pflag) reads them: `--name=value`; `--name value`
 * for flags that are not booleans; a bare boolean flag is true. Only the flags of the vocabulary
 * are read; a word that is not a flag is skipped.
 */
export function readKubeletFlags(settings: KubeletSettings, words: readonly FlagWord[]): void {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const match = /^--([A-Za-z0-9-]+)(?:=([\s\S]*))?$/.exec(word.text);
    if (!match) continue;
    const [, name = '', written] = match;
    if (name === FEATURE_GATES.flag) {
      const text = written ?? words[++i]?.text;
      if (text !== undefined) readFeatureGates(settings, text, word.range);
      continue;
    }
    const field = fieldOfFlag(name);
    if (!field) continue;
    if (written !== undefined) settings.set(field, valueOfText(written, field.type), word.range);
    else if (field.type === 'boolean') settings.set(field, true, word.range);
    else {
      const next = words[++i];
      if (next !== undefined) settings.set(field, valueOfText(next.text, field.type), { ...word.range, endLine: next.range.endLine, endColumn: next.range.endColumn });
    }
  }
}

/** `A=true,B=false`: each gate at the flag. */
function readFeatureGates(settings: KubeletSettings, text: string, range: Range): void {
  for (const pair of text.split(',')) {
    const [name = '', value] = pair.split('=');
    const trimmed = name.trim();
    if (trimmed === '' || hasHole(trimmed)) continue;
    settings.setGate(trimmed, valueOfText((value ?? '').trim(), 'boolean') as boolean | Unknown, range);
  }
}
