import { Composer, isScalar, LineCounter, Parser, type Document, type DocumentOptions, type ParseOptions, type SchemaOptions, type Tags } from 'yaml';
import { PARSE_ERROR, type Problem, type Severity } from '../model/finding.js';
import { FILE_START } from '../model/range.js';
import type { PNode } from '../model/tree.js';
import { cfnCustomTags } from './cfn-tags.js';
import { LimitError, YamlTreeBuilder } from './yaml-tree.js';

export interface YamlParseResult {
  /** One entry per document of the stream; `null` for an empty document or one that has errors. */
  documents: (PNode | null)[];
  problems: Problem[];
}

/**
 * Error codes after which the document is still usable: a duplicate key keeps its last value (see
 * yaml-tree.ts), which is what most loaders do, so the rest of the document can still be checked.
 */
const NON_FATAL_ERRORS = new Set(['DUPLICATE_KEY']);

/**
 * Documents read from one file; the rest of the stream is not even parsed. Far more than any real
 * multi-document manifest, and it bounds the work a stream of `---` lines can cause.
 */
export const MAX_DOCUMENTS = 10_000;

/**
 * Kubernetes (go-yaml via sigs.k8s.io/yaml), CloudFormation and eksctl all read YAML 1.1, where
 * `yes`/`on` are booleans, `0644` is octal and `<<` merges. Values that those loaders leave as
 * strings stay strings here: timestamps, sexagesimal numbers (`1:20`) and `!!binary`. Single-letter
 * `y`/`n` stay strings too, as in SnakeYAML and PyYAML: they are far more often coordinates or
 * flags' names than booleans.
 */
const BOOL_TESTS = { true: /^(?:[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/, false: /^(?:[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/ };

function schemaTags(tags: Tags): Tags {
  const kept: Tags = [];
  for (const tag of tags) {
    if (typeof tag === 'string') kept.push(tag);
    else if (tag.format === 'TIME' || /:(timestamp|binary)$/.test(tag.tag)) continue;
    else if (tag.tag.endsWith(':bool') && !tag.collection) kept.push({ ...tag, test: tag.identify?.(true) ? BOOL_TESTS.true : BOOL_TESTS.false });
    else kept.push(tag);
  }
  return [...kept, ...cfnCustomTags];
}

const OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'yaml-1.1',
  customTags: schemaTags,
  uniqueKeys: true,
  // Problems are returned, never printed; positions come from `pos`, so no code frames are built.
  logLevel: 'silent',
  prettyErrors: false,
};

/**
 * Parses a YAML or JSON file (JSON is YAML 1.2 flow syntax, and the 1.1 schema reads JSON's
 * scalars the same way) into positioned trees, one per document. Never throws and never logs.
 */
export function parseYaml(content: string): YamlParseResult {
  // A byte-order mark is not a column in any editor.
  const source = content.startsWith('\uFEFF') ? content.slice(1) : content;
  const lineCounter = new LineCounter();
  const result: YamlParseResult = { documents: [], problems: [] };
  // parseAllDocuments, one document at a time, so that reading can stop at the limit.
  const stream = new Composer(OPTIONS).compose(new Parser(lineCounter.addNewLine).parse(source));
  for (;;) {
    let next: IteratorResult<Document.Parsed, void>;
    try {
      next = stream.next();
    } catch (error) {
      result.problems.push(problem(`Cannot parse YAML: ${describe(error)}`, FILE_START));
      break;
    }
    if (next.done) break;
    if (result.documents.length === MAX_DOCUMENTS) {
      const { line, col } = lineCounter.linePos(next.value.range[0]);
      const at = { line, column: col, endLine: line, endColumn: col };
      result.problems.push(problem(`More than ${MAX_DOCUMENTS} documents in one file: the documents from here on are not analysed`, at));
      break;
    }
    result.documents.push(convert(next.value, source, lineCounter, result.problems));
  }
  return result;
}

function convert(doc: Document.Parsed, source: string, lineCounter: LineCounter, problems: Problem[]): PNode | null {
  const builder = new YamlTreeBuilder(source, lineCounter);
  // After the first syntax error the parser reports nearly every following token; only the first
  // says where the fix goes, so the others are counted, not listed.
  const fatal = doc.errors.find((e) => !NON_FATAL_ERRORS.has(e.code));
  if (fatal !== undefined) {
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more errors in this document)` : '';
    // yaml's composer catches its own stack overflow on deep nesting and reports it with this code.
    const message = fatal.code === 'RESOURCE_EXHAUSTION' ? `Nesting too deep to parse (${fatal.message})` : fatal.message;
    problems.push(problem(message + more, builder.range(...fatal.pos)));
    return null;
  }
  for (const error of doc.errors) problems.push(problem(error.message, builder.range(...error.pos)));
  for (const warning of doc.warnings) problems.push(problem(warning.message, builder.range(...warning.pos), 'warning'));
  if (isEmpty(doc)) return null;
  try {
    const tree = builder.build(doc.contents);
    for (const issue of builder.issues) problems.push(problem(issue.message, issue.range));
    return tree;
  } catch (error) {
    problems.push(problem(describe(error), error instanceof LimitError ? error.range : builder.range(doc.range[0], doc.range[1])));
    return null;
  }
}

/** `---` alone, or a stream of comments, is a document without content. */
function isEmpty(doc: Document.Parsed): boolean {
  const { contents } = doc;
  if (contents === null) return true;
  const [start, end] = contents.range;
  return isScalar(contents) && contents.value === null && start === end && !contents.tag && !contents.anchor;
}

function problem(message: string, range: Problem['range'], severity: Severity = 'error'): Problem {
  return { ruleId: PARSE_ERROR, severity, message, range };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
