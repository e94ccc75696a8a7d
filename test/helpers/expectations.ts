import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Expected findings of a fixture, written next to the code they are about: a comment
 * `# expect: <rule-id>[, <rule-id>]` (or `// expect:`) at the end of the line the finding must be on,
 * or, for JSON, which has no comments, a sidecar `<file>.expect` with `<rule-id> <line>` lines.
 */
export interface Expectation {
  ruleId: string;
  file: string;
  line: number;
}

const MARKER = /(?:#|\/\/)\s*expect:\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\s*$/;

function filesUnder(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

export function expectationsOf(path: string, root: string): Expectation[] {
  return filesUnder(path)
    .filter((file) => !file.endsWith('.expect'))
    .flatMap((file) => {
      const rel = relative(root, file);
      const fromMarkers = readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((text, index) => {
          const match = MARKER.exec(text);
          return match?.[1] ? match[1].split(',').map((id) => ({ ruleId: id.trim(), file: rel, line: index + 1 })) : [];
        });
      const sidecar = `${file}.expect`;
      const fromSidecar = existsSync(sidecar)
        ? readFileSync(sidecar, 'utf8')
            .split('\n')
            .filter((l) => l.trim() !== '')
            .map((l) => {
              const [ruleId = '', line = '0'] = l.trim().split(/\s+/);
              return { ruleId, file: rel, line: Number(line) };
            })
        : [];
      return [...fromMarkers, ...fromSidecar];
    });
}

export function key(e: Expectation): string {
  return `${e.ruleId} ${e.file}:${e.line}`;
}
