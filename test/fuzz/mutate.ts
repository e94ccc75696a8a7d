/**
 * Mutations of fixture files, as fast-check arbitraries: a case is a seed fixture plus one to four
 * mutations, each a small plain record, so that fast-check can generate, replay (by seed) and
 * shrink it. Rendering a case is a pure function of the record.
 */
import fc from 'fast-check';
import { type FuzzSyntax, type Seed, seeds } from './seeds.js';

export const MUTATION_KINDS = [
  'truncate',
  'flip',
  'bracket',
  'unbalance',
  'tabs',
  'nul',
  'bom',
  'crlf',
  'invalid-utf8',
  'long-line',
  'unicode',
  'dup-line',
  'delete-line',
  'indent',
  'token',
  'splice',
  'repeat',
  'nest',
  'alias-bomb',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutation {
  kind: MutationKind;
  /** Where, as a fraction of the current length. */
  at: number;
  /** How much / how many, interpreted per kind. */
  n: number;
  /** Which variant, interpreted per kind. */
  pick: number;
}

export interface FuzzCase {
  syntax: FuzzSyntax;
  seed: number;
  mutations: Mutation[];
}

/** Rendered cases are cut to this size: large enough for long lines, small enough for 10,000 runs. */
const MAX_CASE_BYTES = 1024 * 1024;

const WEIGHTS: Partial<Record<MutationKind, number>> = { token: 4, flip: 3, truncate: 2, bracket: 2, unbalance: 2, unicode: 2, 'dup-line': 2, splice: 2 };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.oneof(...MUTATION_KINDS.map((kind) => ({ arbitrary: fc.constant(kind), weight: WEIGHTS[kind] ?? 1 }))),
  at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
  n: fc.nat(0xffff),
  pick: fc.nat(0xffff),
});

export function caseArb(syntax: FuzzSyntax): fc.Arbitrary<FuzzCase> {
  const count = seeds(syntax).length;
  return fc.record({
    syntax: fc.constant(syntax),
    seed: fc.nat(count - 1),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  });
}

const enc = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function insert(bytes: Uint8Array, pos: number, what: Uint8Array | string): Uint8Array {
  const add = typeof what === 'string' ? enc.encode(what) : what;
  return concat(bytes.subarray(0, pos), add, bytes.subarray(pos));
}

/** Start and end (after the LF) of the line holding `pos`. */
function lineAt(bytes: Uint8Array, pos: number): [number, number] {
  let start = Math.min(pos, bytes.length);
  while (start > 0 && bytes[start - 1] !== 0x0a) start--;
  let end = Math.min(pos, bytes.length);
  while (end < bytes.length && bytes[end] !== 0x0a) end++;
  return [start, Math.min(bytes.length, end + 1)];
}

function replaceAll(bytes: Uint8Array, from: number, to: number[]): Uint8Array {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === from) out.push(...to);
    else out.push(b);
  }
  return Uint8Array.from(out);
}

const BRACKETS = ['"', "'", '{', '}', '[', ']', '(', ')', '<', '>'];
const STRUCTURAL = new Set([...'"\'{}[]():=,'].map((c) => c.charCodeAt(0)));

const INVALID_UTF8 = [[0xc3], [0xff], [0xfe], [0x80], [0xed, 0xa0, 0x80], [0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xf0, 0x9f, 0x98], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xf4, 0x90, 0x80, 0x80]];

const LONG_RUNS = ['a', ' ', '"', '[', '{', '-', '#', '\\', 'é', '😀', '${', '- ', ': ', '\t', 'x\n'];

/** Characters that break naive text handling: controls, ANSI, bidi, joiners, line separators, astral. */
const NASTY = [
  '\u0000', '\u0007', '\u0008', '\u000b', '\u000c', '\r', '\u001b', '\u001b[31m', '\u001b]8;;http://x\u0007', '\u007f', '\u0085', '\u009b',
  '\u00a0', '\u200b', '\u200d', '\u200e', '\u202e', '\u2066', '\u2069', '\u2028', '\u2029', '\ufeff', '\ufffd', '\uffff', '\u0301',
  '😀', '👩‍👩‍👧', '🇺🇸', '𝕏', 'ß', 'İ', 'ﬃ', '中', '\u{10ffff}',
];

