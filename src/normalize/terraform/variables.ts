/**
 * The values of a root module's input variables, in Terraform's order of precedence (later wins):
 * defaults, `TF_VAR_` environment variables (only when asked for), `terraform.tfvars`,
 * `terraform.tfvars.json`, `*.auto.tfvars[.json]` in lexical order, then `-var-file` and `-var`
 * in command-line order.
 */
import type { PNode } from '../../model/tree.js';
import type { TerraformFileFacts } from './facts.js';

/** A value given from outside the module: `--var`, `--var-file` or a `TF_VAR_` variable. */
export interface VariableOverride {
  name: string;
  value: PNode;
}

/** Values from outside the scanned files, by precedence class. */
export interface VariableInputs {
  /** `TF_VAR_name` values (with `--env-vars`); below every `.tfvars` file. */
  environment?: readonly VariableOverride[];
  /** `--var-file` and `--var` values in command-line order; above every auto-loaded file. */
  commandLine?: readonly VariableOverride[];
}

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}

/** Where Terraform's own loading order puts a `.tfvars` file, or undefined if it is not auto-loaded. */
function autoLoadRank(file: string): number | undefined {
  const name = basename(file);
  if (name === 'terraform.tfvars') return 0;
  if (name === 'terraform.tfvars.json') return 1;
  if (/\.auto\.tfvars(\.json)?$/.test(name)) return 2;
  return undefined;
}

/** Codepoint order, as Go's sort of file names (not the locale's). */
function lexical(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Values of variables as `terraform plan` in this directory would see them. A variable that
 * another `.tfvars` file in the folder sets, and that no command-line value overrides, depends on
 * which `-var-file` is passed, so it is left unknown rather than guessed.
 */
export function rootVariableValues(files: readonly TerraformFileFacts[], inputs: VariableInputs = {}): Map<string, PNode> {
  const values = new Map<string, PNode | undefined>();
  for (const f of files) {
    for (const v of f.variables) if (!values.has(v.name)) values.set(v.name, v.default);
  }
  const set = (name: string, value: PNode) => {
    if (values.has(name)) values.set(name, value);
  };
  for (const o of inputs.environment ?? []) set(o.name, o.value);
  const tfvars = files.filter((f) => f.kind === 'tfvars');
  const autoLoaded = tfvars
    .filter((f) => autoLoadRank(f.file) !== undefined)
    .sort((a, b) => (autoLoadRank(a.file) ?? 0) - (autoLoadRank(b.file) ?? 0) || lexical(basename(a.file), basename(b.file)));
  for (const f of autoLoaded) for (const a of f.assignments) set(a.name, a.value);
  const commandLine = new Set((inputs.commandLine ?? []).map((o) => o.name));
  for (const f of tfvars) {
    if (autoLoadRank(f.file) !== undefined) continue;
    for (const a of f.assignments) if (!commandLine.has(a.name)) values.delete(a.name);
  }
  for (const o of inputs.commandLine ?? []) set(o.name, o.value);
  const known = new Map<string, PNode>();
  for (const [name, value] of values) if (value !== undefined) known.set(name, value);
  return known;
}
