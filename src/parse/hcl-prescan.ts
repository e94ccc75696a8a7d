/**
 * A linear pass over HCL text, before tree-sitter sees it, that finds values nested too deep for
 * the parser and blanks them out, so that a limit hit inside one value makes that value unknown
 * instead of switching off the file:
 *
 * - templates: tree-sitter's HCL scanner keeps a stack of template contexts (each `"`, `${`, `%{`
 *   and heredoc) that must fit in its 1 KB state buffer; past about 63 levels of `"${"` (which
 *   HashiCorp's parser accepts) it loses track, and error recovery swallows the rest of the file;
 * - nesting: brackets, braces, parentheses and templates deeper than MAX_HCL_NESTING cost the
 *   parser and the tree conversion time and stack for no real configuration.
 *
 * The value at the limit — the innermost interpolation, tuple, object, parenthesised expression or
 * block body around the construct that goes too deep — is replaced, character for character (line
 * breaks kept, so positions do not move), by an expression that is unknown (`x`, a reference to
 * nothing) or, for a block body, by blanks. Scanning is approximate only where it does not matter:
 * it must find where constructs open and close, as the grammar does, in text that is mostly valid.
 */

/** Values nested deeper than this are not analysed (tree conversion in hcl.ts has the same limit). */
export const MAX_HCL_NESTING = 500;

/**
 * Template contexts allowed on the scanner's stack: each costs 8 bytes plus its heredoc marker in
 * tree-sitter's 1,024-byte state buffer (and at most 127 of them), so stop at three quarters of
 * that: 48 levels of `"${"`, far beyond real configurations.
 */
export const MAX_TEMPLATE_CONTEXTS = 96;
export const MAX_TEMPLATE_STATE_BYTES = 768;

/** A value left out of the parse, by UTF-16 offsets into the text. */
export interface HclCut {
  /** First and last (exclusive) offsets of the value that was replaced. */
  start: number;
  end: number;
  limit: 'nesting' | 'templates';
}

export interface HclPrescan {
  /** The text to parse: the original when nothing was cut. */
  text: string;
  cuts: HclCut[];
}

const enum Kind {
  /** A block body or the file: statements. */
  Body,
  /** An object constructor `{}`. */
  Object,
  Bracket,
  Paren,
  /** `${ }` or `%{ }`: an expression inside a template. */
  Interpolation,
  Quoted,
  Heredoc,
}

interface Frame {
  kind: Kind;
  /** Offset of the opening delimiter. */
  open: number;
  /** Bytes this frame takes in the scanner's state (templates only). */
  cost: number;
  /** Body frames: an `=` was seen in the current statement, so a `{` opens an object. */
  inExpression: boolean;
  /** Heredoc frames: the closing marker. */
  marker?: string;
}

const NEWLINE = 10;
const HEREDOC_START = /<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/y;

function isTemplate(kind: Kind): boolean {
  return kind === Kind.Interpolation || kind === Kind.Quoted || kind === Kind.Heredoc;
}

/** A frame whose content can be replaced by an unknown value (or, for a block body, by nothing). */
function isCuttable(kind: Kind): boolean {
  return kind === Kind.Interpolation || kind === Kind.Bracket || kind === Kind.Paren || kind === Kind.Object || kind === Kind.Body;
}

class Scanner {
  private readonly stack: Frame[] = [{ kind: Kind.Body, open: -1, cost: 0, inExpression: false }];
  private templateContexts = 0;
  private templateBytes = 4;
  /** Index in `stack` of the frame being cut (everything inside it is blanked), or -1. */
  private cutting = -1;
  private cutLimit: HclCut['limit'] = 'nesting';
  readonly cuts: (HclCut & { kind: Kind })[] = [];
  private i = 0;

  constructor(private readonly text: string) {}

  private get top(): Frame {
    return this.stack[this.stack.length - 1]!;
  }

  run(): void {
    const text = this.text;
    while (this.i < text.length) {
      const kind = this.top.kind;
      if (kind === Kind.Quoted) this.quoted();
      else if (kind === Kind.Heredoc) this.heredocLine();
      else this.expression();
    }
  }

  private push(kind: Kind, open: number, marker?: string): void {
    const cost = isTemplate(kind) ? 8 + (marker?.length ?? 0) : 0;
    if (this.cutting < 0) {
      const tooDeep = this.stack.length > MAX_HCL_NESTING;
      // The scanner also gives up on a heredoc marker longer than 127 characters.
      const tooManyTemplates =
        cost > 0 &&
        (this.templateContexts + 1 > MAX_TEMPLATE_CONTEXTS || this.templateBytes + cost > MAX_TEMPLATE_STATE_BYTES || (marker?.length ?? 0) > 127);
      if (tooDeep || tooManyTemplates) this.startCut(tooDeep ? 'nesting' : 'templates');
    }
    this.stack.push({ kind, open, cost, inExpression: false, ...(marker !== undefined ? { marker } : {}) });
    if (cost > 0) {
      this.templateContexts++;
      this.templateBytes += cost;
    }
  }

  /** Cuts the innermost value around the current position that can stand for an unknown. */
  private startCut(limit: HclCut['limit']): void {
    for (let k = this.stack.length - 1; k >= 1; k--) {
      if (isCuttable(this.stack[k]!.kind)) {
        this.cutting = k;
        this.cutLimit = limit;
        return;
      }
    }
  }

  private pop(close: number): void {
    const frame = this.stack.pop()!;
    if (frame.cost > 0) {
      this.templateContexts--;
      this.templateBytes -= frame.cost;
    }
    if (this.stack.length === this.cutting) {
      this.cuts.push({ start: frame.open, end: close, limit: this.cutLimit, kind: frame.kind });
      this.cutting = -1;
    }
  }

