import { formatCheckstyle } from './checkstyle.js';
import { formatCompact } from './compact.js';
import type { Formatter } from './context.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatStylish } from './stylish.js';

/** Output formats by name, as `--format` takes them. */
export const FORMATTERS: Record<string, Formatter> = {
  stylish: formatStylish,
  json: formatJson,
  sarif: formatSarif,
  github: formatGithub,
  markdown: formatMarkdown,
  compact: formatCompact,
  junit: formatJunit,
  checkstyle: formatCheckstyle,
};
