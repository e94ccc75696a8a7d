/**
 * The canonical `ecr.repository` and `ecr.registry` fields (docs/canonical-model.md), written the
 * same way whichever format read them: the adapters find the values, this module applies ECR's
 * defaults and says where a default points.
 */
import type { Range } from '../../model/range.js';
import { isUnknown, unknown } from '../../model/resource.js';
import { enumValue } from './values.js';
import type { Field, Fields, Resolver } from '../fields.js';
import { type PolicyDocument, readStatements } from './resource-policy.js';

export interface RepositoryInput {
  name: Field<string> | undefined;
  /** `scan_on_push` / `ScanOnPush`; ECR's default is false. */
  scanOnPush: Field<boolean> | undefined;
  /** Where a defaulted `scanOnPush` points: the scanning block when written, else the header. */
  scanDefaultAt: Range;
  /** `image_tag_mutability` / `ImageTagMutability`; ECR's default is `MUTABLE`. */
  tagMutability: Field<string> | undefined;
  /** `encryption_type` / `EncryptionType`; ECR's default is `AES256`. */
  encryptionType: Field<string> | undefined;
  kmsKey: Field<string> | undefined;
  /** Where defaulted encryption fields point: the encryption block when written, else the header. */
  encryptionDefaultAt: Range;
  header: Range;
}

export function writeRepository(fields: Fields, input: RepositoryInput): void {
  const { header } = input;
  fields.set(['name'], input.name?.value ?? unknown('the repository name is not set'), input.name?.range ?? header);
  fields.set(['scanOnPush'], input.scanOnPush?.value ?? false, input.scanOnPush?.range ?? input.scanDefaultAt);
  fields.set(['tagMutability'], enumValue(input.tagMutability?.value ?? 'MUTABLE'), input.tagMutability?.range ?? header);
  fields.set(['encryption'], {}, input.encryptionDefaultAt);
  fields.set(['encryption', 'type'], enumValue(input.encryptionType?.value ?? 'AES256'), input.encryptionType?.range ?? input.encryptionDefaultAt);
  if (input.kmsKey !== undefined) fields.set(['encryption', 'kmsKey'], input.kmsKey.value, input.kmsKey.range);
}


/** `/policy/statements`: a repository's policy, `[]` when it has none. */
export function writePolicy(fields: Fields, document: PolicyDocument | undefined, documentAt: Range, resolve: Resolver): void {
  fields.set(['policy'], {}, documentAt);
  const statements = document === undefined ? [] : readStatements(document, '/policy/statements', fields.locations, documentAt, resolve);
  (fields.props['policy'] as Record<string, unknown>)['statements'] = statements;
  fields.locations['/policy/statements'] ??= documentAt;
}

/** One registry scanning rule: how often, and which repositories (`*` wildcards). */
export interface ScanningRule {
  frequency: Field<string> | undefined;
  filters: Field<Field<string>[]> | undefined;
  at: Range;
}

/**
 * `ecr.registry`: the registry's scanning configuration. `scanType` defaults to `BASIC`; each rule's
 * `frequency` is required by ECR (unknown when missing), its `filters` the repository filters.
 */
export function writeRegistryScanning(fields: Fields, scanType: Field<string> | undefined, rules: Field<ScanningRule[]> | undefined, header: Range): void {
  fields.set(['scanType'], enumValue(scanType?.value ?? 'BASIC'), scanType?.range ?? header);
  if (rules === undefined) {
    fields.set(['rules'], [], header);
    return;
  }
  if (isUnknown(rules.value)) {
    fields.set(['rules'], rules.value, rules.range);
    return;
  }
  fields.set(['rules'], [], rules.range);
  const list = fields.props['rules'] as unknown[];
  rules.value.forEach((rule, i) => {
    const filters = rule.filters === undefined ? [] : isUnknown(rule.filters.value) ? rule.filters.value : rule.filters.value.map((f) => f.value);
    list.push({ frequency: enumValue(rule.frequency?.value ?? unknown('scan_frequency is not set')), filters });
    fields.locations[`/rules/${i}`] = rule.at;
  });
}
