import type { Range } from '../../../model/range.js';
import type { TerraformFileFacts } from '../facts.js';

/** One `module` block on the way from a root module to a resource. */
export interface ModuleCallSite {
  /** `module.eks`, `module.eks["prod"]`: the address of the call, prefix included. */
  address: string;
  file: string;
  /** The `module "eks"` header. */
  range: Range;
}

/** The files of a module a call leads to, or why it was not read. */
export type LoadedModule =
  | { dir: string; files: TerraformFileFacts[]; downloaded: boolean }
  | { note: string }
  | undefined;

/**
 * Finds the module a `source` names. Local paths are read when they are inside the scan; other
 * sources only through `.terraform/modules/modules.json` (what `terraform init` downloaded).
 * Undefined when the source is none of these (a registry module: see the registry adapters).
 */
export interface ModuleLoader {
  load(callerDir: string, source: string, callKey: string, rootDir: string): LoadedModule;
}
