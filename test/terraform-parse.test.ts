import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Hcl2Json from '@cdktf/hcl2json';
import { describe, expect, it, vi } from 'vitest';
import type { Range } from '../src/model/range.js';
import { at, child, children, type PEntry, type PMap, type PNode } from '../src/model/tree.js';
import { parseHcl } from '../src/parse/hcl.js';
import { MAX_HCL_NESTING } from '../src/parse/hcl-prescan.js';
import { terraformJsonToBody } from '../src/parse/terraform-json.js';
import { parseYaml } from '../src/parse/yaml.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/parse/terraform');
const CORPUS = join(import.meta.dirname, '../../shared/corpus');
const { parse: hcl2json } = createRequire(import.meta.url)('@cdktf/hcl2json') as typeof Hcl2Json;

function range(line: number, column: number, endLine: number, endColumn: number): Range {
  return { line, column, endLine, endColumn };
}

async function body(src: string): Promise<PMap> {
  const result = await parseHcl(src);
  expect(result.problems).toEqual([]);
  return result.body;
}

function entryOf(map: PNode | undefined, key: string): PEntry {
  const e = map?.type === 'map' ? map.entries.find((x) => x.key === key) : undefined;
  if (!e) throw new Error(`no entry ${key}`);
  return e;
}

function plainValue(node: PNode | undefined): unknown {
  switch (node?.type) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plainValue);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plainValue(e.value)]));
    default:
      return node;
  }
}

describe('parseHcl positions', () => {
  const src = [
    'resource "aws_eks_cluster" "this" {', // 1
    '  name = "demo"', // 2
    '', // 3
    '  vpc_config {', // 4
    '    endpoint_public_access = true', // 5
    '    public_access_cidrs    = ["10.0.0.0/8",', // 6
    '      "192.168.0.0/16"]', // 7
    '  }', // 8
    '}', // 9
  ].join('\n');

  it('locates blocks: the entry key spans the header, the value the whole block', async () => {
    const resource = entryOf(await body(src), 'resource');
    expect(resource.keyRange).toEqual(range(1, 1, 1, 36));
    expect(resource.value).toMatchObject({ type: 'map', block: true, labels: ['aws_eks_cluster', 'this'], range: range(1, 1, 9, 2) });
    const vpc = entryOf(resource.value, 'vpc_config');
    expect(vpc.keyRange).toEqual(range(4, 3, 4, 15));
    expect(vpc.value).toMatchObject({ block: true, labels: [], range: range(4, 3, 8, 4) });
  });

  it('locates attributes: key and value, line and column', async () => {
    const resource = entryOf(await body(src), 'resource').value;
    const name = entryOf(resource, 'name');
    expect(name.keyRange).toEqual(range(2, 3, 2, 7));
    expect(name.value).toEqual({ type: 'scalar', value: 'demo', range: range(2, 10, 2, 16) });
    const access = entryOf(child(resource, 'vpc_config'), 'endpoint_public_access');
    expect(access.keyRange).toEqual(range(5, 5, 5, 27));
    expect(access.value).toEqual({ type: 'scalar', value: true, range: range(5, 30, 5, 34) });
    const cidrs = at(resource, 'vpc_config', 'public_access_cidrs');
    expect(cidrs?.range).toEqual(range(6, 30, 7, 24));
    expect(at(cidrs, 1)).toEqual({ type: 'scalar', value: '192.168.0.0/16', range: range(7, 7, 7, 23) });
  });

  it('counts columns in UTF-16 code units', async () => {
    // "é" is one code unit, "😀" two: `b` starts at column 21, not 20 (code points) or 24 (bytes).
    const tags = entryOf(await body('tags = { a = "é😀", b = "x" }\n'), 'tags').value;
    const b = entryOf(tags, 'b');
    expect(b.keyRange).toEqual(range(1, 21, 1, 22));
    expect(b.value.range).toEqual(range(1, 25, 1, 28));
    expect(child(tags, 'a')).toMatchObject({ value: 'é😀', range: range(1, 14, 1, 19) });
  });

  it('keeps repeated blocks in source order and unquoted labels', async () => {
    const parsed = await body(readFileSync(join(FIXTURES, 'values.tf'), 'utf8'));
    const resources = children(parsed, 'resource');
    expect(resources.map((r) => (r.type === 'map' ? r.labels : undefined))).toEqual([
      ['aws_s3_bucket', 'unquoted_type'],
      ['aws_security_group', 'sg'],
    ]);
    const ingress = children(resources[1], 'ingress');
    expect(ingress.map((i) => plainValue(child(i, 'from_port')))).toEqual([443, 80]);
    expect(child(resources[0], 'tags')).toMatchObject({ type: 'map' });
    expect((child(resources[0], 'tags') as PMap).block).toBeUndefined();
  });
});

