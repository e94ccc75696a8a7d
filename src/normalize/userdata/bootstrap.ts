/**
 * The kubelet flags an Amazon Linux 2 EKS node's user data passes to `/etc/eks/bootstrap.sh`
 * (awslabs/amazon-eks-ami). The script takes them from `--kubelet-extra-args '<flags>'` (a separate
 * word: its option loop matches `--kubelet-extra-args` exactly, so `--kubelet-extra-args=<flags>`
 * is not an option there) and otherwise from the `KUBELET_EXTRA_ARGS` environment variable
 * (`export KUBELET_EXTRA_ARGS=...` earlier in the script, or an assignment before the command).
 * systemd splits the flags on blanks when it starts the kubelet.
 */
import type { FlagWord } from '../kubelet/settings.js';
import type { LocatedText } from './located-text.js';
import { shellCommands, type ShellCommand, type ShellWord } from './shell.js';

const BOOTSTRAP = /(^|\/)etc\/eks\/bootstrap\.sh$/;
/** Words that may run the script: `sudo /etc/eks/bootstrap.sh`, `bash -x /etc/eks/bootstrap.sh`. */
const WRAPPERS = new Set(['sudo', 'bash', 'sh', 'exec', 'env', 'nohup', 'time', 'command']);
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/;
const EXTRA_ARGS_VARIABLE = 'KUBELET_EXTRA_ARGS';

/** One call of bootstrap.sh: the kubelet flags it passes on (none when it passes none). */
export interface BootstrapCall {
  flags: FlagWord[];
}

export function bootstrapCalls(script: LocatedText): BootstrapCall[] {
  const calls: BootstrapCall[] = [];
  let exported: FlagWord[] | undefined;
  for (const command of shellCommands(script.text)) {
    const exportedNow = exportedExtraArgs(command, script);
    if (exportedNow !== undefined) {
      exported = exportedNow;
      continue;
    }
    const at = bootstrapWordIndex(command);
    if (at < 0) continue;
    const prefixWord = command.slice(0, at).find((w) => ASSIGNMENT.exec(w.value)?.[1] === EXTRA_ARGS_VARIABLE);
    const fromPrefix = prefixWord && flagWords(prefixWord, script, EXTRA_ARGS_VARIABLE.length + 1);
    const args = command.slice(at + 1);
    const option = args.findIndex((w) => w.value === '--kubelet-extra-args');
    const value = option >= 0 ? args[option + 1] : undefined;
    calls.push({ flags: value ? flagWords(value, script, 0) : (fromPrefix ?? exported ?? []) });
  }
  return calls;
}

function bootstrapWordIndex(command: ShellCommand): number {
  for (const [i, word] of command.entries()) {
    if (BOOTSTRAP.test(word.value)) return i;
    if (!WRAPPERS.has(word.value) && !word.value.startsWith('-') && !ASSIGNMENT.test(word.value)) return -1;
  }
  return -1;
}

/** `export KUBELET_EXTRA_ARGS="..."`: the flags it holds, or undefined for any other command. */
function exportedExtraArgs(command: ShellCommand, script: LocatedText): FlagWord[] | undefined {
  if (command[0]?.value !== 'export') return undefined;
  const word = command.slice(1).find((w) => ASSIGNMENT.exec(w.value)?.[1] === EXTRA_ARGS_VARIABLE);
  return word ? flagWords(word, script, EXTRA_ARGS_VARIABLE.length + 1) : undefined;
}

/** The blank-separated words of a word's value from `from` on, each located in the script. */
function flagWords(word: ShellWord, script: LocatedText, from: number): FlagWord[] {
  const out: FlagWord[] = [];
  for (const match of word.value.slice(from).matchAll(/[^ \t\r\n]+/g)) {
    const start = from + (match.index ?? 0);
    const end = start + match[0].length;
    out.push({ text: match[0], range: script.locate(word.offsets[start]!, word.offsets[end - 1]! + 1) });
  }
  return out;
}