const TOKENS: Record<FuzzSyntax, string[]> = {
  yaml: [
    '&a ', '*a', '<<: *a\n', '<<: [*a, *b]\n', '---\n', '...\n', '%YAML 1.1\n', '%TAG !e! tag:e.com,2000:\n', '? ', '- ', ': ', '|\n', '>-\n',
    '!!binary ', '!!omap\n', '!!set\n', '!<tag:yaml.org,2002:str> ', '{{ .Values.x }}', '#', ' # eks-lint-disable-line', '"\\u0000"', "'", '!!',
    'apiVersion: v1\nkind: Pod\n', 'privileged: true', 'securityContext:\n  privileged: true\n', '~', 'null', '.nan', '0x1F', '0o17', '1e999',
    'yes', 'on', '2001-12-14t21:59:43.10-05:00', '{a: 1, a: 2}', '[', ']', '{', '}', 'kind: List\nitems:\n', 'namespace: ', '@', '`',
  ],
  'cfn-yaml': [
    '!Ref ', '!GetAtt a.b', '!GetAtt [a, b]', '!Sub ', '!Sub [x, {}]', '!If [', '!Base64 ', '!Select [0, ', '!Join [",", [', '!FindInMap ',
    '!ImportValue ', '!Not ', '!Equals ', '!Condition ', '!GetAZs ', '!Cidr ', '!Split ', '!Transform ', '!And ', '!Or ', '!Ref', '!GetAtt',
    'Fn::If: ', 'Ref: ', 'Type: AWS::EKS::Cluster\n', 'AWSTemplateFormatVersion: "2010-09-09"\n', 'EndpointPublicAccess: true', 'Resources:\n',
    '&a ', '*a', '<<: *a\n', '---\n', '? ', '- ', ': ', '|\n', '#', '!!', '!<!Ref> ', '%TAG !x! !\n', '[', ']', '{', '}', '"', "'",
  ],
  hcl: [
    '${', '%{', '%{ if x }', '%{ endif }', '}', '{', '<<EOT\n', '<<-EOT\n', '\nEOT\n', '/*', '*/', '#', '//', '= ', '=', 'dynamic "x" {\n',
    '[for x in y : x]', '{for k, v in m : k => v}', '...', '? 1 : 2', 'var.', 'local.', 'module "m" {\n  source = "../../outside"\n}\n',
    'file("/etc/passwd")', 'templatefile("x.tpl", {})', '"\\u0000"', '"\\U0010FFFF"', '"\\xZZ"', '0x1F', '1e999', '-', '!', '&&', '::',
    'resource "aws_eks_cluster" "x" {\n', 'endpoint_public_access = true\n', '# eks-lint-disable-next-line', '\\', '"', '[', ']', '(', ')',
    'variable "v" {\n  default = 1\n}\n', 'locals {\n', 'enabled_cluster_log_types = []\n', '$${', '%%{',
  ],
  json: [
    ',', ':', 'null', '1e999', '-0', '"\\u0000"', '"\\ud800"', '"\\u001b[31m"', '"\\u202e"', '{', '}', '[', ']', '"', 'NaN', 'Infinity', '/* c */',
    '// c\n', "'", '\\', '0x10', '01', '1.', '.5', 'true', 'tru', '{"AWSTemplateFormatVersion": "2010-09-09", ', '"Type": "AWS::EKS::Cluster"',
    '{"resource": {"aws_eks_cluster": {"x": {}}}}', '"${var.x}"', '"//": "c", ', '"apiVersion": "v1", "kind": "Pod", ', '"privileged": true',
  ],
};

function nestPair(syntax: FuzzSyntax, pick: number): [string, string] {
  const pairs: [string, string][] =
    syntax === 'hcl' ? [['[', ']'], ['{ a = ', ' }'], ['(', ')'], ['x {\n', '\n}']] : syntax === 'json' ? [['[', ']'], ['{"a": ', '}']] : [['[', ']'], ['{a: ', '}'], ['- ', ''], ['a:\n ', '']];
  return pairs[pick % pairs.length]!;
}

function aliasBomb(levels: number): string {
  let out = 'bomb0: &b0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
  for (let i = 1; i <= levels; i++) out += `bomb${i}: &b${i} [${Array.from({ length: 9 }, () => `*b${i - 1}`).join(', ')}]\n`;
  return out;
}

