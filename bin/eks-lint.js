#!/usr/bin/env node
// `--version` and `--help` print a string: answer them without loading the linter.
const { fastPathOutput } = await import('../dist/cli-fast-path.js');
const argv = process.argv.slice(2);
const output = fastPathOutput(argv);
if (output !== undefined) {
  process.stdout.write(output);
} else {
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(argv);
}