describe('parseHcl values', () => {
  async function locals(): Promise<PNode | undefined> {
    return child(await body(readFileSync(join(FIXTURES, 'values.tf'), 'utf8')), 'locals');
  }

  it('decodes literals, escapes and collections', async () => {
    const l = await locals();
    expect(plainValue(child(l, 'escapes'))).toBe('tab\there "quoted" back\\slash é 😀 ${literal} %{literal}');
    expect(plainValue(child(l, 'unicode'))).toBe('héllo wörld 😀');
    expect(plainValue(child(l, 'integer'))).toBe(42);
    expect(plainValue(child(l, 'negative'))).toBe(-7);
    expect(plainValue(child(l, 'float'))).toBe(1500);
    expect(plainValue(child(l, 'truthy'))).toBe(true);
    expect(plainValue(child(l, 'nothing'))).toBeNull();
    expect(plainValue(child(l, 'list'))).toEqual(['a', 1, false, null, ['nested']]);
    expect(plainValue(child(l, 'object'))).toEqual({ a: 1, 'b-c': 'two', d: { e: [] } });
    expect(plainValue(child(l, 'multiline'))).toEqual({ x: 1, y: 2 });
  });

  it('reads heredocs: indentation, <<- stripping, no backslash escapes', async () => {
    const l = await locals();
    expect(plainValue(child(l, 'heredoc'))).toBe('  keeps indentation\n    and \\n backslashes ${x}\n');
    expect(plainValue(child(l, 'indented'))).toBe('stripped\n  two more\n');
    expect(plainValue(child(l, 'empty_heredoc'))).toBe('');
    const crlf = await body('a = <<EOT\r\n  x\r\nEOT\r\nb = "c"\r\n');
    expect(plainValue(child(crlf, 'a'))).toBe('  x\r\n');
    expect(child(crlf, 'b')).toMatchObject({ value: 'c', range: range(4, 5, 4, 8) });
  });

  it('keeps expressions as source text, with `ref` for a lone reference', async () => {
    const l = await locals();
    expect(child(l, 'interpolated')).toMatchObject({ type: 'expr', text: '"demo-${var.env}"' });
    expect(child(l, 'interpolated')).not.toHaveProperty('ref');
    expect(child(l, 'lone_ref')).toMatchObject({ type: 'expr', text: '"${var.env}"', ref: 'var.env' });
    expect(child(l, 'call')).toMatchObject({ type: 'expr', text: 'jsonencode({ a = 1 })' });
    expect(child(l, 'conditional')).toMatchObject({ type: 'expr', text: 'var.env == "prod" ? 1 : 0' });
    expect(child(l, 'conditional')).not.toHaveProperty('ref');
    const refs = await body('a = var.x\nb = local.y.z\nc = aws_kms_key.k.arn\nd = var.l[0]\ne = var.m["k"]\nf = var.l.0\ng = var.l[*].id\nh = (var.x)\n');
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => (child(refs, k) as { ref?: string }).ref)).toEqual([
      'var.x',
      'local.y.z',
      'aws_kms_key.k.arn',
      'var.l[0]',
      'var.m["k"]',
      'var.l[0]',
      undefined,
      undefined,
    ]);
  });

  it('treats an object with a computed key as an expression', async () => {
    const parsed = await body('a = { (var.k) = 1 }\nb = { "${var.k}" = 1 }\n');
    expect(child(parsed, 'a')).toMatchObject({ type: 'expr' });
    expect(child(parsed, 'b')).toMatchObject({ type: 'expr' });
  });

  it('reads an empty file and a comment-only file as an empty body', async () => {
    expect(await body('')).toMatchObject({ type: 'map', entries: [] });
    expect(await body('# nothing here\n')).toMatchObject({ type: 'map', entries: [] });
  });
});

