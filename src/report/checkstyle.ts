import type { Finding } from '../model/finding.js';
import type { ReportContext } from './context.js';
import { groupBy, sortFindings } from './order.js';
import { displayPath } from './paths.js';
import { messageWithFix } from './text.js';
import { type XmlElement, xmlDocument } from './xml.js';

function errorElement(finding: Finding): XmlElement {
  return {
    name: 'error',
    attributes: {
      line: finding.range.line,
      column: finding.range.column,
      severity: finding.severity,
      message: messageWithFix(finding),
      source: `eks-lint.${finding.ruleId}`,
    },
  };
}

/**
 * Checkstyle XML, as ESLint's checkstyle formatter writes it: every scanned file, each with one
 * `<error>` per finding (severity error, warning or info; source `eks-lint.<rule-id>`).
 */
export function formatCheckstyle(context: ReportContext): string {
  const byFile = groupBy(sortFindings(context.findings), (finding) => finding.file);
  const files = [...new Set([...context.files, ...byFile.keys()])].sort().map(
    (file): XmlElement => ({
      name: 'file',
      attributes: { name: displayPath(file, context.cwd) },
      children: (byFile.get(file) ?? []).map(errorElement),
    }),
  );
  return xmlDocument({ name: 'checkstyle', attributes: { version: '4.3' }, children: files });
}
