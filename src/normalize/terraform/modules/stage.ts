/**
 * The Terraform module stage of the pipeline: every scanned folder with Terraform files is
 * evaluated as a root module (its own defaults and `.tfvars`), following the modules it calls.
 * A folder that is also called by another one is thus judged twice — alone and with the caller's
 * inputs — and `dropRepeatedModuleFindings` keeps one finding where both say the same.
 */
import { dirname, resolve } from 'node:path';
import { type Finding, PARSE_ERROR } from '../../../model/finding.js';
import { FILE_START } from '../../../model/range.js';
import type { Resource } from '../../../model/resource.js';
import type { TerraformFileFacts } from '../facts.js';
import { evaluateTerraformModule, type TerraformNote } from '../module.js';
import type { VariableInputs } from '../variables.js';
import { type DownloadedModules, readDownloadedModules, type ReadTerraformFile } from './downloaded.js';
import { moduleLoader } from './loader.js';
import { templateReader } from './templates.js';

export interface TerraformStageInputs {
  facts: readonly TerraformFileFacts[];
  /** Folders the scan covers. */
  roots: readonly string[];
  variables?: VariableInputs;
  readManifest: (file: string) => Promise<string | undefined>;
  readFile: ReadTerraformFile;
  /** Size limit of scanned files, which template files share. */
  maxFileSize: number;
}

export async function terraformStage(inputs: TerraformStageInputs): Promise<{ resources: Resource[]; notes: TerraformNote[] }> {
  const byDir = new Map<string, TerraformFileFacts[]>();
  for (const f of inputs.facts) {
    const dir = dirname(f.file);
    byDir.set(dir, [...(byDir.get(dir) ?? []), f]);
  }
  const callers = [...byDir.entries()].filter(([, files]) => files.some((f) => f.modules.length > 0)).map(([dir]) => dir);
  const downloaded: DownloadedModules = await readDownloadedModules(callers, inputs.readManifest, inputs.readFile);
  const loader = moduleLoader({ scanned: byDir, roots: inputs.roots.map((r) => resolve(r)), downloaded });
  const readTemplate = templateReader(inputs.roots, inputs.maxFileSize);
  const resources: Resource[] = [];
  const notes = new Map<string, TerraformNote>();
  for (const [dir, files] of byDir) {
    let result: { resources: Resource[]; notes: TerraformNote[] };
    try {
      result = evaluateTerraformModule(files, { dir, loader, readTemplate, ...(inputs.variables ? { variables: inputs.variables } : {}) });
    } catch (error) {
      // A bug (or a stack too deep for this input) costs this module's resources, not the scan.
      const file = files.find((f) => f.kind === 'tf')?.file ?? files[0]?.file ?? dir;
      const message = `Internal error while evaluating this Terraform module (please report it): ${error instanceof Error ? error.message : String(error)}`;
      result = { resources: [], notes: [{ ruleId: PARSE_ERROR, severity: 'error', message, file, range: FILE_START }] };
    }
    resources.push(...result.resources);
    for (const n of result.notes) notes.set(`${n.file}:${n.range.line}:${n.message}`, n);
  }
  // A folder's own resources first: where later stages merge by name (namespaces), they keep the
  // name the folder gives them, as before any call was followed.
  const shortestChainFirst = [...resources].sort((a, b) => (a.calls?.length ?? 0) - (b.calls?.length ?? 0));
  return { resources: shortestChainFirst, notes: [...notes.values()] };
}

/**
 * A folder that another scanned folder calls is judged on its own too (its defaults, or the calls
 * it makes itself). A finding seen through a longer call chain — same file, line, rule and field,
 * for the same resource seen from further out (`module.platform.module.eks.aws_eks_cluster.this`
 * after `module.eks.aws_eks_cluster.this` or `aws_eks_cluster.this`) — says nothing new: the
 * shorter one is kept. Calls with different inputs name different resources and all stay.
 */
export function dropRepeatedModuleFindings(findings: readonly Finding[]): Finding[] {
  const key = (f: Finding) => `${f.ruleId}\0${f.file}\0${f.range.line}\0${f.pointer ?? ''}`;
  const byKey = new Map<string, Finding[]>();
  for (const f of findings) byKey.set(key(f), [...(byKey.get(key(f)) ?? []), f]);
  return findings.filter((f) => {
    if (!f.relatedLocations?.length || f.resource === undefined) return true;
    const name = f.resource;
    return !(byKey.get(key(f)) ?? []).some((g) => g !== f && g.resource !== undefined && name.endsWith(`.${g.resource}`));
  });
}
