import type { Formatter } from './context.js';

/**
 * Each output format's module, imported on first use: a run loads only the formatters it writes
 * (a Kubernetes-only JSON run never loads the terminal or XML formatters).
 */
const LOADERS: Record<string, () => Promise<Formatter>> = {
  stylish: async () => (await import('./stylish.js')).formatStylish,
  json: async () => (await import('./json.js')).formatJson,
  sarif: async () => (await import('./sarif.js')).formatSarif,
  github: async () => (await import('./github.js')).formatGithub,
  markdown: async () => (await import('./markdown.js')).formatMarkdown,
  compact: async () => (await import('./compact.js')).formatCompact,
  junit: async () => (await import('./junit.js')).formatJunit,
  checkstyle: async () => (await import('./checkstyle.js')).formatCheckstyle,
};

/** The names `--format` takes. */
export const FORMAT_NAMES: readonly string[] = Object.keys(LOADERS);

/** The formatter of a format, loading its module; undefined for a name that is no format. */
export async function loadFormatter(name: string): Promise<Formatter | undefined> {
  return Object.hasOwn(LOADERS, name) ? LOADERS[name]!() : undefined;
}

/**
 * Output formats by name, as `--format` takes them; each loads its module when first called.
 * Without a prototype, so that a name like `toString` is no format.
 */
export const FORMATTERS: Record<string, Formatter> = Object.assign(
  Object.create(null) as Record<string, Formatter>,
  Object.fromEntries(FORMAT_NAMES.map((name): [string, Formatter] => [name, async (context) => (await LOADERS[name]!())(context)])),
);
