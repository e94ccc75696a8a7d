/**
 * HCL's string escapes, shared by the HCL parser and Terraform JSON (whose strings are templates
 * too). Pure string functions: no parser needed.
 */

const QUOTED_ESCAPE = /\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([nrt"\\]))|\$\$\{|%%\{/g;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** Decodes HCL's quoted-string escapes; an invalid escape (a syntax error in HCL) is kept as written. */
export function decodeQuoted(raw: string): string {
  return raw.replace(QUOTED_ESCAPE, (match, u4: string | undefined, u8: string | undefined, simple: string | undefined) => {
    if (match === '$${') return '${';
    if (match === '%%{') return '%{';
    if (simple !== undefined) return SIMPLE_ESCAPES[simple] ?? match;
    const code = parseInt(u4 ?? u8 ?? '', 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : match;
  });
}

/** `$${` and `%%{` are how a template writes a literal `${` or `%{`. */
export function unescapeTemplateMarkers(raw: string): string {
  return raw.replace(/\$\$\{|%%\{/g, (escape) => escape.slice(1));
}

/** `<<-` heredocs: removes the smallest indentation of the non-blank lines from every line, as HCL does. */
export function stripHeredocIndent(content: string): string {
  const lines = content.split('\n');
  const indents = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)?.[0].length ?? 0);
  // A loop rather than Math.min(...indents), which overflows the stack on very long heredocs.
  const strip = indents.reduce((min, n) => Math.min(min, n), indents[0] ?? 0);
  return lines.map((l) => l.slice(Math.min(strip, /^[ \t]*/.exec(l)?.[0].length ?? 0))).join('\n');
}
