/**
 * `module` blocks whose `source` is a Terraform registry address (`namespace/name/provider`,
 * optionally behind a host, optionally with a `//sub/module`). eks-lint never downloads a module;
 * registry modules it knows are read by a built-in adapter (eks-module.ts), the others are noted.
 */
import { type Problem, SKIPPED_FILE } from '../../../model/finding.js';
import type { Range } from '../../../model/range.js';
import { entry, type PMap, stringValue } from '../../../model/tree.js';
import { entryRange } from '../../plain.js';
import { EKS_MODULE_SOURCE } from './eks-module-versions.js';

export interface RegistryModuleCall {
  /** `eks` in `module "eks"`. */
  name: string;
  /** The address without its host: `terraform-aws-modules/eks/aws`, `.../eks/aws//modules/karpenter`. */
  source: string;
  /** The `version` constraint, when written as a literal. */
  version?: string;
  /** The `module "eks"` header. */
  header: Range;
  /** The `source = ...` argument. */
  sourceRange: Range;
  body: PMap;
}

/** `[host/]namespace/name/provider[//subdir]`; a local path, git, S3 or URL source does not match. */
const REGISTRY_SOURCE = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)+\/)?([A-Za-z0-9][A-Za-z0-9_-]*\/[A-Za-z0-9][A-Za-z0-9_-]*\/[a-z0-9]+(?:\/\/.*)?)$/;

/** The registry address of a `source`, without its host, or undefined when it is not one. */
export function registryAddress(source: string): string | undefined {
  return REGISTRY_SOURCE.exec(source)?.[1];
}

/** A `module` block of a file, when its source is a registry address. */
export function registryModuleCall(name: string, header: Range, body: PMap): RegistryModuleCall | undefined {
  const sourceEntry = entry(body, 'source');
  const written = stringValue(sourceEntry?.value);
  const source = written === undefined ? undefined : registryAddress(written);
  if (source === undefined || sourceEntry === undefined) return undefined;
  const version = stringValue(entry(body, 'version')?.value);
  return { name, source, ...(version !== undefined ? { version } : {}), header, sourceRange: entryRange(sourceEntry), body };
}

/** Registry modules of which a built-in adapter reads only some inputs, and which. */
const PARTLY_READ: Readonly<Record<string, string>> = { 'aws-ia/eks-blueprints-addons/aws': 'eks_addons and helm_releases' };

/** Registry modules that no built-in adapter reads (or reads only in part): an info note each, at its `source`. */
export function unanalysedModuleNotes(calls: readonly RegistryModuleCall[]): Problem[] {
  return calls
    .filter((call) => call.source !== EKS_MODULE_SOURCE)
    .map((call) => ({
      ruleId: SKIPPED_FILE,
      severity: 'info',
      message: Object.hasOwn(PARTLY_READ, call.source)
        ? `module "${call.name}" (${call.source}) was analysed only for its ${PARTLY_READ[call.source]}: eks-lint downloads no module`
        : `module "${call.name}" (${call.source}) was not analysed: eks-lint downloads no module, and reads only ${EKS_MODULE_SOURCE} from the registry`,
      range: call.sourceRange,
    }));
}

/**
 * Remote sources other than the registry, by how Terraform recognises them (its "module sources"
 * page): forced getters (`git::`, `hg::`, `s3::`, `gcs::`), the GitHub and Bitbucket shorthands,
 * `git@` SSH addresses and HTTP URLs. The kind names the source in the note; the address itself
 * is never echoed (it may carry credentials).
 */
const REMOTE_SOURCES: readonly [RegExp, string][] = [
  [/^git::|^git@|^github\.com\/|^bitbucket\.org\//, 'a git repository'],
  [/^hg::/, 'a Mercurial repository'],
  [/^s3::|^[a-z0-9.-]+\.amazonaws\.com\//, 'an S3 bucket'],
  [/^gcs::|^www\.googleapis\.com\/storage\//, 'a GCS bucket'],
  [/^https?:\/\//, 'a URL'],
];

/** An info note at the `source` of a module whose code lives in a remote place other than the registry. */
export function remoteModuleNote(name: string, body: PMap): Problem | undefined {
  const sourceEntry = entry(body, 'source');
  const source = stringValue(sourceEntry?.value);
  if (source === undefined || sourceEntry === undefined) return undefined;
  const kind = REMOTE_SOURCES.find(([pattern]) => pattern.test(source))?.[1];
  if (kind === undefined) return undefined;
  return {
    ruleId: SKIPPED_FILE,
    severity: 'info',
    message: `module "${name}" was not analysed: its source is ${kind}, and eks-lint downloads no module (run terraform init to have .terraform/modules read)`,
    range: entryRange(sourceEntry),
  };
}
