import { createRequire } from 'node:module';
import type { CollectionTag, ScalarTag } from 'yaml';

/**
 * The catalogue of CloudFormation short-form intrinsics (`!Ref`, `!Sub`, ...). The base list comes
 * from `cloudformation-js-yaml-schema`'s `tags.json` (read as JSON so that its js-yaml 3 runtime is
 * never loaded); that list dates from 2017 and lacks the functions added since, so they are
 * completed here.
 */
const packageTags = createRequire(import.meta.url)('cloudformation-js-yaml-schema/tags.json') as Record<string, string[]>;

const MISSING_FROM_PACKAGE = [
  // Functions added to CloudFormation after the package's list was written.
  'Base64',
  'Transform',
  // AWS::LanguageExtensions transform.
  'Length',
  'ToJsonString',
  'ForEach',
  // Functions that only appear in a template's `Rules` section.
  'Contains',
  'EachMemberEquals',
  'EachMemberIn',
  'RefAll',
  'ValueOf',
  'ValueOfAll',
];

/** Every intrinsic name, without the `!`. */
export const CFN_INTRINSICS: readonly string[] = [
  ...new Set([...Object.values(packageTags).flat(), ...MISSING_FROM_PACKAGE]),
].sort();

const INTRINSIC_TAGS = new Set(CFN_INTRINSICS.map((name) => '!' + name));

/** Whether a YAML node tag is a CloudFormation short-form intrinsic. */
export function isIntrinsicTag(tag: string | undefined): tag is string {
  return tag !== undefined && INTRINSIC_TAGS.has(tag);
}

/** The long-form key of a short-form tag: `!Ref` → `Ref`, `!Condition` → `Condition`, `!Sub` → `Fn::Sub`. */
export function longFormKey(tag: string): string {
  const name = tag.slice(1);
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/**
 * yaml custom tags for every intrinsic in each node kind, since templates use several shapes
 * (`!GetAtt A.B` and `!GetAtt [A, B]`, `!Sub "..."` and `!Sub ["...", {...}]`). They resolve to the
 * node itself, which keeps the tag and every child position; the tree builder converts them to
 * their long form.
 */
export const cfnCustomTags: (ScalarTag | CollectionTag)[] = CFN_INTRINSICS.flatMap((name): (ScalarTag | CollectionTag)[] => [
  { tag: '!' + name, resolve: (value: string) => value },
  { tag: '!' + name, collection: 'seq', resolve: (node) => node },
  { tag: '!' + name, collection: 'map', resolve: (node) => node },
]);
