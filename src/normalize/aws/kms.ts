/**
 * The canonical `kms.key` fields (docs/canonical-model.md), written the same way whichever format
 * read them, with KMS's defaults.
 */
import type { Range } from '../../model/range.js';
import { enumValue } from './values.js';
import type { Field, Fields } from '../fields.js';

export interface KeyInput {
  /** `enable_key_rotation` / `EnableKeyRotation`; KMS's default is false. */
  rotation: Field<boolean> | undefined;
  /** `customer_master_key_spec` / `KeySpec`; KMS's default is `SYMMETRIC_DEFAULT`. */
  keySpec: Field<string> | undefined;
  /** Where the key material lives: `AWS_KMS` (the default), `EXTERNAL`, `AWS_CLOUDHSM`, `EXTERNAL_KEY_STORE`. */
  origin: Field<string> | undefined;
  header: Range;
}

export function writeKey(fields: Fields, input: KeyInput): void {
  const { header } = input;
  fields.set(['rotationEnabled'], input.rotation?.value ?? false, input.rotation?.range ?? header);
  fields.set(['keySpec'], enumValue(input.keySpec?.value ?? 'SYMMETRIC_DEFAULT'), input.keySpec?.range ?? header);
  fields.set(['origin'], enumValue(input.origin?.value ?? 'AWS_KMS'), input.origin?.range ?? header);
  // Filled by the graph stage (src/graph/kms.ts): the clusters whose secrets the key encrypts.
  fields.set(['usedBy'], [], header);
}

