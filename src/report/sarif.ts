import { pathToFileURL } from 'node:url';
import { type Finding, SKIPPED_FILE } from '../model/finding.js';
import type { Range } from '../model/range.js';
import type { ReportContext } from './context.js';
import { FINGERPRINT_KEY, fingerprint } from './fingerprint.js';
import { sortFindings } from './order.js';
import { NOTIFICATION_DESCRIPTORS, type SarifNotificationDescriptor } from './sarif-notifications.js';
import { relativePath } from './paths.js';
import { isInputNote } from './rule-meta.js';
import { type SarifRule, sarifFallbackRule, sarifRule } from './sarif-rules.js';
import { SARIF_LEVEL } from './severity.js';
import { inertJson, messageWithFix } from './text.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/eks-lint/eks-lint';
const SRCROOT = '%SRCROOT%';

type Level = 'error' | 'warning' | 'note';

export interface SarifLocation {
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: { resource?: string; pointer?: string; format?: string; cis?: string[] };
  /** Present on a result that a suppression in the source covers (SARIF 2.1.0 §3.27.23). */
  suppressions?: SarifSuppression[];
  /** The `module` calls leading to a resource inside a Terraform module (SARIF 2.1.0 §3.27.22). */
  relatedLocations?: (SarifLocation & { id: number; message: { text: string } })[];
}

export interface SarifSuppression {
  kind: 'inSource';
  justification?: string;
  /** Where the suppression is written. */
  location: SarifLocation;
  properties: { source: string; syntax: string };
}

export interface SarifNotification {
  level: Level;
  message: { text: string };
  locations: SarifLocation[];
  descriptor: { id: string; index: number };
}

/** The subset of SARIF 2.1.0 eks-lint writes. */
export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: {
    tool: {
      driver: {
        name: string;
        semanticVersion: string;
        informationUri: string;
        rules: SarifRule[];
        notifications: SarifNotificationDescriptor[];
      };
    };
    invocations: { executionSuccessful: boolean; workingDirectory: { uri: string }; toolExecutionNotifications: SarifNotification[] }[];
    originalUriBaseIds: Record<string, { uri: string }>;
    columnKind: 'utf16CodeUnits';
    results: SarifResult[];
  }[];
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Relative to %SRCROOT% (each segment percent-encoded) inside cwd; an absolute file:// URI outside. */
function artifactLocation(file: string, cwd: string): SarifLocation['physicalLocation']['artifactLocation'] {
  const rel = relativePath(file, cwd);
  if (rel === undefined) return { uri: pathToFileURL(file).href };
  return { uri: rel.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

/** A SARIF region is 1-based, with endColumn exclusive, and never ends before it starts. */
function region(range: Range) {
  const startLine = Math.max(1, range.line);
  const startColumn = Math.max(1, range.column);
  const endLine = Math.max(startLine, range.endLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, range.endColumn) : Math.max(1, range.endColumn);
  return { startLine, startColumn, endLine, endColumn };
}

function location(at: { file: string; range: Range }, cwd: string): SarifLocation {
  return { physicalLocation: { artifactLocation: artifactLocation(at.file, cwd), region: region(at.range) } };
}

function suppressions(finding: Finding, cwd: string): { suppressions?: SarifSuppression[] } {
  if (!finding.suppressions?.length) return {};
  return {
    suppressions: finding.suppressions.map((s) => ({
      kind: s.kind,
      ...(s.justification !== undefined ? { justification: s.justification } : {}),
      location: location(s, cwd),
      properties: { source: s.source, syntax: s.syntax },
    })),
  };
}

function notification(finding: Finding, cwd: string): SarifNotification {
  const index = NOTIFICATION_DESCRIPTORS.findIndex((n) => n.id === finding.ruleId);
  return {
    level: finding.ruleId === SKIPPED_FILE ? 'note' : SARIF_LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [location(finding, cwd)],
    descriptor: { id: finding.ruleId, index },
  };
}

function result(finding: Finding, ruleIndex: number, cwd: string): SarifResult {
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[finding.severity],
    message: { text: messageWithFix(finding, '\n\n') },
    locations: [location(finding, cwd)],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding, cwd) },
    properties: {
      ...(finding.resource !== undefined ? { resource: finding.resource } : {}),
      ...(finding.pointer !== undefined ? { pointer: finding.pointer } : {}),
      ...(finding.format ? { format: finding.format } : {}),
      ...(finding.cis ? { cis: finding.cis } : {}),
    },
    ...suppressions(finding, cwd),
    ...(finding.relatedLocations?.length
      ? { relatedLocations: finding.relatedLocations.map((r, id) => ({ id, ...location(r, cwd), message: { text: r.message } })) }
      : {}),
  };
}

/**
 * SARIF 2.1.0 for GitHub code scanning: one run, every loaded rule as a descriptor, rule findings
 * as results (suppressed ones too, with their `suppressions`), and parse errors / skipped files as
 * tool execution notifications (the run itself still succeeded).
 */
export function formatSarif(context: ReportContext): string {
  const { cwd } = context;
  const findings = sortFindings([...context.findings, ...(context.suppressed ?? [])]);
  const rules: SarifRule[] = context.rules.map(sarifRule);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const indexOf = (finding: Finding): number => {
    let index = ruleIndex.get(finding.ruleId);
    if (index === undefined) {
      index = rules.push(sarifFallbackRule(finding)) - 1;
      ruleIndex.set(finding.ruleId, index);
    }
    return index;
  };
  const results = findings.filter((f) => !isInputNote(f)).map((f) => result(f, indexOf(f), cwd));
  const notifications = findings.filter(isInputNote).map((f) => notification(f, cwd));

  const log: SarifLog = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'eks-lint',
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules,
            notifications: [...NOTIFICATION_DESCRIPTORS],
          },
        },
        invocations: [
          { executionSuccessful: true, workingDirectory: { uri: directoryUri(cwd) }, toolExecutionNotifications: notifications },
        ],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return inertJson(JSON.stringify(log, null, 2)) + '\n';
}