  /** Statements and expressions: comments, strings, heredocs and brackets. */
  private expression(): void {
    const text = this.text;
    const c = text[this.i]!;
    const next = text[this.i + 1];
    const top = this.top;
    if (c === '#' || (c === '/' && next === '/')) {
      const end = text.indexOf('\n', this.i);
      this.i = end < 0 ? text.length : end;
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', this.i + 2);
      this.i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      this.push(Kind.Quoted, this.i);
      this.i++;
    } else if (c === '<' && next === '<' && this.heredocStart()) {
      // heredocStart moved past the opening line.
    } else if (c === '{') {
      const block = top.kind === Kind.Body && !top.inExpression;
      this.push(block ? Kind.Body : Kind.Object, this.i);
      this.i++;
    } else if (c === '[' || c === '(') {
      this.push(c === '[' ? Kind.Bracket : Kind.Paren, this.i);
      this.i++;
    } else if (c === '}' || c === ']' || c === ')') {
      const expected = c === ']' ? [Kind.Bracket] : c === ')' ? [Kind.Paren] : [Kind.Body, Kind.Object, Kind.Interpolation];
      // A closer that matches nothing open is a syntax error for the parser to report; skip it.
      if (this.stack.length > 1 && expected.includes(top.kind)) this.pop(this.i);
      this.i++;
    } else if (c === '=' && top.kind === Kind.Body) {
      // `==`, `!=`, `<=`, `>=` and `=>` do not start a value, but they only occur after one anyway.
      top.inExpression = true;
      this.i++;
    } else if (text.charCodeAt(this.i) === NEWLINE && top.kind === Kind.Body) {
      top.inExpression = false;
      this.i++;
    } else {
      this.i++;
    }
  }

  /** `<<EOT` or `<<-EOT` at the cursor, then a line break: a heredoc opens on the next line. */
  private heredocStart(): boolean {
    HEREDOC_START.lastIndex = this.i;
    const match = HEREDOC_START.exec(this.text);
    if (!match) return false;
    this.push(Kind.Heredoc, this.i, match[2]);
    this.i += match[0].length;
    return true;
  }

  /** Inside `"…"`: escapes, `${`/`%{` (and their `$${`/`%%{` escapes), the closing quote. */
  private quoted(): void {
    const text = this.text;
    const c = text[this.i]!;
    if (c === '\\') this.i += 2;
    else if (c === '"') {
      this.pop(this.i);
      this.i++;
    } else if (c === '\n') {
      // A quoted string cannot span lines: the parser reports it; resynchronise at the line break.
      this.pop(this.i);
    } else this.templateMarker();
  }

  /** `${` or `%{` opens an interpolation or directive; `$${` and `%%{` are literal. */
  private templateMarker(): void {
    const text = this.text;
    const c = text[this.i];
    if ((c === '$' || c === '%') && text[this.i + 1] === c && text[this.i + 2] === '{') this.i += 3;
    else if ((c === '$' || c === '%') && text[this.i + 1] === '{') {
      this.push(Kind.Interpolation, this.i + 1);
      this.i += 2;
    } else this.i++;
  }

  /** One step inside a heredoc: at a line start, its closing marker ends it. */
  private heredocLine(): void {
    const text = this.text;
    const lineStart = this.i === 0 || text.charCodeAt(this.i - 1) === NEWLINE;
    if (lineStart) {
      const end = text.indexOf('\n', this.i);
      const line = text.slice(this.i, end < 0 ? text.length : end).trim();
      if (line === this.top.marker) {
        this.pop(this.i);
        this.i = end < 0 ? text.length : end;
        return;
      }
    }
    this.templateMarker();
  }
}

/**
 * `text[start..end)` blanked, line breaks kept, with `head` written at its start. The blanks are a
 * block comment when there is room: one token for the parser, where 100,000 line breaks left in a
 * block body are 100,000 tokens.
 */
function blanked(text: string, start: number, end: number, head: string): string {
  const blanks = text.slice(start, end).replace(/[^\r\n]/g, ' ');
  if (end - start < head.length + 4) return head + blanks.slice(head.length);
  return `${head}/*${blanks.slice(head.length + 2, -2)}*/`;
}

/**
 * The text to hand tree-sitter, with every value past the limits replaced (see above), and where.
 * An interpolation keeps its `${` and `}` around `x`; a tuple, object or parenthesised expression
 * becomes `x` as a whole; a block body becomes empty.
 */
export function prescanHcl(text: string): HclPrescan {
  const scanner = new Scanner(text);
  scanner.run();
  if (scanner.cuts.length === 0) return { text, cuts: [] };
  // A cut can enclose an earlier one (a frame is cut after something inside it was): keep the outer.
  const sorted = [...scanner.cuts].sort((a, b) => a.start - b.start || b.end - a.end);
  let reach = -1;
  const kept = sorted.filter((cut) => {
    if (cut.end <= reach) return false;
    reach = cut.end;
    return true;
  });
  const parts: string[] = [];
  let at = 0;
  for (const cut of kept) {
    // Interpolations and block bodies keep their delimiters; the others are replaced whole.
    const [from, to, head] =
      cut.kind === Kind.Interpolation ? [cut.start + 1, cut.end, 'x'] : cut.kind === Kind.Body ? [cut.start + 1, cut.end, ''] : [cut.start, cut.end + 1, 'x'];
    parts.push(text.slice(at, from), blanked(text, from, to, head));
    at = to;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), cuts: kept.map(({ start, end, limit }) => ({ start, end: end + 1, limit })) };
}
