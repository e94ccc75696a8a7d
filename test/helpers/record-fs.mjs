/**
 * Preload (`node --import`) that appends to $EKS_LINT_FS_LOG every path the process asks the file
 * system about (read, open, stat, list, watch...), through node:fs in all its forms (callback,
 * sync, promises) and for the modules that captured those functions when they loaded.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const log = process.env.EKS_LINT_FS_LOG;
const append = fs.appendFileSync;
const PATH_FUNCTIONS = [
  'access', 'createReadStream', 'exists', 'lstat', 'open', 'opendir', 'readFile', 'readdir', 'readlink', 'realpath', 'stat', 'statfs', 'watch', 'watchFile', 'cp', 'copyFile',
];

function record(path) {
  if (!log) return;
  const text = typeof path === 'string' ? path : path instanceof URL ? path.pathname : Buffer.isBuffer(path) ? path.toString() : undefined;
  if (text !== undefined && text !== log) append(log, `${text}\n`);
}

function wrap(target, name) {
  const original = target[name];
  if (typeof original !== 'function') return;
  const wrapped = function (path, ...rest) {
    record(path);
    return original.call(this, path, ...rest);
  };
  Object.defineProperties(wrapped, Object.getOwnPropertyDescriptors(original));
  target[name] = wrapped;
}

for (const name of PATH_FUNCTIONS) {
  wrap(fs, name);
  wrap(fs, `${name}Sync`);
  wrap(fs.promises, name);
}
wrap(fs.realpath, 'native');
wrap(fs.realpathSync, 'native');
syncBuiltinESMExports();