describe('parseHcl syntax errors', () => {
  it("reports the first error at HCL's position with HCL's message", async () => {
    const { body: parsed, problems } = await parseHcl('a = 1\nb = \nc = 3\n');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ruleId: 'parse-error', severity: 'error', range: range(2, 5, 3, 1) });
    expect(problems[0]?.message).toMatch(/^Invalid expression: Expected the start of an expression/);
    // What parsed before the error is still there.
    expect(plainValue(child(parsed, 'a'))).toBe(1);
  });

  it('converts HCL columns (characters) to UTF-16 columns', async () => {
    // HCL says column 10 (characters); "😀" is two UTF-16 code units.
    const { problems } = await parseHcl('a = "é😀" = 1\nb = 2\n');
    expect(problems[0]).toMatchObject({ range: range(1, 11, 1, 12) });
    expect(problems[0]?.message).toMatch(/^Missing newline after argument/);
  });

  it('keeps the rest of a file after a broken block', async () => {
    const src = 'resource "a" "b" {\n  x = 1 +\n}\nresource "aws_eks_cluster" "ok" {\n  name = "fine"\n}\n';
    const { body: parsed, problems } = await parseHcl(src);
    expect(problems[0]).toMatchObject({ severity: 'error', range: range(2, 10, 3, 1) });
    const cluster = children(parsed, 'resource').find((r) => r.type === 'map' && r.labels?.[1] === 'ok');
    expect(plainValue(child(cluster, 'name'))).toBe('fine');
  });

  it("falls back to tree-sitter's position when hcl2json cannot tell", async () => {
    vi.resetModules();
    vi.doMock('../src/parse/hcl-diagnostics.js', () => ({ hclDiagnostic: () => Promise.resolve(undefined) }));
    try {
      const fresh = await import('../src/parse/hcl.js');
      const { problems } = await fresh.parseHcl('x {\n  a = 1\n');
      expect(problems).toEqual([{ ruleId: 'parse-error', severity: 'error', message: 'Syntax error: expected "}".', range: range(3, 1, 3, 1) }]);
    } finally {
      vi.doUnmock('../src/parse/hcl-diagnostics.js');
      vi.resetModules();
    }
  });

  it('warns, rather than errs, where HCL accepts what tree-sitter cannot read', async () => {
    // The grammar wants a fraction before an exponent; HCL does not.
    const { problems } = await parseHcl('a = 1e5\n');
    expect(problems).toEqual([
      {
        ruleId: 'parse-error',
        severity: 'warning',
        message: 'eks-lint cannot read this construct (unexpected "e5"), which Terraform accepts; settings in it are not checked.',
        range: range(1, 6, 1, 8),
      },
    ]);
  });

  it('never throws on garbage', async () => {
    const inputs = [
      '\u0000\u0001\u0002binary\u0000\uFFFD',
      'a = "\u0000"\n',
      '\uD800 = 1\n',
      '}}}}{{{{',
      '"unterminated',
      'a = <<EOT\nno end marker\n',
      Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
    ];
    for (const input of inputs) {
      const result = await parseHcl(input);
      expect(result.body.type).toBe('map');
      expect(result.problems.length).toBeGreaterThan(0);
      expect(result.problems[0]).toMatchObject({ ruleId: 'parse-error' });
    }
  });

  it('cuts very deep nesting off with a problem instead of overflowing the stack', async () => {
    const deep = 100_000;
    const balanced = await parseHcl(`a = ${'['.repeat(deep)}${']'.repeat(deep)}\nb = 1\n`);
    expect(balanced.problems).toHaveLength(1);
    // A warning: the value is unknown, the rest of the file is judged.
    expect(balanced.problems[0]).toMatchObject({ ruleId: 'analysis-limit', severity: 'warning', range: { line: 1 } });
    expect(balanced.problems[0]?.message).toContain(`deeper than ${MAX_HCL_NESTING}`);
    expect(plainValue(child(balanced.body, 'b'))).toBe(1);
    const blocks = await parseHcl(`${'a {\n'.repeat(1000)}${'}\n'.repeat(1000)}`);
    expect(blocks.problems).toHaveLength(1);
    expect(blocks.problems[0]?.message).toContain(`deeper than ${MAX_HCL_NESTING}`);
    // Too deep for HashiCorp's parser (its runtime would die): tree-sitter's message instead.
    const unclosed = await parseHcl(`a = ${'['.repeat(deep)}`);
    expect(unclosed.problems[0]).toMatchObject({ ruleId: 'parse-error', severity: 'error' });
    expect(unclosed.problems[0]?.message).toMatch(/^Syntax error: /);
    const later = await parseHcl('a = 1\nb = \n');
    expect(later.problems[0]?.message).toMatch(/^Invalid expression: /);
  });
});

