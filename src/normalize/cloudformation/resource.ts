import type { Resource } from '../../model/resource.js';
import type { PEntry, PMap } from '../../model/tree.js';
import type { Fields, Resolver, Section } from '../fields.js';
import { rootSection, section } from '../fields.js';
import { cloudFormationIgnores } from '../ignores.js';

/** A CloudFormation resource of `kind`, named by its logical id, with the fields an adapter read. */
export function resourceOf(kind: Resource['kind'], file: string, logical: PEntry, resource: PMap, fields: Fields): Resource {
  const ignores = cloudFormationIgnores(resource);
  return {
    kind,
    name: logical.key,
    format: 'cloudformation',
    file,
    range: logical.keyRange,
    props: fields.props,
    locations: fields.locations,
    ...(ignores.length > 0 ? { ignores } : {}),
  };
}

/** Where a resource's fields are read, with defaults pointing at the header rather than the (long) Properties block. */
export function propertiesOf(logical: PEntry, resource: PMap, resolve: Resolver): Section {
  return { ...section(rootSection(resource, logical.keyRange), 'Properties', resolve), at: logical.keyRange };
}
