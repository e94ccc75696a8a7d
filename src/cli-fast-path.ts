import { HELP } from './cli-args.js';
import { packageVersion } from './version.js';

const VERSION_FLAGS = new Set(['--version', '-v']);
const HELP_FLAGS = new Set(['--help', '-h']);

/**
 * What to print for a command line that only asks for the version or the help, else undefined.
 * The binary asks this before it loads the linter, so that printing a string costs no more than
 * starting Node: this module imports nothing but the help text and package.json. Only the exact
 * one-option forms are answered here; every other command line goes through `main`, which gives
 * the same answers (and the usage errors) for the longer forms.
 */
export function fastPathOutput(argv: readonly string[]): string | undefined {
  if (argv.length !== 1) return undefined;
  const [flag = ''] = argv;
  if (VERSION_FLAGS.has(flag)) return packageVersion() + '\n';
  if (HELP_FLAGS.has(flag)) return HELP + '\n';
  return undefined;
}
