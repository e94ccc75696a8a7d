/**
 * The user data of a Terraform launch template or launch configuration as located text: what the
 * evaluator computed (a heredoc, a string, `base64encode(...)`, a `templatefile` whose variables
 * are known), or, when part of it cannot be known, the template as written with each unknown
 * interpolation standing for an unknown span, so that the flags around it are still read.
 * `filebase64` / `file` / `templatefile` of a file inside the scanned folders are read through the
 * bounded reader of the module stage. Text written in the `.tf` file (a heredoc) is placed line by
 * line against the file, so a finding lands on the flag; anything else is located at the argument.
 */
import { posix, resolve } from 'node:path';
import type { HclExpr, TemplatePart } from '../../model/hcl-expr.js';
import type { Range } from '../../model/range.js';
import type { PEntry } from '../../model/tree.js';
import { parseTemplateSync } from '../../parse/hcl.js';
import { entryRange } from '../plain.js';
import { HOLE, LocatedText } from '../userdata/located-text.js';
import { base64Text, MAX_USER_DATA_CHARS } from '../userdata/parts.js';

/** What the adapter may read besides the block: the scanned files, through the module stage's reader. */
export interface TerraformFiles {
  /** A file of the scan by path, or undefined when it may not be read (outside the scan, too large). */
  read(file: string): string | undefined;
  /** The root module's folder: Terraform resolves relative paths from it. */
  rootDir: string;
  /** `path.module` of the module being read, relative to the root module. */
  pathModule: string;
}

export function terraformUserData(e: PEntry, file: string, files: TerraformFiles | undefined): LocatedText | undefined {
  const at = entryRange(e);
  const value = e.value;
  const outerLines = files?.read(file)?.split('\n');
  if (value.type === 'scalar') {
    if (typeof value.value !== 'string' || value.value.length > MAX_USER_DATA_CHARS) return undefined;
    // `base64encode(<<EOT ... EOT)` is evaluated to base64: its text may still be the heredoc's.
    const decoded = base64Text(value.value);
    if (decoded === null) return undefined;
    return written(decoded ?? value.value, value.range, at, outerLines);
  }
  if (value.type !== 'expr' || !value.ast) return undefined;
  const text = partialText(value.ast, files, 0);
  return text === undefined ? undefined : written(text, value.range, at, outerLines);
}

/**
 * Text that may be written in the file (a heredoc: its lines follow the line where the value
 * starts), placed line by line; text that spans fewer lines than it has cannot be written there.
 */
function written(text: string, valueRange: Range, at: Range, outerLines: readonly string[] | undefined): LocatedText {
  const lines = text.replace(/\n$/, '').split('\n').length;
  if (valueRange.endLine - valueRange.line < lines) return LocatedText.unplaced(text, at);
  return LocatedText.written(text, at, valueRange.line + 1, outerLines);
}

const MAX_DEPTH = 8;

/**
 * The text an expression stands for, with `HOLE` for what cannot be known: templates as written,
 * `base64encode` of one, and the files read by `file`, `filebase64` and `templatefile`.
 */
function partialText(ast: HclExpr, files: TerraformFiles | undefined, depth: number): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (ast.k) {
    case 'lit':
      return typeof ast.v === 'string' ? ast.v : undefined;
    case 'tpl':
      return templateText(ast.parts);
    case 'call': {
      const [first] = ast.args;
      if (first === undefined || ast.expand) return undefined;
      if (ast.name === 'base64encode' || ast.name === 'trimspace' || ast.name === 'chomp') return partialText(first, files, depth + 1);
      if (ast.name === 'file' || ast.name === 'filebase64') return fileText(first, files);
      if (ast.name === 'templatefile') {
        const template = fileText(first, files);
        const parsed = template === undefined ? undefined : parseTemplateSync(template);
        return parsed === undefined ? undefined : partialText(parsed, undefined, depth + 1);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A template's literal parts; every interpolation and directive stands for an unknown span. */
function templateText(parts: readonly TemplatePart[]): string {
  const text = parts.map((part) => (typeof part === 'string' ? part : HOLE)).join('');
  return text.length > MAX_USER_DATA_CHARS ? text.slice(0, MAX_USER_DATA_CHARS + 1) : text;
}

/** A file named by a literal path or `"${path.module}/..."`, read only inside the scanned folders. */
function fileText(path: HclExpr, files: TerraformFiles | undefined): string | undefined {
  if (files === undefined) return undefined;
  const written = pathOf(path, files);
  if (written === undefined) return undefined;
  const text = files.read(resolve(files.rootDir, written));
  return text !== undefined && text.length <= MAX_USER_DATA_CHARS ? text : undefined;
}

function pathOf(path: HclExpr, files: TerraformFiles): string | undefined {
  if (path.k === 'lit') return typeof path.v === 'string' ? path.v : undefined;
  if (path.k !== 'tpl') return undefined;
  let out = '';
  for (const part of path.parts) {
    if (typeof part === 'string') out += part;
    else if (part.k === 'interp' && part.x.k === 'attr' && part.x.of.k === 'var' && part.x.of.name === 'path') {
      if (part.x.name === 'module') out += files.pathModule;
      else if (part.x.name === 'root' || part.x.name === 'cwd') out += '.';
      else return undefined;
    } else return undefined;
  }
  return posix.normalize(out);
}