describe('terraformJsonToBody', () => {
  function jsonBody(text: string): PMap {
    const [root] = parseYaml(text).documents;
    if (!root) throw new Error('no document');
    return terraformJsonToBody(root);
  }

  it('gives the same shape as HCL: labelled blocks, nested blocks from objects or arrays', async () => {
    const json = jsonBody(readFileSync(join(FIXTURES, 'cluster.tf.json'), 'utf8'));
    expect(json.entries.map((e) => e.key)).toEqual(['variable', 'resource']);
    const resource = entryOf(json, 'resource');
    expect(resource.value).toMatchObject({ block: true, labels: ['aws_eks_cluster', 'json'] });
    // The header runs from the innermost label's key to the body's opening brace.
    expect(resource.keyRange).toEqual(range(8, 7, 8, 16));
    const cluster = resource.value;
    expect(child(cluster, 'vpc_config')).toMatchObject({ type: 'map', block: true, labels: [] });
    expect(child(child(cluster, 'encryption_config'), 'provider')).toMatchObject({ type: 'map', block: true });
    expect(plainValue(at(cluster, 'encryption_config', 'provider', 'key_arn'))).toBe('arn:aws:kms:eu-west-1:123456789012:key/abc');
    expect(child(cluster, 'tags')).toMatchObject({ type: 'map' });
    expect((child(cluster, 'tags') as PMap).block).toBeUndefined();

    const hcl = await body('variable "public" {\n  default = true\n}\n');
    expect(plainValue(child(entryOf(json, 'variable').value, 'default'))).toEqual(plainValue(child(child(hcl, 'variable'), 'default')));
    expect(entryOf(json, 'variable').value).toMatchObject({ labels: ['public'] });
  });

  it('makes template strings expressions, with ref for a lone reference', () => {
    const cluster = child(jsonBody(readFileSync(join(FIXTURES, 'cluster.tf.json'), 'utf8')), 'resource');
    expect(child(cluster, 'role_arn')).toMatchObject({ type: 'expr', text: '${aws_iam_role.eks.arn}', ref: 'aws_iam_role.eks.arn' });
    expect(at(cluster, 'vpc_config', 'endpoint_public_access')).toMatchObject({ type: 'expr', ref: 'var.public', range: range(13, 37, 13, 52) });
    expect(at(cluster, 'enabled_cluster_log_types', 1)).toMatchObject({ type: 'expr', ref: 'var.extra' });
    expect(plainValue(at(cluster, 'tags', 'Escaped'))).toBe('${not-a-template}');
    const mixed = child(jsonBody('{"locals": {"a": "x-${var.y}", "b": "%{if true}y%{endif}"}}'), 'locals');
    expect(child(mixed, 'a')).toMatchObject({ type: 'expr' });
    expect(child(mixed, 'a')).not.toHaveProperty('ref');
    expect(child(mixed, 'b')).toMatchObject({ type: 'expr' });
  });

  it('expands arrays of bodies, keeps module arguments and provider references as arguments', () => {
    const parsed = jsonBody(
      JSON.stringify({
        provider: { aws: [{ region: 'eu-west-1' }, { alias: 'us', region: 'us-east-1' }] },
        module: { eks: { source: 'x', vpc_config: { a: 1 } } },
        resource: { aws_eks_cluster: { c: { provider: 'aws.us', dynamic: { encryption_config: { for_each: '${var.k}', content: { resources: ['secrets'] } } } } } },
      }),
    );
    expect(children(parsed, 'provider')).toHaveLength(2);
    expect((child(child(parsed, 'module'), 'vpc_config') as PMap).block).toBeUndefined();
    const cluster = child(parsed, 'resource');
    expect(child(cluster, 'provider')).toMatchObject({ type: 'scalar', value: 'aws.us' });
    expect(child(cluster, 'dynamic')).toMatchObject({ block: true, labels: ['encryption_config'] });
    expect(at(cluster, 'dynamic', 'content')).toMatchObject({ block: true });
  });
});

