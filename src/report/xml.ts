import { visibleEscape } from './text.js';

/**
 * Characters XML 1.0 does not allow at all (C0 controls other than tab, LF and CR — ANSI escapes
 * included —, lone surrogates, U+FFFE, U+FFFF): they are written as visible `\x1b`-style text.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#9;',
  '\n': '&#10;',
  '\r': '&#13;',
};

/** Escaped attribute value: tab, LF and CR as character references, which attribute normalisation keeps. */
export function xmlAttribute(value: string): string {
  return value.replace(NOT_XML, visibleEscape).replace(/[&<>"'\t\n\r]/g, (c) => ENTITIES[c] ?? c);
}

/** Escaped text content: newlines and tabs stay, CR is a reference so that it survives parsing. */
export function xmlText(value: string): string {
  return value.replace(NOT_XML, visibleEscape).replace(/[&<>"'\r]/g, (c) => ENTITIES[c] ?? c);
}

export type XmlAttributes = Record<string, string | number | undefined>;

export interface XmlElement {
  name: string;
  attributes?: XmlAttributes;
  children?: XmlElement[];
  text?: string;
}

function render(node: XmlElement, depth: number): string {
  const indent = '  '.repeat(depth);
  const attributes = Object.entries(node.attributes ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${xmlAttribute(String(value))}"`)
    .join('');
  const open = `${indent}<${node.name}${attributes}`;
  if (node.text !== undefined) return `${open}>${xmlText(node.text)}</${node.name}>\n`;
  if (!node.children?.length) return `${open}/>\n`;
  return `${open}>\n${node.children.map((child) => render(child, depth + 1)).join('')}${indent}</${node.name}>\n`;
}

/** An XML 1.0 document, indented by two spaces; element and attribute names are trusted. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}`;
}
