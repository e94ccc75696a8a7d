/** `AWS::KMS::Key` → `kms.key` (docs/canonical-model.md). */
import type { Resource } from '../../model/resource.js';
import type { PEntry, PMap } from '../../model/tree.js';
import { writeKey } from '../aws/kms.js';
import { Fields, readBoolean, readField, readString, type Resolver } from '../fields.js';
import { propertiesOf, resourceOf } from './resource.js';

export function kmsKey(file: string, logical: PEntry, resource: PMap, resolve: Resolver): Resource {
  const props = propertiesOf(logical, resource, resolve);
  const fields = new Fields();
  writeKey(fields, {
    rotation: readField(props, 'EnableKeyRotation', resolve, readBoolean),
    keySpec: readField(props, 'KeySpec', resolve, readString),
    origin: readField(props, 'Origin', resolve, readString),
    header: logical.keyRange,
  });
  return resourceOf('kms.key', file, logical, resource, fields);
}
