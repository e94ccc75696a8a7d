import type { FixKey, RuleDefinition } from '../engine/rule.js';
import { FORMAT_NAMES } from '../engine/target-formats.js';
import type { Format } from '../model/resource.js';

const SYNTAX_NAMES = { json: 'JSON', yaml: 'YAML' } as const;

/** A fix key's label for people: `CloudFormation`, `CloudFormation (JSON)`. */
function labelOf(key: FixKey): string {
  const [format, syntax] = key.split('-') as [Format, keyof typeof SYNTAX_NAMES | undefined];
  return syntax ? `${FORMAT_NAMES[format]} (${SYNTAX_NAMES[syntax]})` : FORMAT_NAMES[format];
}

/** A rule's fix hints as [label, text] pairs; the label is empty for a format-independent fix. */
export function fixHints(rule: RuleDefinition): [string, string][] {
  const fix = rule.fix;
  if (typeof fix === 'string') return [['', fix]];
  const keys = (Object.keys(FORMAT_NAMES) as Format[]).flatMap((format): FixKey[] => [format, `${format}-json`, `${format}-yaml`]);
  return keys.flatMap((key): [string, string][] => {
    const text = fix[key];
    return text ? [[labelOf(key), text]] : [];
  });
}
