import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { at, type PMap, type PNode, type PSeq } from '../src/model/tree.js';
import { toPlain } from '../src/normalize/plain.js';
import { CFN_INTRINSICS } from '../src/parse/cfn-tags.js';
import { MAX_ALIAS_NODES } from '../src/parse/yaml-tree.js';
import { parseYaml } from '../src/parse/yaml.js';
import { rangeOf } from './helpers/source-range.js';

/** The single document of a source that must parse cleanly. */
function parseOne(source: string): PNode {
  const { documents, problems } = parseYaml(source);
  expect(problems).toEqual([]);
  expect(documents).toHaveLength(1);
  const [doc] = documents;
  if (!doc) throw new Error('no document');
  return doc;
}

function plain(node: PNode | null | undefined): unknown {
  return node ? toPlain(node, '', {}) : node;
}

function entryOf(node: PNode | undefined, key: string) {
  if (node?.type !== 'map') throw new Error(`not a map: ${JSON.stringify(node)}`);
  const e = node.entries.find((x) => x.key === key);
  if (!e) throw new Error(`no ${key}`);
  return e;
}

describe('positions', () => {
  it('locates keys and values of block style by line and column, end exclusive', () => {
    const source = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  labels:\n    app: shop\n';
    const doc = parseOne(source);
    expect(entryOf(doc, 'kind').keyRange).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 5 });
    expect(entryOf(doc, 'kind').value.range).toEqual({ line: 2, column: 7, endLine: 2, endColumn: 10 });
    const name = entryOf(at(doc, 'metadata'), 'name');
    expect(name.keyRange).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 7 });
    expect(name.value.range).toEqual({ line: 4, column: 9, endLine: 4, endColumn: 12 });
    expect(at(doc, 'metadata', 'labels', 'app')?.range).toEqual(rangeOf(source, 'shop'));
    // A block collection ends at its last character, not at the next line.
    expect(at(doc, 'metadata')?.range).toEqual({ line: 4, column: 3, endLine: 6, endColumn: 14 });
  });

  it('locates keys and values of flow style', () => {
    const source = 'a: {b: 1, "c": [x, \'y\', {d: true}]}\n';
    const doc = parseOne(source);
    const a = entryOf(doc, 'a');
    expect(a.value.range).toEqual({ line: 1, column: 4, endLine: 1, endColumn: 36 });
    expect(entryOf(a.value, 'c').keyRange).toEqual(rangeOf(source, '"c"'));
    expect(at(doc, 'a', 'c', 0)?.range).toEqual(rangeOf(source, 'x'));
    expect(at(doc, 'a', 'c', 1)?.range).toEqual(rangeOf(source, "'y'"));
    expect(entryOf(at(doc, 'a', 'c', 2), 'd').keyRange).toEqual({ line: 1, column: 26, endLine: 1, endColumn: 27 });
    expect(at(doc, 'a', 'c', 2, 'd')?.range).toEqual(rangeOf(source, 'true'));
  });

  it('locates block scalars without their trailing line breaks', () => {
    const source = 'script: |\n  echo one\n  echo two\n\nnext: 1\n';
    const doc = parseOne(source);
    expect(at(doc, 'script')?.range).toEqual({ line: 1, column: 9, endLine: 3, endColumn: 11 });
    expect(entryOf(doc, 'next').keyRange).toEqual(rangeOf(source, 'next'));
  });

  it('counts lines of every document of a stream from the start of the file', () => {
    const source = 'kind: A\n---\n# comment\nkind: B\n---\nkind: C\n';
    const { documents, problems } = parseYaml(source);
    expect(problems).toEqual([]);
    expect(documents.map(plain)).toEqual([{ kind: 'A' }, { kind: 'B' }, { kind: 'C' }]);
    expect(documents[1]?.type === 'map' && documents[1].entries[0]?.keyRange).toEqual({ line: 4, column: 1, endLine: 4, endColumn: 5 });
    expect(at(documents[2] ?? undefined, 'kind')?.range).toEqual({ line: 6, column: 7, endLine: 6, endColumn: 8 });
  });

  it('locates JSON keys (with their quotes) and values', () => {
    const source = readFileSync('fixtures/parse/yaml/positions.json', 'utf8');
    const doc = parseOne(source);
    const resource = entryOf(at(doc, 'Resources'), 'Cluster');
    expect(resource.keyRange).toEqual(rangeOf(source, '"Cluster"'));
    expect(resource.keyRange.line).toBe(4);
    expect(resource.keyRange.column).toBe(5);
    expect(at(doc, 'Resources', 'Cluster', 'Type')?.range).toEqual(rangeOf(source, '"AWS::EKS::Cluster"'));
    expect(at(doc, 'Resources', 'Cluster', 'Properties', 'ResourcesVpcConfig', 'EndpointPublicAccess')?.range).toEqual(rangeOf(source, 'true'));
    expect(at(doc, 'Resources', 'Cluster', 'Properties', 'ResourcesVpcConfig', 'PublicAccessCidrs', 1)?.range).toEqual(rangeOf(source, '"198.51.100.0/24"'));
    // Tab-indented lines count a tab as one column, as editors' column numbers do.
    expect(entryOf(at(doc, 'Resources', 'Cluster', 'Properties'), 'Tabbed').keyRange).toEqual(rangeOf(source, '"Tabbed"'));
    expect(rangeOf(source, '"Tabbed"').column).toBe(4);
  });

  it('reads JSON exactly as JSON.parse does', () => {
    const source = readFileSync('fixtures/parse/yaml/positions.json', 'utf8');
    expect(plain(parseOne(source))).toEqual(JSON.parse(source));
    const tricky = '{"a":1,"b":-0.5e3,"c":"\\u00e9\\n\\/","d":[true,false,null],"e":{},"f":[],"g":"0644","h":"yes","i":1E2}';
    expect(plain(parseOne(tricky))).toEqual(JSON.parse(tricky));
  });

  it('counts columns in UTF-16 code units and ignores a byte-order mark', () => {
    const source = '\uFEFFname: "😀"\nnext: é\n';
    const doc = parseOne(source);
    expect(entryOf(doc, 'name').keyRange).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 5 });
    expect(at(doc, 'name')?.range).toEqual({ line: 1, column: 7, endLine: 1, endColumn: 11 });
    expect(at(doc, 'next')?.range).toEqual({ line: 2, column: 7, endLine: 2, endColumn: 8 });
  });
});

