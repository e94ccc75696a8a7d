/**
 * Reads a shell script the way the shell would split it into commands and words, without running
 * anything: quotes and escapes are removed, comments skipped, and every expansion (`$x`, `${x}`,
 * `$(...)`, backquotes) stands for an unknown value (one `HOLE`). Each character of a word's value
 * keeps the offset in the script it came from, so that text inside quotes can be located exactly.
 * Control flow is not interpreted: a command inside `if` or a function counts as a command.
 */
import { HOLE } from './located-text.js';

export interface ShellWord {
  /** The word as the command receives it. */
  value: string;
  /** For each character of `value`, its offset in the script. */
  offsets: number[];
  /** Whether part of the word was quoted (a quoted word is never a keyword or an assignment). */
  quoted: boolean;
}

export type ShellCommand = ShellWord[];

/** Operators that end a command. */
const COMMAND_END = new Set([';', '&', '|', '(', ')', '\n']);
/** Characters that end a word. */
const WORD_END = new Set([' ', '\t', '\r', '<', '>', ...COMMAND_END]);

/** The commands of a script, each its list of words, in order. */
export function shellCommands(script: string): ShellCommand[] {
  return new ShellReader(script).read();
}

class ShellReader {
  private i = 0;
  private readonly commands: ShellCommand[] = [];
  private current: ShellWord[] = [];
  /** Here-documents whose bodies start after the current line: their end markers. */
  private pendingHeredocs: { marker: string; stripTabs: boolean }[] = [];

  constructor(private readonly s: string) {}

  read(): ShellCommand[] {
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (c === ' ' || c === '\t' || c === '\r') this.i++;
      else if (c === '\\' && this.s[this.i + 1] === '\n') this.i += 2;
      else if (c === '\n') {
        this.i++;
        this.endCommand();
        this.skipHeredocBodies();
      } else if (COMMAND_END.has(c)) {
        this.i++;
        this.endCommand();
      } else if (c === '<' || c === '>') this.redirection();
      else if (c === '#') this.skipComment();
      else this.current.push(this.word());
    }
    this.endCommand();
    return this.commands;
  }

  private endCommand(): void {
    if (this.current.length > 0) this.commands.push(this.current);
    this.current = [];
  }

  private skipComment(): void {
    while (this.i < this.s.length && this.s[this.i] !== '\n') this.i++;
  }

  /** `<`, `>`, `>>`, `<<`, `<<-`, `<<<`, `2>&1`...: the target word is read and dropped; `<<` starts a here-document. */
  private redirection(): void {
    const start = this.i;
    while (this.s[this.i] === '<' || this.s[this.i] === '>' || this.s[this.i] === '&') this.i++;
    const op = this.s.slice(start, this.i);
    const stripTabs = op === '<<' && this.s[this.i] === '-';
    if (stripTabs) this.i++;
    while (this.s[this.i] === ' ' || this.s[this.i] === '\t') this.i++;
    if (this.i >= this.s.length || WORD_END.has(this.s[this.i]!)) return;
    const target = this.word();
    if (op === '<<') this.pendingHeredocs.push({ marker: target.value, stripTabs });
  }

  /** Here-document bodies are data, not commands: skipped up to their end markers. */
  private skipHeredocBodies(): void {
    for (const { marker, stripTabs } of this.pendingHeredocs) {
      while (this.i < this.s.length) {
        const end = this.s.indexOf('\n', this.i);
        const line = this.s.slice(this.i, end < 0 ? this.s.length : end).replace(/\r$/, '');
        this.i = end < 0 ? this.s.length : end + 1;
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === marker) break;
      }
    }
    this.pendingHeredocs = [];
  }

  private word(): ShellWord {
    const word: ShellWord = { value: '', offsets: [], quoted: false };
    const add = (ch: string, at: number) => {
      word.value += ch;
      word.offsets.push(at);
    };
    while (this.i < this.s.length) {
      const c = this.s[this.i]!;
      if (WORD_END.has(c)) break;
      if (c === '\\') {
        if (this.s[this.i + 1] === '\n') this.i += 2;
        else if (this.i + 1 < this.s.length) {
          add(this.s[this.i + 1]!, this.i + 1);
          this.i += 2;
        } else this.i++;
      } else if (c === "'") {
        word.quoted = true;
        const end = this.s.indexOf("'", this.i + 1);
        const stop = end < 0 ? this.s.length : end;
        for (let k = this.i + 1; k < stop; k++) add(this.s[k]!, k);
        this.i = stop + 1;
      } else if (c === '"') {
        word.quoted = true;
        this.i++;
        this.doubleQuoted(add);
      } else if (c === '$' || c === '`') {
        if (!this.expansion(add)) add(c, this.i++);
      } else add(c, this.i++);
    }
    return word;
  }

  private doubleQuoted(add: (ch: string, at: number) => void): void {
    while (this.i < this.s.length && this.s[this.i] !== '"') {
      const c = this.s[this.i]!;
      if (c === '\\' && '$`"\\\n'.includes(this.s[this.i + 1] ?? '')) {
        if (this.s[this.i + 1] !== '\n') add(this.s[this.i + 1]!, this.i + 1);
        this.i += 2;
      } else if ((c === '$' || c === '`') && this.expansion(add)) continue;
      else add(c, this.i++);
    }
    this.i++;
  }

  /** An expansion at `i`: one unknown character, located at its `$`. False when `$` is literal. */
  private expansion(add: (ch: string, at: number) => void): boolean {
    const start = this.i;
    const c = this.s[start];
    const next = this.s[start + 1] ?? '';
    let end: number;
    if (c === '`') end = this.closing(start + 1, '`', '`');
    else if (next === '{') end = this.closing(start + 2, '{', '}');
    else if (next === '(') end = this.closing(start + 2, '(', ')');
    else if (/[A-Za-z_]/.test(next)) {
      end = start + 1;
      while (/[A-Za-z0-9_]/.test(this.s[end] ?? '')) end++;
    } else if (/[0-9@*#?$!-]/.test(next)) end = start + 2;
    else return false;
    add(HOLE, start);
    this.i = end;
    return true;
  }

  /** The offset just after the `close` that matches an opening before `from` (nesting counted). */
  private closing(from: number, open: string, close: string): number {
    let depth = 1;
    for (let k = from; k < this.s.length; k++) {
      const c = this.s[k];
      if (c === '\\') k++;
      else if (c === close && --depth === 0) return k + 1;
      else if (c === open && open !== close) depth++;
    }
    return this.s.length;
  }
}
