import { pathMatcher } from '../discover/discover.js';

/**
 * Which cluster each scanned file belongs to (the configuration's `clusters`): cluster names, each
 * with gitignore-style path patterns relative to `base`. Cross-file facts — which namespaces exist,
 * which have a NetworkPolicy — are only shared between files of the same cluster.
 */
export interface ClusterPatterns {
  clusters: Readonly<Record<string, readonly string[]>>;
  base: string;
}

/** The cluster of the files no pattern names: by default the whole scan is this one cluster. */
export const DEFAULT_CLUSTER = '';

/** A file's cluster: the first cluster (in the order written) with a pattern that matches it. */
export function clusterOf(setting: ClusterPatterns | undefined): (file: string) => string {
  const matchers = Object.entries(setting?.clusters ?? {}).map(([name, patterns]) => ({ name, matches: pathMatcher({ patterns, base: setting!.base }) }));
  if (matchers.length === 0) return () => DEFAULT_CLUSTER;
  return (file) => matchers.find((m) => m.matches(file))?.name ?? DEFAULT_CLUSTER;
}
