import type { Rule } from '../engine/rule.js';
import type { Finding } from '../model/finding.js';
import { fixHints } from './fix-hints.js';
import { engineTitle } from './rule-meta.js';
import { escapeMarkdown, markdownLink, ruleMarkdown } from './markdown-text.js';
import { ruleDocsPage, ruleDocsUrl } from './rule-docs.js';
import { SARIF_LEVEL, SECURITY_SEVERITY } from './severity.js';

/** GitHub accepts at most 20 tags per rule (and shows 10). */
const MAX_TAGS = 20;

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  helpUri?: string;
  help: { text: string; markdown?: string };
  defaultConfiguration: { level: 'error' | 'warning' | 'note' };
  properties?: { tags: string[]; precision: 'very-high' | 'high' | 'medium' | 'low'; 'security-severity': string };
}

/** `eks-public-endpoint-unrestricted` → `EksPublicEndpointUnrestricted` (SARIF wants a name unlike the id). */
function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function helpText(rule: Rule): string {
  const fixes = fixHints(rule).map(([label, text]) => `- ${label ? `${label}: ` : ''}${text}`);
  return [
    rule.description,
    `How to fix:\n${fixes.join('\n')}`,
    `CIS Amazon EKS Benchmark: ${rule.cis.join(', ')}`,
    `EKS Best Practices Guide: ${rule.bestPractice}`,
  ].join('\n\n');
}

/** GitHub shows `help.markdown` beside an alert: the rule's page when it has one, so the full explanation travels with the SARIF file. */
function helpMarkdown(rule: Rule): string {
  const page = ruleDocsPage(rule);
  if (page !== undefined) return page;
  const fixes = fixHints(rule).map(([label, text]) => `- ${label ? `**${escapeMarkdown(label)}**: ` : ''}${ruleMarkdown(text)}`);
  return [
    ruleMarkdown(rule.description, true),
    `**How to fix**\n\n${fixes.join('\n')}`,
    `**CIS Amazon EKS Benchmark**: ${escapeMarkdown(rule.cis.join(', '))}`,
    markdownLink('EKS Best Practices Guide', rule.bestPractice),
  ].join('\n\n');
}

export function sarifRule(rule: Rule): SarifRule {
  const tags = [...new Set(['security', ...(rule.tags ?? []), ...rule.cis.map((id) => `CIS-${id}`)])].slice(0, MAX_TAGS);
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    helpUri: ruleDocsUrl(rule) ?? rule.bestPractice,
    help: { text: helpText(rule), markdown: helpMarkdown(rule) },
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { tags, precision: 'high', 'security-severity': SECURITY_SEVERITY[rule.severity] },
  };
}

/** A descriptor for a finding whose rule is not among the loaded rules, so that every result has one. */
export function sarifFallbackRule(finding: Finding): SarifRule {
  const title = engineTitle(finding.ruleId) ?? finding.ruleId;
  return {
    id: finding.ruleId,
    name: pascalCase(finding.ruleId),
    shortDescription: { text: title },
    fullDescription: { text: title },
    help: { text: finding.fix ?? finding.ruleId },
    defaultConfiguration: { level: SARIF_LEVEL[finding.severity] },
  };
}
