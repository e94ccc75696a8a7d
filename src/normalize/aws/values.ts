import { isUnknown, type Unknown } from '../../model/resource.js';

/** An AWS enumeration value as the service stores it: upper case (the APIs reject other spellings). */
export function enumValue(value: string | Unknown): string | Unknown {
  return isUnknown(value) ? value : value.toUpperCase();
}
