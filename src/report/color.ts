/**
 * Whether human output is coloured. ESLint's convention, with chalk's reading of the environment:
 * `--color` / `--no-color` decide first; then a non-empty FORCE_COLOR (`0` or `false` turn colour
 * off, any other value turns it on, as chalk and Node read it); then NO_COLOR (any non-empty value
 * turns it off, https://no-color.org); otherwise colour only when standard output is a terminal
 * that is not `TERM=dumb`. FORCE_COLOR wins over NO_COLOR because Node gives it precedence and
 * no-color.org lets an explicit request override NO_COLOR. An empty FORCE_COLOR counts as unset, as
 * force-color.org says and as an empty NO_COLOR does (chalk alone would force colour). A file
 * written with `--output-file` is plain unless `--color` asks for colour: no terminal reads it.
 */
export function useColor(
  flag: boolean | undefined,
  { toFile = false, env = process.env, stdoutIsTTY = process.stdout.isTTY === true }: { toFile?: boolean; env?: NodeJS.ProcessEnv; stdoutIsTTY?: boolean } = {},
): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;
  const force = env.FORCE_COLOR ?? '';
  if (force !== '') return force !== '0' && force !== 'false';
  if ((env.NO_COLOR ?? '') !== '') return false;
  return stdoutIsTTY && env.TERM !== 'dumb';
}

/** SGR colour codes and OSC hyperlinks (a link keeps its text). */
// eslint-disable-next-line no-control-regex
const TERMINAL_CODES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/**
 * Removes the terminal codes a formatter wrote. Only the formatter's own codes can be there: text
 * from scanned files reaches the output with its control characters escaped (report/text.ts).
 */
export function stripTerminalCodes(text: string): string {
  return text.replace(TERMINAL_CODES, '');
}
