import type { RuleDefinition } from '../engine/rule.js';
import { FORMAT_NAMES } from '../engine/target-formats.js';
import type { Format } from '../model/resource.js';

/** A rule's fix hints as [label, text] pairs; the label is empty for a format-independent fix. */
export function fixHints(rule: RuleDefinition): [string, string][] {
  const fix = rule.fix;
  if (typeof fix === 'string') return [['', fix]];
  return (Object.keys(FORMAT_NAMES) as Format[]).flatMap((format): [string, string][] => {
    const text = fix[format];
    return text ? [[FORMAT_NAMES[format], text]] : [];
  });
}
