import {
  Composer,
  isScalar,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type Tags,
} from 'yaml';

type Token = CST.Token;
import { PARSE_ERROR, type Problem, type Severity } from '../model/finding.js';
import { FILE_START } from '../model/range.js';
import type { PNode } from '../model/tree.js';
import { cfnCustomTags } from './cfn-tags.js';
import { MAX_CLOSE_WORK, scanYamlShape } from './yaml-guard.js';
import { LimitError, MAX_DEPTH, YamlTreeBuilder } from './yaml-tree.js';

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
 * Syntax errors recorded per file. yaml records every error of a document, at about 12 µs each,
 * and garbage has one every byte or two (400 KB of `{}` take 6 s); only the first is reported.
 */
export const MAX_ERRORS = 1000;

type ErrorSource = number | [number, number] | { offset: number; source?: string };
type OnError = (source: ErrorSource, code: string, message: string, warning?: boolean) => void;

/** Raised out of the parser once a file has too many errors; carries the first one. */
class TooManyErrors extends Error {
  constructor(readonly first: { offset: number; message: string }) {
    super(`More than ${MAX_ERRORS} syntax errors`);
  }
}

/** Counts a file's errors, remembering the first of the current document. */
class ErrorBudget {
  private count = 0;
  private first: { offset: number; message: string } | undefined;

  note(offset: number, message: string): void {
    this.first ??= { offset, message };
    if (++this.count > MAX_ERRORS) throw new TooManyErrors(this.first);
  }

  nextDocument(): void {
    this.first = undefined;
  }

  /** The parser's error tokens (stray `}` and the like), which the composer records directly. */
  *tokens(tokens: Generator<Token>): Generator<Token> {
    for (const token of tokens) {
      if (token.type === 'error') this.note(token.offset, token.message);
      yield token;
    }
  }

  /**
   * The composer's errors, through its error callback: an internal of yaml 2, checked by
   * test/hardening-bounds.test.ts (without it, only the parser's error tokens are counted).
   */
  watch(composer: Composer): void {
    const hook = composer as unknown as { onError?: OnError };
    const original = hook.onError;
    if (typeof original !== 'function') return;
    hook.onError = (source, code, message, warning) => {
      if (!warning) this.note(typeof source === 'number' ? source : Array.isArray(source) ? source[0] : source.offset, message);
      original(source, code, message, warning);
    };
  }
}

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
  // Checked by the tree builder instead (yaml-tree.ts): yaml's own check is quadratic in map size.
  uniqueKeys: false,
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
  // Shapes that make the yaml package slow or its errors depend on the stack left (yaml-guard.ts).
  // A refused file reads as one document that has errors.
  const shape = scanYamlShape(source);
  if (shape.depth > MAX_DEPTH) {
    return { documents: [null], problems: [limitProblem(`Nesting deeper than ${MAX_DEPTH} levels: this file is not analysed`, lineStart(shape.depthLine))] };
  }
  if (shape.closeWork > MAX_CLOSE_WORK) {
    const message =
      'Not analysed: deep nesting closed after a long run of blank or comment lines, which would take the YAML parser minutes ' +
      `(about ${shape.closeWork} steps; the limit is ${MAX_CLOSE_WORK})`;
    return { documents: [null], problems: [limitProblem(message, lineStart(shape.closeLine))] };
  }
  // parseAllDocuments, one document at a time, so that reading can stop at the limit.
  const composer = new Composer(OPTIONS);
  const errors = new ErrorBudget();
  errors.watch(composer);
  const stream = composer.compose(errors.tokens(new Parser(lineCounter.addNewLine).parse(source)));
  for (;;) {
    let next: IteratorResult<Document.Parsed, void>;
    try {
      next = stream.next();
    } catch (error) {
      if (error instanceof TooManyErrors) {
        const { line, col } = lineCounter.linePos(error.first.offset);
        const message = `${error.first.message} (and more than ${MAX_ERRORS} errors: the rest of the file is not analysed)`;
        result.documents.push(null);
        result.problems.push(limitProblem(message, { line, column: col, endLine: line, endColumn: col + 1 }));
      } else {
        result.problems.push(problem(`Cannot parse YAML: ${describe(error)}`, FILE_START));
      }
      break;
    }
    errors.nextDocument();
    if (next.done) break;
    if (result.documents.length === MAX_DOCUMENTS) {
      const { line, col } = lineCounter.linePos(next.value.range[0]);
      const at = { line, column: col, endLine: line, endColumn: col };
      result.problems.push(limitProblem(`More than ${MAX_DOCUMENTS} documents in one file: the documents from here on are not analysed`, at));
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
    // Stack exhaustion is left out of the count: how often it happens depends on the stack left.
    const others = doc.errors.filter((e) => e !== fatal && e.code !== 'RESOURCE_EXHAUSTION').length;
    const more = others > 0 ? ` (and ${others} more errors in this document)` : '';
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
    problems.push(error instanceof LimitError ? limitProblem(error.message, error.range) : problem(describe(error), builder.range(doc.range[0], doc.range[1])));
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

function lineStart(line: number): Problem['range'] {
  return { line, column: 1, endLine: line, endColumn: 1 };
}

/** Problems of a limit eks-lint sets (size, depth, aliases, documents, errors), as opposed to syntax errors. */
const LIMIT_PROBLEMS = new WeakSet<Problem>();

/**
 * Whether a problem says that part of the file was not read because of a limit. Such a problem is
 * reported even for a file of no supported format: what was not read could have been one.
 */
export function isLimitProblem(problem: Problem): boolean {
  return LIMIT_PROBLEMS.has(problem);
}

function limitProblem(message: string, range: Problem['range']): Problem {
  const limit = problem(message, range);
  LIMIT_PROBLEMS.add(limit);
  return limit;
}

function problem(message: string, range: Problem['range'], severity: Severity = 'error'): Problem {
  return { ruleId: PARSE_ERROR, severity, message, range };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
