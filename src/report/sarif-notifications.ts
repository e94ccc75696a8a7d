import { ANALYSIS_LIMIT, FILE_TOO_LARGE, PARSE_ERROR, SKIPPED_FILE } from '../model/finding.js';

/**
 * A `tool.driver.notifications[]` descriptor. GitHub code scanning requires `fullDescription` and
 * `help` on every reportingDescriptor, notifications included (the SARIF Multitool's rule GH2012).
 */
export interface SarifNotificationDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string; markdown: string };
}

function descriptor(id: string, name: string, short: string, full: string, help: string): SarifNotificationDescriptor {
  return { id, name, shortDescription: { text: short }, fullDescription: { text: full }, help: { text: help, markdown: help } };
}

/** Descriptors of the notifications eks-lint reports about its inputs rather than about the code in them. */
export const NOTIFICATION_DESCRIPTORS: readonly SarifNotificationDescriptor[] = [
  descriptor(
    PARSE_ERROR,
    'ParseError',
    'A file could not be read or parsed; it was not (fully) analysed.',
    'eks-lint could not read this file, or its syntax is invalid for the format it was recognised as. Resources after the error were not checked, so the file may hide findings.',
    'Fix the syntax at the reported position (the message names the parser\'s complaint) and run eks-lint again. If the file is not infrastructure code, exclude it in .eks-lint.yaml.',
  ),
  descriptor(
    SKIPPED_FILE,
    'SkippedFile',
    'A file was read but deliberately not analysed.',
    'eks-lint read this file but left it out on purpose, for instance a Helm chart template, whose content is only known once Helm renders it. Nothing in it was checked.',
    'No action is needed if the file is not meant to be checked. To check what it produces, render it first (helm template) and lint the rendered manifests.',
  ),
  descriptor(
    FILE_TOO_LARGE,
    'FileTooLarge',
    'A file was over the size limit (maxFileSize), so it was not read.',
    'The file is larger than the maxFileSize limit (5 MB unless configured), which bounds the work eks-lint does on untrusted input. It was not read, so it was not checked.',
    'Raise maxFileSize in .eks-lint.yaml if the file is genuine infrastructure code, or exclude it there if it is generated data.',
  ),
  descriptor(
    ANALYSIS_LIMIT,
    'AnalysisLimit',
    'A value was left unknown because a limit of the analysis was hit.',
    'eks-lint bounds the work it does on untrusted input: nesting depth, chains of references, evaluation steps. A value past such a limit is unknown, and no rule judges it; the rest of the file is still checked.',
    'Simplify the expression at the reported position (fewer nested interpolations, a shorter chain of locals) if the value should be checked.',
  ),
];
