/**
 * EC2 user data as the instance reads it: base64 decoded when it is base64 (what `base64encode`
 * and `Fn::Base64` give), split into its parts when it is a MIME multipart document, and each part
 * classified by its content type or, without one, by its content. Nothing is run.
 */
import { LocatedText } from './located-text.js';

/**
 * EC2 accepts at most 16 KiB of user data before base64 encoding; more than four times that is not
 * user data EC2 would take, and is not read at all (no finding can come from it).
 */
export const MAX_USER_DATA_CHARS = 64 * 1024;

/** Multipart documents nested deeper than this are not read. */
const MAX_MIME_DEPTH = 3;

export type UserDataPartKind = 'shell' | 'nodeconfig' | 'bottlerocket' | 'cloud-config' | 'other';

export interface UserDataPart {
  kind: UserDataPartKind;
  text: LocatedText;
}

/** The parts of user data, or undefined when it cannot be read (too large, compressed). */
export function userDataParts(value: LocatedText): UserDataPart[] | undefined {
  return partsOf(value, undefined, 0);
}

function partsOf(value: LocatedText, contentType: string | undefined, depth: number): UserDataPart[] | undefined {
  if (value.text.length > MAX_USER_DATA_CHARS) return undefined;
  const decoded = decodedBase64(value);
  if (decoded === null) return undefined;
  const text = decoded ?? value;
  const mime = contentType === undefined ? mimeHeaders(text.text) : undefined;
  const type = contentType ?? mime?.contentType;
  const boundary = type && /^multipart\//i.test(type) ? /boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))/i.exec(type) : undefined;
  if (boundary) {
    if (depth >= MAX_MIME_DEPTH) return undefined;
    const body = mime ? text.slice(mime.bodyStart, text.text.length) : text;
    return multipartParts(body, boundary[1] ?? boundary[2] ?? '', depth);
  }
  const body = mime ? text.slice(mime.bodyStart, text.text.length) : text;
  return [{ kind: kindOf(type, body.text), text: body }];
}

/**
 * Base64 text decoded (its characters then have no place in the outer file), undefined when the
 * text is not base64, null when it decodes to something that is not text (gzip, for one).
 */
function decodedBase64(value: LocatedText): LocatedText | undefined | null {
  const text = base64Text(value.text);
  return text === undefined || text === null ? text : LocatedText.unplaced(text, value.at);
}

/** The text base64 stands for: undefined when it is not base64, null when it is not text. */
export function base64Text(value: string): string | undefined | null {
  const compact = value.replace(/\s+/g, '');
  if (compact.length < 8 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return null;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // Letters that happen to be valid base64 decode to control characters: they were text already.
  return /[\x00-\x08\x0e-\x1f\x7f]/.test(text) ? undefined : text;
}

/** The headers at the start of a MIME document (`Content-Type: ...` lines up to a blank line). */
function mimeHeaders(text: string): { contentType?: string; bodyStart: number } | undefined {
  if (!/^(MIME-Version|Content-Type)\s*:/i.test(text)) return undefined;
  return headersAt(text, 0);
}

function headersAt(text: string, start: number): { contentType?: string; bodyStart: number } {
  const headers: Record<string, string> = {};
  let offset = start;
  let last: string | undefined;
  while (offset < text.length) {
    const end = text.indexOf('\n', offset);
    const line = text.slice(offset, end < 0 ? text.length : end).replace(/\r$/, '');
    offset = end < 0 ? text.length : end + 1;
    if (line.trim() === '') break;
    if (/^[ \t]/.test(line) && last) headers[last] += ' ' + line.trim();
    else {
      const match = /^([A-Za-z0-9-]+)\s*:\s*(.*)$/.exec(line);
      if (!match) break;
      last = match[1]!.toLowerCase();
      headers[last] = match[2]!;
    }
  }
  return {
    ...(headers['content-type'] !== undefined ? { contentType: headers['content-type'] } : {}),
    bodyStart: offset,
  };
}

/** The parts between `--boundary` lines, each with its own headers. */
function multipartParts(body: LocatedText, boundary: string, depth: number): UserDataPart[] | undefined {
  if (boundary === '') return undefined;
  const text = body.text;
  const delimiter = `--${boundary}`;
  const starts: { lineStart: number; afterLine: number; closing: boolean }[] = [];
  let offset = 0;
  while (offset <= text.length) {
    const end = text.indexOf('\n', offset);
    const line = text.slice(offset, end < 0 ? text.length : end).replace(/\r$/, '').trimEnd();
    if (line === delimiter || line === `${delimiter}--`) starts.push({ lineStart: offset, afterLine: end < 0 ? text.length : end + 1, closing: line.endsWith('--') && line !== delimiter });
    if (end < 0) break;
    offset = end + 1;
  }
  const parts: UserDataPart[] = [];
  for (let k = 0; k < starts.length - 1; k++) {
    const open = starts[k]!;
    if (open.closing) break;
    const close = starts[k + 1]!;
    const headers = headersAt(text, open.afterLine);
    // The line break before a delimiter belongs to the delimiter (RFC 2046).
    const bodyEnd = Math.max(headers.bodyStart, close.lineStart - (text[close.lineStart - 2] === '\r' ? 2 : 1));
    const partBody = body.slice(headers.bodyStart, bodyEnd);
    // A base64 body (`Content-Transfer-Encoding: base64`) is decoded like any base64 user data.
    const read = partsOf(partBody, headers.contentType ?? 'text/plain', depth + 1);
    if (read) parts.push(...read);
  }
  return parts;
}

function kindOf(contentType: string | undefined, text: string): UserDataPartKind {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/x-shellscript') return 'shell';
  if (type === 'application/node.eks.aws') return 'nodeconfig';
  if (type === 'text/cloud-config') return 'cloud-config';
  if (/^#!/.test(text)) return 'shell';
  if (/^#cloud-config/.test(text)) return 'cloud-config';
  // Bottlerocket: a `[settings...]` table, or dotted `settings.x.y = ...` keys.
  if (/^\s*\[settings[.\]]/m.test(text) || /^\s*settings\.[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\s*=/m.test(text)) return 'bottlerocket';
  if (/^\s*["']?apiVersion["']?\s*:\s*["']?node\.eks\.aws\//m.test(text)) return 'nodeconfig';
  if (/\/etc\/eks\/bootstrap\.sh/.test(text)) return 'shell';
  return 'other';
}
