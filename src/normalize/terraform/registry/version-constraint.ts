/**
 * Terraform's module `version` constraints (`"~> 20.0"`, `">= 19, < 21"`, `"20.8.4"`), reduced to
 * the question the built-in module adapters ask: which of the major versions we know would
 * `terraform init` pick? It picks the newest version that meets every clause, so the answer is the
 * highest known major in which some version meets them all.
 */

type Version = [number, number, number];

interface Clause {
  operator: '=' | '!=' | '>' | '>=' | '<' | '<=' | '~>';
  version: Version;
  /** How many parts were written: `~> 20` and `~> 20.1` and `~> 20.1.2` differ. */
  parts: number;
}

const CLAUSE = /^\s*(=|!=|>=|<=|>|<|~>)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-[0-9A-Za-z.-]+)?\s*$/;

function parseClause(text: string): Clause | undefined {
  const match = CLAUSE.exec(text);
  if (!match) return undefined;
  const [, operator = '=', major, minor, patch] = match;
  const parts = patch !== undefined ? 3 : minor !== undefined ? 2 : 1;
  return { operator: operator as Clause['operator'], version: [Number(major), Number(minor ?? 0), Number(patch ?? 0)], parts };
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function meets(v: Version, clause: Clause): boolean {
  const c = compare(v, clause.version);
  switch (clause.operator) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '~>': {
      // Only the rightmost written part may grow: ~> 20.1 is >= 20.1, < 21; ~> 20.1.2 is >= 20.1.2, < 20.2.
      if (c < 0) return false;
      const [major, minor] = clause.version;
      return clause.parts === 3 ? v[0] === major && v[1] === minor : v[0] === major;
    }
  }
}

/** Far above any real minor or patch number: the newest version of a major, for testing clauses. */
const NEWEST = 1_000_000;

/**
 * The major version `terraform init` would pick among `known` for `constraint` (absent: the
 * newest known); undefined when the constraint cannot be read or no known major meets it.
 */
export function chooseMajor(constraint: string | undefined, known: readonly number[]): number | undefined {
  const newestFirst = [...known].sort((a, b) => b - a);
  if (constraint === undefined) return newestFirst[0];
  const clauses = constraint.split(',').map(parseClause);
  if (clauses.length === 0 || clauses.some((c) => c === undefined)) return undefined;
  const valid = clauses as Clause[];
  return newestFirst.find((major) => {
    // The versions where a clause's verdict can change, within this major.
    const candidates: Version[] = [[major, NEWEST, NEWEST], [major, 0, 0], ...valid.filter((c) => c.version[0] === major).map((c) => c.version)];
    for (const c of valid.filter((c) => c.version[0] === major)) {
      candidates.push([major, c.version[1], c.version[2] + 1], [major, c.version[1] + 1, 0], [major, c.version[1], NEWEST]);
      if (c.version[2] > 0) candidates.push([major, c.version[1], c.version[2] - 1]);
      if (c.version[1] > 0) candidates.push([major, c.version[1] - 1, NEWEST]);
    }
    return candidates.some((v) => valid.every((c) => meets(v, c)));
  });
}
