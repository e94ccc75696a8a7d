#!/usr/bin/env node
// The GitHub Action's path for a run that could not finish (bin/github-action.sh): writes an empty
// SARIF log carrying the error, appends a summary saying so, and prints an error annotation.
// Usage: github-action-failure.js <exit code> <file holding eks-lint's standard error> <sarif file>
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { failureAnnotation, failureSarif, failureSummary } from '../dist/report/run-failure.js';
import { packageVersion } from '../dist/version.js';

const [exitCode, errorFile, sarifFile] = process.argv.slice(2);
let message = '';
try {
  message = readFileSync(errorFile, 'utf8').trim();
} catch {
  // No standard error captured: the exit code alone says it failed.
}
const failure = { message: message || `eks-lint exited with code ${exitCode}`, exitCode: Number(exitCode), version: packageVersion() };
writeFileSync(sarifFile, failureSarif(failure));
if (process.env.GITHUB_STEP_SUMMARY) appendFileSync(process.env.GITHUB_STEP_SUMMARY, failureSummary(failure));
process.stdout.write(failureAnnotation(failure));
