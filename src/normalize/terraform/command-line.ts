/**
 * Variable values from outside the scanned files: `--var-file`, `--var name=value` (in
 * command-line order) and, only when asked for, `TF_VAR_name` environment variables.
 */
import type { PNode } from '../../model/tree.js';
import { parseHcl } from '../../parse/hcl.js';
import type { VariableInputs, VariableOverride } from './variables.js';

/** `--var-file` or `--var`, as given on the command line. */
export type VariableArgument = { file: string } | { assignment: string };

export class VariableArgumentError extends Error {
  override name = 'VariableArgumentError';
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Terraform reads a `-var` value as HCL when the variable's type is a collection, and as a plain
 * string otherwise (strings convert to numbers and bools where those are expected). Without the
 * type at hand, a value that starts like a list or an object is read as HCL.
 */
async function valueOf(text: string): Promise<PNode> {
  const raw: PNode = { type: 'scalar', value: text, range: { line: 1, column: 1, endLine: 1, endColumn: 1 } };
  if (!/^\s*[[{]/.test(text)) return raw;
  const { body, problems } = await parseHcl(`v = ${text}\n`);
  const value = body.entries[0]?.value;
  return problems.length === 0 && value && value.type !== 'expr' ? value : raw;
}

async function assignment(text: string): Promise<VariableOverride> {
  const at = text.indexOf('=');
  const name = at < 0 ? '' : text.slice(0, at).trim();
  if (!NAME.test(name)) throw new VariableArgumentError(`--var needs name=value, got '${text}'`);
  return { name, value: await valueOf(text.slice(at + 1)) };
}

export async function commandLineVariables(
  args: readonly VariableArgument[],
  readVarFile: (file: string) => Promise<VariableOverride[]>,
  environment?: Readonly<Record<string, string | undefined>>,
): Promise<VariableInputs> {
  const commandLine: VariableOverride[] = [];
  for (const arg of args) {
    if ('file' in arg) commandLine.push(...(await readVarFile(arg.file)));
    else commandLine.push(await assignment(arg.assignment));
  }
  const env: VariableOverride[] = [];
  for (const [key, value] of Object.entries(environment ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!key.startsWith('TF_VAR_') || value === undefined || !NAME.test(key.slice(7))) continue;
    env.push({ name: key.slice(7), value: await valueOf(value) });
  }
  return { commandLine, environment: env };
}
