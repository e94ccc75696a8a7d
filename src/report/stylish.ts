import type prettyFormatter from 'eslint-formatter-pretty';
import { stripTerminalCodes } from './color.js';
import type { ReportContext } from './context.js';
import { toLintResults } from './eslint-results.js';
import { escapeControl, oneLine } from './text.js';

type Pretty = typeof prettyFormatter;
let loaded: Promise<Pretty> | undefined;
const COLOR_VARIABLES = ['FORCE_COLOR', 'NO_COLOR', 'NODE_DISABLE_COLORS'];

/**
 * eslint-formatter-pretty with colour on. Its colour libraries (chalk, and yoctocolors through
 * log-symbols) decide once, when they load, from FORCE_COLOR and the terminal; loading them with
 * FORCE_COLOR=1 makes them always colour, and each call then removes the codes when its output
 * is to be plain. So one process can write a coloured terminal report and a plain file.
 */
function loadPretty(): Promise<Pretty> {
  loaded ??= (async () => {
    // NO_COLOR and NODE_DISABLE_COLORS are set aside too: Node warns when they meet FORCE_COLOR.
    const saved = Object.fromEntries(COLOR_VARIABLES.map((name) => [name, process.env[name]]));
    for (const name of COLOR_VARIABLES) delete process.env[name];
    process.env.FORCE_COLOR = '1';
    try {
      return (await import('eslint-formatter-pretty')).default;
    } finally {
      for (const name of COLOR_VARIABLES) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    }
  })();
  return loaded;
}

/** Human output through eslint-formatter-pretty, coloured when `context.color` says so. */
export async function formatStylish(context: ReportContext): Promise<string> {
  const pretty = await loadPretty();
  // Paths and messages carry text from scanned files (names, values, parser snippets): it must not
  // drive the terminal, so control characters, ANSI escapes and bidi overrides are shown as escapes.
  const results = toLintResults(context.files, context.findings)
    .filter((r) => r.messages.length > 0)
    .map((r) => ({
      ...r,
      filePath: escapeControl(r.filePath),
      messages: r.messages.map((m) => ({ ...m, message: oneLine(m.message) || '(no message)', ruleId: m.ruleId === null ? null : oneLine(m.ruleId) })),
    }));
  const rulesMeta = Object.fromEntries(context.rules.map((rule) => [rule.id, { docs: { url: rule.bestPractice } }]));
  // The formatter's types want ESLint's own classes; our results have the same shape.
  const text = pretty(results as unknown as Parameters<typeof pretty>[0], { rulesMeta, cwd: context.cwd });
  return context.color === true ? text : stripTerminalCodes(text);
}
