import { oneLine } from './text.js';

/**
 * GitHub-flavoured Markdown for literal inline text: backslash-escapes what starts emphasis,
 * links, code, tables, headings, HTML and emoji shortcodes (`:us:` in an ARN), and breaks
 * `@mention` / `#123` autolinks with a zero-width space, so that text from scanned files can
 * neither format a comment nor ping anyone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_[\]<>|~#:]/g, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/([@#])(?=[\p{L}\p{N}_])/gu, '$1\u200b');
}

/** Like escapeMarkdown, for text that starts a line: a leading list marker is escaped too. */
export function escapeMarkdownBlock(text: string): string {
  return escapeMarkdown(text)
    .replace(/^(\s*)([-+=])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** Rule-authored text: its `code spans` stay code, everything else is escaped (as a block start when asked). */
export function ruleMarkdown(text: string, block = false): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, index) => (index % 2 === 1 ? part : block && index === 0 ? escapeMarkdownBlock(part) : escapeMarkdown(part)))
    .join('');
}

/** One table cell: one line, escaped, pipes included (GFM splits cells on `|`). */
export function markdownText(text: string): string {
  return escapeMarkdown(oneLine(text));
}

/** A code span for identifiers and paths; plain escaped text when the text holds a backtick. */
export function markdownCode(text: string): string {
  const line = oneLine(text);
  return line.includes('`') || line === '' ? escapeMarkdown(line) : `\`${line.replace(/\|/g, '\\|')}\``;
}

/** An inline link whose destination cannot end early or break a table. */
export function markdownLink(label: string, url: string): string {
  return `[${label}](<${url.replace(/[<>\s|]/g, (c) => encodeURIComponent(c))}>)`;
}
