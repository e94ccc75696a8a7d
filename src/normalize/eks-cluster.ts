import type { Range } from '../model/range.js';
import { isUnknown } from '../model/resource.js';
import type { Field, Fields } from './fields.js';

/**
 * The parts of the `eks.cluster` vocabulary (docs/canonical-model.md) that do not depend on the
 * format: log type names, endpoint defaults and where those defaults point.
 */

export const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'] as const;

const LOG_TYPE_BY_LOWERCASE = new Map<string, string>(LOG_TYPES.map((t) => [t.toLowerCase(), t]));

/** `ControllerManager` → `controllerManager`; a name EKS does not know is kept as written. */
export function canonicalLogType(name: string): string {
  return LOG_TYPE_BY_LOWERCASE.get(name.toLowerCase()) ?? name;
}

/** What EKS opens the public endpoint to when no CIDR list is given. */
export const OPEN_TO_ALL = '0.0.0.0/0';

type List<T> = Field<Field<T>[]>;

/** `/logging/enabledTypes`: canonical names, `[]` at `defaultAt` when nothing is written. */
export function writeLogTypes(fields: Fields, types: List<string> | undefined, defaultAt: Range): void {
  if (types === undefined) {
    fields.setList(['logging', 'enabledTypes'], [], defaultAt);
    return;
  }
  const items = isUnknown(types.value)
    ? types.value
    : types.value.map((t) => ({ ...t, value: isUnknown(t.value) ? t.value : canonicalLogType(t.value) }));
  fields.setList(['logging', 'enabledTypes'], items, types.range);
}

export interface EndpointInput {
  publicAccess?: Field<boolean>;
  privateAccess?: Field<boolean>;
  publicAccessCidrs?: List<string>;
  /** Where defaulted endpoint fields point: the endpoint block when it is written, else the header. */
  defaultAt: Range;
}

/**
 * `/endpoint/*` with EKS's defaults: public on, private off, public CIDRs open to all. An empty CIDR
 * list is what EKS treats as no list. A defaulted CIDR list points at an explicit `publicAccess`,
 * since turning that off is the usual fix.
 */
export function writeEndpoint(fields: Fields, input: EndpointInput): void {
  const { publicAccess, privateAccess, publicAccessCidrs: cidrs } = input;
  fields.set(['endpoint', 'publicAccess'], publicAccess?.value ?? true, publicAccess?.range ?? input.defaultAt);
  fields.set(['endpoint', 'privateAccess'], privateAccess?.value ?? false, privateAccess?.range ?? input.defaultAt);
  if (cidrs !== undefined && (isUnknown(cidrs.value) || cidrs.value.length > 0)) {
    fields.setList(['endpoint', 'publicAccessCidrs'], cidrs.value, cidrs.range);
    return;
  }
  const at = cidrs?.range ?? publicAccess?.range ?? input.defaultAt;
  fields.setList(['endpoint', 'publicAccessCidrs'], [{ value: OPEN_TO_ALL, range: at }], at);
}

/** `/secretsEncryption/*`: enabled or not (or unknown), and the key when one is set. */
export function writeSecretsEncryption(fields: Fields, enabled: Field<boolean>, keyArn?: Field<string>): void {
  fields.set(['secretsEncryption', 'enabled'], enabled.value, enabled.range);
  if (keyArn !== undefined) fields.set(['secretsEncryption', 'keyArn'], keyArn.value, keyArn.range);
}

/** What a cluster's access settings are when its code says nothing. */
export interface AccessDefaults {
  authenticationMode: string;
  bootstrapCreatorAdmin: boolean;
}

/**
 * The EKS API's own defaults (`CreateAccessConfigRequest`), which CloudFormation and a Terraform
 * cluster without `access_config` get: only the aws-auth ConfigMap, and the creator made admin.
 */
export const EKS_API_ACCESS_DEFAULTS: AccessDefaults = { authenticationMode: 'CONFIG_MAP', bootstrapCreatorAdmin: true };

export interface AccessInput {
  authenticationMode?: Field<string>;
  bootstrapCreatorAdmin?: Field<boolean>;
  defaults: AccessDefaults;
  /** Where defaulted access fields point: the access block when it is written, else the header. */
  defaultAt: Range;
}

/** `/access/authenticationMode` and `/access/bootstrapCreatorAdmin`, with the format's defaults. */
export function writeAccess(fields: Fields, input: AccessInput): void {
  const { authenticationMode: mode, bootstrapCreatorAdmin: admin } = input;
  fields.set(['access', 'authenticationMode'], mode?.value ?? input.defaults.authenticationMode, mode?.range ?? input.defaultAt);
  fields.set(['access', 'bootstrapCreatorAdmin'], admin?.value ?? input.defaults.bootstrapCreatorAdmin, admin?.range ?? input.defaultAt);
}
