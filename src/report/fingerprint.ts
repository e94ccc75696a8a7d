import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import { relativePath } from './paths.js';

/** Key of eks-lint's fingerprint in SARIF `partialFingerprints`; bump the version if the recipe changes. */
export const FINGERPRINT_KEY = 'eksLint/v1';

/**
 * A line-independent identity of a finding: SHA-256 (hex) of its rule, its file (relative to
 * `cwd`, `/`-separated; absolute when outside `cwd`), its resource and its JSON Pointer. Edits
 * elsewhere in the file do not change it, so code scanning and baselines keep tracking the same
 * alert. A finding with neither resource nor pointer falls back to its message, so that several
 * such findings in one file stay distinct.
 */
export function fingerprint(finding: Finding, cwd: string): string {
  const path = relativePath(finding.file, cwd) ?? finding.file.replace(/\\/g, '/');
  const anchor =
    finding.resource === undefined && finding.pointer === undefined
      ? ['', '', finding.message]
      : [finding.resource ?? '', finding.pointer ?? ''];
  return createHash('sha256')
    .update(JSON.stringify([finding.ruleId, path, ...anchor]))
    .digest('hex');
}