/**
 * Our HCL values in hcl2json's output shape: blocks as arrays under their labels, strings with
 * `${`/`%{` escaped as in Terraform JSON. Expressions are not compared (hcl2json gives their text).
 */
const EXPRESSION = Symbol('expression');

function toHcl2JsonShape(node: PNode): unknown {
  switch (node.type) {
    case 'scalar':
      return typeof node.value === 'string' ? node.value.replace(/[$%]\{/g, (m) => `${m[0]}${m}`) : node.value;
    case 'expr':
      return EXPRESSION;
    case 'seq':
      return node.items.map(toHcl2JsonShape);
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const e of node.entries) {
        if (e.value.type !== 'map' || !e.value.block) {
          out[e.key] = toHcl2JsonShape(e.value);
          continue;
        }
        let container = out;
        let key = e.key;
        for (const label of e.value.labels ?? []) {
          container = (container[key] ??= {}) as Record<string, unknown>;
          key = label;
        }
        ((container[key] ??= []) as unknown[]).push(toHcl2JsonShape({ ...e.value, block: false }));
      }
      return out;
    }
  }
}

function differences(ours: unknown, theirs: unknown, path = ''): string[] {
  if (ours === EXPRESSION) return [];
  if (Array.isArray(ours)) {
    if (!Array.isArray(theirs) || theirs.length !== ours.length) return [`${path}: ${JSON.stringify(ours)} ≠ ${JSON.stringify(theirs)}`];
    return ours.flatMap((item, i) => differences(item, theirs[i], `${path}[${i}]`));
  }
  if (ours !== null && typeof ours === 'object') {
    if (theirs === null || typeof theirs !== 'object') return [`${path}: object ≠ ${JSON.stringify(theirs)}`];
    const keys = Object.keys(ours).sort();
    const theirKeys = Object.keys(theirs).sort();
    if (keys.join('\n') !== theirKeys.join('\n')) return [`${path}: keys ${keys.join(',')} ≠ ${theirKeys.join(',')}`];
    return keys.flatMap((k) => differences((ours as Record<string, unknown>)[k], (theirs as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return Object.is(ours, theirs) ? [] : [`${path}: ${JSON.stringify(ours)} ≠ ${JSON.stringify(theirs)}`];
}

/** Differences between our reading of `file` and HCL's, including disagreement on whether it parses. */
async function compareWithHcl2Json(file: string): Promise<string[]> {
  const src = readFileSync(file, 'utf8');
  const ours = await parseHcl(src);
  let theirs: unknown;
  try {
    theirs = await hcl2json('input.tf', src);
  } catch {
    return ours.problems.some((p) => p.severity === 'error') ? [] : [`${file}: HCL rejects it, eks-lint reports no error`];
  }
  if (ours.problems.length > 0) return [`${file}: HCL accepts it, eks-lint reports ${ours.problems[0]?.message}`];
  return differences(toHcl2JsonShape(ours.body), theirs).map((d) => `${file}${d}`);
}

function hclFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.(tf|tfvars)$/.test(f))
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .sort();
}

describe('agreement with hcl2json (HashiCorp HCL)', () => {
  it('has the same literal values on every fixture, and agrees on which ones parse', async () => {
    const files = hclFiles(join(import.meta.dirname, '../fixtures'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(await compareWithHcl2Json(file)).toEqual([]);
  });

  it.skipIf(!existsSync(CORPUS))('has the same literal values on every corpus file', async () => {
    const diffs: string[] = [];
    for (const file of hclFiles(CORPUS)) diffs.push(...(await compareWithHcl2Json(file)));
    expect(diffs).toEqual([]);
  });
});
