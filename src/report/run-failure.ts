/**
 * Reports for a run that could not finish (exit code 2: a bad option, configuration or baseline),
 * for the GitHub Action (bin/github-action.sh), whose later steps expect a SARIF file and a job
 * summary whatever happened: a valid SARIF log with no results and the error as a tool execution
 * notification (code scanning then shows the run as failed instead of the upload step failing),
 * a summary that says so, and an error annotation.
 */
import { workflowCommand } from './github.js';
import { escapeMarkdownBlock } from './markdown-text.js';
import { INFORMATION_URI, SARIF_SCHEMA } from './sarif.js';
import { escapeControl, inertJson } from './text.js';

export interface RunFailure {
  /** What eks-lint printed on standard error. */
  message: string;
  exitCode: number;
  version: string;
}

export function failureSarif(failure: RunFailure): string {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'eks-lint', semanticVersion: failure.version, informationUri: INFORMATION_URI, rules: [] } },
        invocations: [
          {
            executionSuccessful: false,
            exitCode: failure.exitCode,
            toolExecutionNotifications: [{ level: 'error', message: { text: failure.message } }],
          },
        ],
        results: [],
      },
    ],
  };
  return inertJson(JSON.stringify(log, null, 2)) + '\n';
}

export function failureSummary(failure: RunFailure): string {
  const lines = failure.message.split('\n').map((line) => `> ${escapeMarkdownBlock(escapeControl(line))}`);
  return `\n## eks-lint could not run\n\nNothing was checked: eks-lint exited with code ${failure.exitCode}.\n\n${lines.join('\n')}\n`;
}

export function failureAnnotation(failure: RunFailure): string {
  return workflowCommand('error', [['title', 'eks-lint could not run']], escapeControl(failure.message)) + '\n';
}
