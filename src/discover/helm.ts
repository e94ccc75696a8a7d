/**
 * Whether a file belongs to a Helm chart: a `Chart.yaml` (a regular file, not a link) in the folder
 * above one of its `templates` folders, within the folders the user pointed at (the repository, the
 * working folder, the scanned paths). A folder merely named `templates` is not evidence of a chart.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { candidateChartFolders } from './classify.js';
import { isInside } from '../io/is-inside.js';

function isRegularFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

/** The chart folder of `file` (absolute), if it is in a chart within one of `boundaries`. */
export function helmChartOf(file: string, boundaries: readonly string[]): string | undefined {
  return candidateChartFolders(file).find(
    (folder) => boundaries.some((boundary) => isInside(folder, boundary)) && isRegularFile(join(folder, 'Chart.yaml')),
  );
}
