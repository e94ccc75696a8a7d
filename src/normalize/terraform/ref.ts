/** Terraform references as the parser records them (`PExpr.ref`): `local.m["k"].list[0]`. */

export type RefStep = string | number;

const REF_ROOT = /^[\p{ID_Start}_][\p{ID_Continue}-]*/u;
const REF_STEP = /\.([\p{ID_Start}_][\p{ID_Continue}-]*)|\[([0-9]+)\]|\[("(?:[^"\\]|\\.)*")\]/uy;

/** Splits a parser's `ref` (`local.m["k"].list[0]`) into its steps: `['local', 'm', 'k', 'list', 0]`. */
export function parseRef(ref: string): RefStep[] | undefined {
  const root = REF_ROOT.exec(ref)?.[0];
  if (root === undefined) return undefined;
  const steps: RefStep[] = [root];
  REF_STEP.lastIndex = root.length;
  while (REF_STEP.lastIndex < ref.length) {
    const match = REF_STEP.exec(ref);
    if (!match) return undefined;
    const [, name, index, quoted] = match;
    steps.push(name ?? (index !== undefined ? Number(index) : (JSON.parse(quoted ?? '""') as string)));
  }
  return steps;
}
