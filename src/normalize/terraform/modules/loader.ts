/**
 * Where a module call's `source` leads: a local folder inside the scan (`./modules/eks`, `../..`),
 * a folder `terraform init` downloaded (modules.json), or nowhere eks-lint may read.
 */
import { resolve } from 'node:path';
import type { TerraformFileFacts } from '../facts.js';
import type { LoadedModule, ModuleLoader } from './call-site.js';
import type { DownloadedModules } from './downloaded.js';
import { isInside } from '../../../io/is-inside.js';

function isLocal(source: string): boolean {
  return source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..';
}

export interface LoaderInputs {
  /** Facts of every scanned Terraform file, by folder. */
  scanned: ReadonlyMap<string, TerraformFileFacts[]>;
  /** Folders the scan covers: a local source outside all of them is not read. */
  roots: readonly string[];
  downloaded?: DownloadedModules;
}

export function moduleLoader(inputs: LoaderInputs): ModuleLoader {
  return {
    load(callerDir, source, callKey, rootDir): LoadedModule {
      const fromManifest = inputs.downloaded?.folders.get(`${rootDir}\0${callKey}`);
      if (fromManifest) return { dir: fromManifest, files: inputs.downloaded?.files.get(fromManifest) ?? [], downloaded: true };
      if (!isLocal(source)) return undefined;
      // `//` separates a package from a folder inside it; locally both are one path.
      const dir = resolve(callerDir, source.replace('//', '/'));
      const downloadedFiles = inputs.downloaded?.files.get(dir);
      if (downloadedFiles) return { dir, files: downloadedFiles, downloaded: true };
      if (!inputs.roots.some((root) => isInside(dir, root))) {
        return { note: `Module source "${source}" is outside the scanned folder; it was not read, so resources it declares are not checked.` };
      }
      const files = inputs.scanned.get(dir);
      if (!files || files.every((f) => f.kind !== 'tf')) return { note: `Module source "${source}" has no scanned Terraform files; resources it declares are not checked.` };
      return { dir, files, downloaded: false };
    },
  };
}