describe('scalars are read as Kubernetes, CloudFormation and eksctl read them (YAML 1.1)', () => {
  it('reads 1.1 booleans and octals, but keeps timestamps, sexagesimals, binary and y/n as written', () => {
    const doc = parseOne('a: yes\nb: off\nc: 0644\nd: 2024-01-02\ne: 1:20\nf: y\ng: N\nh: !!binary aGk=\ni: 0x1F\nj: "yes"\n');
    expect(plain(doc)).toEqual({ a: true, b: false, c: 420, d: '2024-01-02', e: '1:20', f: 'y', g: 'N', h: 'aGk=', i: 31, j: 'yes' });
  });

  it('keeps map keys as strings', () => {
    expect(plain(parseOne('1: a\ntrue: b\nnull: c\n'))).toEqual({ 1: 'a', true: 'b', null: 'c' });
  });
});

describe('CloudFormation short-form tags', () => {
  const longForm = (name: string) => (name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`);

  it('covers the package catalogue and what it lacks', () => {
    const packageTags = createRequire(import.meta.url)('cloudformation-js-yaml-schema/tags.json') as Record<string, string[]>;
    for (const name of Object.values(packageTags).flat()) expect(CFN_INTRINSICS).toContain(name);
    for (const name of ['Ref', 'Condition', 'Sub', 'GetAtt', 'If', 'Join', 'Select', 'Split', 'FindInMap', 'Base64', 'Cidr', 'GetAZs', 'ImportValue', 'Equals', 'And', 'Or', 'Not', 'Transform', 'Length', 'ToJsonString', 'ForEach']) {
      expect(CFN_INTRINSICS).toContain(name);
    }
  });

  it.each(CFN_INTRINSICS.map((name) => [name]))('converts !%s in scalar, sequence and mapping shape to its long form', (name) => {
    const source = `scalar: !${name} value\nseq: !${name} [first, second]\nblockSeq: !${name}\n  - c\nmap: !${name} {k: v}\n`;
    const doc = parseOne(source);
    const key = longForm(name);
    expect(plain(at(doc, 'seq'))).toEqual({ [key]: ['first', 'second'] });
    expect(plain(at(doc, 'blockSeq'))).toEqual({ [key]: ['c'] });
    expect(plain(at(doc, 'map'))).toEqual({ [key]: { k: 'v' } });
    expect(plain(at(doc, 'scalar'))).toEqual({ [key]: 'value' });
    // The synthetic key sits on the tag; the long-form map spans tag and value.
    const seq = at(doc, 'seq') as PMap;
    expect(seq.entries[0]?.keyRange).toEqual(rangeOf(source, `!${name}`, 2));
    expect(seq.range).toEqual(rangeOf(source, `!${name} [first, second]`));
    expect(at(doc, 'seq', key, 1)?.range).toEqual(rangeOf(source, 'second'));
    expect(seq.tag).toBeUndefined();
  });

  it('turns !Ref and !Condition into {Ref} and {Condition}, and others into Fn::', () => {
    const doc = parseOne('a: !Ref Param\nb: !Condition IsProd\nc: !Sub "${AWS::Region}-x"\n');
    expect(plain(doc)).toEqual({ a: { Ref: 'Param' }, b: { Condition: 'IsProd' }, c: { 'Fn::Sub': '${AWS::Region}-x' } });
  });

  it('splits !GetAtt a.b at the first dot, each part at its own position', () => {
    const source = 'a: !GetAtt Key.Arn\nb: !GetAtt "Db.Endpoint.Address"\nc: !GetAtt [Key, Arn]\n';
    const doc = parseOne(source);
    expect(plain(doc)).toEqual({
      a: { 'Fn::GetAtt': ['Key', 'Arn'] },
      b: { 'Fn::GetAtt': ['Db', 'Endpoint.Address'] },
      c: { 'Fn::GetAtt': ['Key', 'Arn'] },
    });
    expect(at(doc, 'a', 'Fn::GetAtt', 0)?.range).toEqual(rangeOf(source, 'Key'));
    expect(at(doc, 'a', 'Fn::GetAtt', 1)?.range).toEqual(rangeOf(source, 'Arn'));
    expect(at(doc, 'b', 'Fn::GetAtt', 1)?.range).toEqual(rangeOf(source, 'Endpoint.Address'));
  });

  it('converts nested tags, tags on their own line and tags in flow collections', () => {
    const source = 'Value: !If\n  - HasKey\n  - !GetAtt Key.Arn\n  - !Ref "AWS::NoValue"\nList: [!Ref A, !Join ["", [!Ref B, x]]]\n';
    const doc = parseOne(source);
    expect(plain(doc)).toEqual({
      Value: { 'Fn::If': ['HasKey', { 'Fn::GetAtt': ['Key', 'Arn'] }, { Ref: 'AWS::NoValue' }] },
      List: [{ Ref: 'A' }, { 'Fn::Join': ['', [{ Ref: 'B' }, 'x']] }],
    });
    expect((at(doc, 'Value') as PMap).entries[0]?.keyRange).toEqual(rangeOf(source, '!If'));
    expect((at(doc, 'Value', 'Fn::If', 2) as PMap).entries[0]?.keyRange).toEqual(rangeOf(source, '!Ref'));
  });

  it('keeps an unknown tag as a warning and on the map it tags', () => {
    const { documents, problems } = parseYaml('a: !Custom {b: 1}\n');
    expect(problems).toEqual([{ ruleId: 'parse-error', severity: 'warning', message: 'Unresolved tag: !Custom', range: { line: 1, column: 4, endLine: 1, endColumn: 11 } }]);
    expect((at(documents[0] ?? undefined, 'a') as PMap).tag).toBe('!Custom');
  });
});

describe('aliases and merge keys', () => {
  it('expands aliases with the positions of the anchored values', () => {
    const source = 'base: &b {image: nginx}\ncopy: *b\n';
    const doc = parseOne(source);
    expect(plain(doc)).toEqual({ base: { image: 'nginx' }, copy: { image: 'nginx' } });
    expect(at(doc, 'copy', 'image')?.range).toEqual(rangeOf(source, 'nginx'));
    expect(at(doc, 'copy')).not.toBe(at(doc, 'base'));
  });

  it('merges << keys: own keys win, then earlier sources', () => {
    const doc = parseOne('a: &a {x: 1, y: 1}\nb: &b {x: 2, z: 2}\nc:\n  <<: [*a, *b]\n  y: 3\nd:\n  <<: *a\n');
    expect(plain(at(doc, 'c'))).toEqual({ y: 3, x: 1, z: 2 });
    expect(plain(at(doc, 'd'))).toEqual({ x: 1, y: 1 });
  });

  it('reports an unresolved alias and keeps the document', () => {
    const { documents, problems } = parseYaml('a: *missing\nb: 1\n');
    expect(plain(documents[0])).toEqual({ a: null, b: 1 });
    expect(problems.map((p) => [p.message, p.range.line, p.range.column])).toEqual([['Unresolved alias *missing', 1, 4]]);
  });

  it('bounds alias expansion (billion laughs) with a positioned problem', () => {
    const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++) lines.push(`l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`);
    const started = Date.now();
    const { documents, problems } = parseYaml(lines.join('\n') + '\n---\nok: 1\n');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(documents[0]).toBeNull();
    expect(plain(documents[1])).toEqual({ ok: 1 });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain(String(MAX_ALIAS_NODES));
    expect(problems[0]?.range.line).toBeGreaterThan(1);
  });
});

describe('errors are problems, and other documents still parse', () => {
  it('reports broken YAML with its position and a message without code frame', () => {
    const source = 'kind: A\n---\nmetadata:\n  name: [unclosed\nspec: {}\n---\nkind: C\n';
    const { documents, problems } = parseYaml(source);
    expect(documents.map(plain)).toEqual([{ kind: 'A' }, null, { kind: 'C' }]);
    expect(problems).toHaveLength(1);
    const [problem] = problems;
    expect(problem).toMatchObject({ ruleId: 'parse-error', severity: 'error' });
    expect(problem?.range.line).toBe(5);
    expect(problem?.range.column).toBe(1);
    expect(problem?.message).not.toMatch(/\n|\^|at line/);
  });

  it('keeps a document with a duplicate key, with the last value, and reports it', () => {
    const source = 'a: 1\nb: 2\na: 3\n';
    const { documents, problems } = parseYaml(source);
    expect(plain(documents[0])).toEqual({ b: 2, a: 3 });
    expect(problems).toEqual([{ ruleId: 'parse-error', severity: 'error', message: 'Map keys must be unique', range: rangeOf(source, 'a', 2) }]);
    expect((documents[0] as PMap).entries.find((e) => e.key === 'a')?.keyRange.line).toBe(3);
  });

  it('reports tab indentation', () => {
    const { documents, problems } = parseYaml('a:\n\tb: 1\n');
    expect(documents).toEqual([null]);
    expect(problems[0]?.range).toMatchObject({ line: 2, column: 1 });
  });

  it('guards deep nesting without overflowing the stack', () => {
    for (const source of ['['.repeat(600) + ']'.repeat(600), '- '.repeat(600) + 'x', '['.repeat(100_000)]) {
      const { documents, problems } = parseYaml(source);
      expect(documents).toEqual([null]);
      expect(problems[0]?.severity).toBe('error');
    }
    const fine = parseYaml('['.repeat(300) + ']'.repeat(300));
    expect(fine.problems).toEqual([]);
    expect((fine.documents[0] as PSeq).type).toBe('seq');
  });

  it('never throws on garbage', () => {
    const inputs = ['', '\0', '\0\0\0binary\xff\xfe', '---\n---\n', '# only a comment\n', ':', '? ', '&a', '*a', '!!', '%YAML 1.2\n', '{', ']', '"unterminated', 'a: b: c', '\t\t\n\t', String.fromCharCode(...Array.from({ length: 512 }, (_, i) => (i * 7919) % 65536))];
    for (const input of inputs) expect(() => parseYaml(input)).not.toThrow();
    expect(parseYaml('')).toEqual({ documents: [], problems: [] });
    expect(parseYaml('---\n---\n').documents).toEqual([null, null]);
  });
});

describe('silence', () => {
  const spies: { mockRestore(): void }[] = [];
  beforeEach(() => {
    for (const method of ['log', 'warn', 'error', 'info', 'debug', 'dir', 'trace'] as const) spies.push(vi.spyOn(console, method).mockImplementation(() => undefined));
    spies.push(vi.spyOn(process.stderr, 'write').mockImplementation(() => true));
    spies.push(vi.spyOn(process.stdout, 'write').mockImplementation(() => true));
    spies.push(vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined));
  });
  afterEach(() => {
    spies.splice(0).forEach((s) => s.mockRestore());
  });

  it('prints nothing, whatever the input', () => {
    const inputs = ['a: !Unknown x\n', 'a: 1\na: 2\n', 'a: [\n', 'a:\n\tb: 1\n', '? [a, b]\n: c\n', 'x: &a [*a]\n', '<<: 1\n', '['.repeat(2000)];
    for (const input of inputs) parseYaml(input);
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});
