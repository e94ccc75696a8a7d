/**
 * Modules that `terraform init` already downloaded: `.terraform/modules/modules.json` maps each
 * call (`eks`, `eks.kms`) to a folder under `.terraform/modules`. Those folders are read here —
 * read only, bounded like scanned files, and only inside the root module's own folder (a symbolic
 * link out of it is not followed). Nothing is ever downloaded.
 */
import { readdir, realpath } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { TerraformFileFacts } from '../facts.js';
import { isInside } from '../../../io/is-inside.js';

/** Entries of one modules.json that are followed; a real stack has a few dozen. */
const MAX_ENTRIES = 500;
/** `.tf` files read from one downloaded module folder. */
const MAX_FILES_PER_MODULE = 200;

export interface DownloadedModules {
  /** `<root dir>\0<call key>` → the module's folder. */
  folders: Map<string, string>;
  /** Folder → the facts of its `.tf` files. */
  files: Map<string, TerraformFileFacts[]>;
}

/** How one file is read and analysed: the pipeline's own reader, with its bounds. */
export type ReadTerraformFile = (file: string) => Promise<TerraformFileFacts | undefined>;

interface ModulesJson {
  Modules?: { Key?: unknown; Dir?: unknown }[];
}

export async function readDownloadedModules(rootDirs: readonly string[], readManifest: (file: string) => Promise<string | undefined>, readFile: ReadTerraformFile): Promise<DownloadedModules> {
  const result: DownloadedModules = { folders: new Map(), files: new Map() };
  for (const root of rootDirs) {
    const text = await readManifest(join(root, '.terraform', 'modules', 'modules.json'));
    if (text === undefined) continue;
    let manifest: ModulesJson;
    try {
      manifest = JSON.parse(text) as ModulesJson;
    } catch {
      continue;
    }
    const realRoot = await realpath(root).catch(() => undefined);
    if (!realRoot || !Array.isArray(manifest.Modules)) continue;
    for (const entry of manifest.Modules.slice(0, MAX_ENTRIES)) {
      if (typeof entry.Key !== 'string' || entry.Key === '' || typeof entry.Dir !== 'string') continue;
      const dir = resolve(root, entry.Dir);
      // Outside the root module's folder: not even looked at. Inside: checked again once links are resolved.
      if (!isInside(dir, root)) continue;
      const real = await realpath(dir).catch(() => undefined);
      // Only what lies in the root module's folder: modules.json is as untrusted as the rest.
      if (!real || !isInside(real, realRoot)) continue;
      result.folders.set(`${root}\0${entry.Key}`, dir);
      if (!result.files.has(dir)) result.files.set(dir, await readFolder(dir, readFile));
    }
  }
  return result;
}

async function readFolder(dir: string, readFile: ReadTerraformFile): Promise<TerraformFileFacts[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const names = entries
    .filter((e) => e.isFile() && /\.tf(\.json)?$/.test(e.name))
    .map((e) => e.name)
    .sort()
    .slice(0, MAX_FILES_PER_MODULE);
  const facts: TerraformFileFacts[] = [];
  for (const name of names) {
    const f = await readFile(join(dir, name));
    if (f) facts.push(f);
  }
  return facts;
}