function applyMutation(bytes: Uint8Array, m: Mutation, syntax: FuzzSyntax, all: readonly Seed[]): Uint8Array {
  const pos = Math.floor(m.at * (bytes.length + 1));
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, pos);
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const out = Uint8Array.from(bytes);
      for (let i = 0; i <= m.n % 4; i++) {
        const at = (pos + i * m.pick) % out.length;
        out[at] = out[at]! ^ (1 << ((m.n >> (2 + i * 3)) % 8));
      }
      return out;
    }
    case 'bracket':
      return insert(bytes, pos, BRACKETS[m.pick % BRACKETS.length]!);
    case 'unbalance': {
      let at = pos;
      while (at < bytes.length && !STRUCTURAL.has(bytes[at]!)) at++;
      return at < bytes.length ? concat(bytes.subarray(0, at), bytes.subarray(at + 1)) : bytes;
    }
    case 'tabs': {
      if (m.pick % 2 === 0) return insert(bytes, pos, '\t');
      const [start] = lineAt(bytes, pos);
      let end = start;
      while (end < bytes.length && bytes[end] === 0x20) end++;
      return concat(bytes.subarray(0, start), enc.encode('\t'.repeat(Math.max(1, (end - start) >> 1))), bytes.subarray(end));
    }
    case 'nul':
      return insert(bytes, pos, new Uint8Array(1 + (m.n % 3)));
    case 'bom': {
      const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
      switch (m.pick % 4) {
        case 0:
          return concat(bom, bytes);
        case 1:
          return insert(bytes, pos, bom);
        case 2:
          return concat(bom, bom, bytes);
        default:
          return concat(Uint8Array.of(0xff, 0xfe), bytes);
      }
    }
    case 'crlf':
      switch (m.pick % 3) {
        case 0:
          return replaceAll(bytes, 0x0a, [0x0d, 0x0a]);
        case 1:
          return insert(bytes, pos, '\r');
        default:
          return replaceAll(bytes, 0x0a, [0x0d]);
      }
    case 'invalid-utf8':
      return insert(bytes, pos, Uint8Array.from(INVALID_UTF8[m.pick % INVALID_UTF8.length]!));
    case 'long-line': {
      // Mostly 100 to 10,000 characters; one case in sixteen gets 100,000.
      const length = m.n % 16 === 15 ? 100_000 : [100, 1000, 10_000][m.n % 3]!;
      const unit = LONG_RUNS[m.pick % LONG_RUNS.length]!;
      return insert(bytes, pos, unit.repeat(Math.ceil(length / unit.length)));
    }
    case 'unicode': {
      let text = '';
      for (let i = 0; i <= m.n % 16; i++) {
        const choice = (m.pick * (i + 7) + m.n) % (NASTY.length + 4);
        text += choice < NASTY.length ? NASTY[choice]! : String.fromCodePoint(((m.n * 31 + i * 977 + m.pick) % 0xd000) + 0x20);
      }
      return insert(bytes, pos, text);
    }
    case 'dup-line': {
      const [start, end] = lineAt(bytes, pos);
      const line = bytes.subarray(start, end);
      const copies = Array.from({ length: 1 + (m.n % 3) }, () => line);
      return concat(bytes.subarray(0, end), ...copies, bytes.subarray(end));
    }
    case 'delete-line': {
      const [start, end] = lineAt(bytes, pos);
      return concat(bytes.subarray(0, start), bytes.subarray(end));
    }
    case 'indent': {
      const [start] = lineAt(bytes, pos);
      const shift = (m.n % 9) - 4;
      if (shift >= 0) return insert(bytes, start, ' '.repeat(shift + 1));
      let end = start;
      while (end < bytes.length && end - start < -shift && bytes[end] === 0x20) end++;
      return concat(bytes.subarray(0, start), bytes.subarray(end));
    }
    case 'token': {
      const tokens = TOKENS[syntax];
      return insert(bytes, pos, tokens[m.pick % tokens.length]!);
    }
    case 'splice': {
      const other = all[m.pick % all.length]!.bytes;
      const from = m.n % (other.length + 1);
      const length = (m.n * 7 + m.pick) % 400;
      return insert(bytes, pos, other.subarray(from, from + length));
    }
    case 'repeat': {
      const slice = bytes.subarray(pos, pos + (m.n % 200));
      const times = 1 + (m.pick % 50);
      return concat(bytes.subarray(0, pos), ...Array.from({ length: times }, () => slice), bytes.subarray(pos));
    }
    case 'nest': {
      const depth = [2, 10, 100, 600][m.n % 4]!;
      const [open, close] = nestPair(syntax, m.pick);
      const end = Math.min(bytes.length, pos + (m.n % 64));
      return concat(bytes.subarray(0, pos), enc.encode(open.repeat(depth)), bytes.subarray(pos, end), enc.encode(close.repeat(depth)), bytes.subarray(end));
    }
    case 'alias-bomb':
      if (syntax === 'hcl' || syntax === 'json') return insert(bytes, pos, TOKENS[syntax][m.pick % TOKENS[syntax].length]!);
      return concat(bytes, enc.encode(`\n${aliasBomb(1 + (m.n % 9))}`));
  }
}

export interface RenderedCase {
  seed: Seed;
  bytes: Uint8Array;
}

export function renderCase(c: FuzzCase): RenderedCase {
  const all = seeds(c.syntax);
  const seed = all[c.seed % all.length]!;
  let bytes = seed.bytes;
  for (const m of c.mutations) {
    bytes = applyMutation(bytes, m, c.syntax, all);
    if (bytes.length > MAX_CASE_BYTES) bytes = bytes.subarray(0, MAX_CASE_BYTES);
  }
  return { seed, bytes };
}

/** One line describing a case, for reports. */
export function describeCase(c: FuzzCase): string {
  const seed = seeds(c.syntax)[c.seed % seeds(c.syntax).length]!;
  return `${seed.name} + ${c.mutations.map((m) => m.kind).join(', ')}`;
}
